#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "model/common/status.h"

struct sqlite3;

namespace sightline {

// One row of the `sources` table.
struct SourceInfo {
  std::int64_t id = 0;
  std::string path;
  std::string kind;  // format id, e.g. "otlp-proto"
  std::string sha256;
  std::uint64_t bytes = 0;
  std::int64_t importedAtUnixMs = 0;
  std::string status;  // "ok" (failed imports leave no row)
  std::string error;
};

// An open workspace file (SQLite, WAL). Creates and migrates the schema on open in
// read-write mode. In read-only mode a file of an older schema version is upgraded in
// memory only (overlaySchema): it reads like a current one and the file is not touched.
// Not thread-safe: one thread uses one Workspace at a time; the import writer opens its own
// connection to the same path.
class Workspace {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // `path` may be ":memory:" (tests). Returns null and fills `status` on failure.
  static std::unique_ptr<Workspace> open(const std::string& path, Mode mode, Status* status);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  sqlite3* db() const { return m_db; }
  const std::string& path() const { return m_path; }
  Mode mode() const { return m_mode; }
  // The file's schema version (`PRAGMA user_version`).
  int schemaVersion() const;
  // A read-only workspace whose file has an older schema version: the tables that version
  // lacks are empty stand-ins in memory. Importing into it needs a read-write open (which
  // upgrades the file).
  bool upgradedInMemory() const { return m_upgradedInMemory; }

  std::optional<SourceInfo> findSourceBySha256(const std::string& sha256) const;

 private:
  Workspace(sqlite3* db, std::string path, Mode mode);
  sqlite3* m_db = nullptr;
  std::string m_path;
  Mode m_mode;
  bool m_upgradedInMemory = false;
};

}  // namespace sightline
