#include "model/store/workspace.h"

#include <sqlite3.h>

#include "model/store/schema.h"
#include "model/store/schema_overlay.h"
#include "model/store/store_statement.h"
#include "model/traces/span_attribute_table.h"

namespace sightline {

namespace {

constexpr int kBusyTimeoutMs = 5000;

bool isMemoryPath(const std::string& path) {
  return path.empty() || path == ":memory:";
}

// SQLite keeps memory statistics by default, under a process-wide mutex taken on every
// allocation: with a live writer, a checkpointer and readers on their own threads that mutex
// was ~5 % of ingest's CPU samples. Nothing here reads the statistics. This only works before
// SQLite initialises, so the workspace's first open does it (later calls change nothing).
void turnOffSqliteMemoryStatistics() {
  static const bool done = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)done;
}

}  // namespace

std::unique_ptr<Workspace> Workspace::open(const std::string& path, Mode mode, Status* status) {
  auto fail = [status](std::string message) -> std::unique_ptr<Workspace> {
    if (status)
      *status = Status::error(std::move(message));
    return nullptr;
  };
  turnOffSqliteMemoryStatistics();
  registerSpanAttributeSqlOnEveryConnection();
  const bool memory = isMemoryPath(path);
  const int flags = mode == Mode::ReadOnly && !memory ? SQLITE_OPEN_READONLY
                                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  const std::string target = memory ? std::string(":memory:") : path;
  if (sqlite3_open_v2(target.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? lastSqliteError(db) : std::string("out of memory");
    sqlite3_close(db);
    return fail(path + ": cannot open workspace: " + message);
  }
  // Construct now so that every failure below closes the connection.
  std::unique_ptr<Workspace> workspace(new Workspace(db, path, mode));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  // The trace list and trace loads read pages all over the file: a larger cache and
  // memory-mapped reads avoid a read() system call per page.
  execSql(db, "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456");

  if (mode == Mode::ReadWrite || memory) {
    if (!memory) {
      if (Status s = execSql(db, "PRAGMA journal_mode=WAL"); !s)
        return fail(path + ": " + s.message());
    }
    if (Status s = execSql(db,
                           "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                           "PRAGMA journal_size_limit=67108864");
        !s) {
      return fail(path + ": " + s.message());
    }
    if (Status s = migrateSchema(db); !s) {
      return fail(path + ": " + s.message());
    }
    if (mode == Mode::ReadOnly)
      execSql(db, "PRAGMA query_only=1");
  } else {
    // Read-only: the file is never written, so an older version is upgraded in memory.
    const int version = readSchemaVersion(db);
    if (version < 0)
      return fail(path + ": not a Sightline workspace: " + lastSqliteError(db));
    if (version == 0)
      return fail(path + ": not a Sightline workspace (schema version 0)");
    if (version > kSchemaVersion) {
      return fail(path + ": workspace schema version " + std::to_string(version) +
                  " is newer than this Sightline (" + std::to_string(kSchemaVersion) + ")");
    }
    if (version < kSchemaVersion) {
      if (Status s = overlaySchema(db, version); !s)
        return fail(path + ": " + s.message());
      workspace->m_upgradedInMemory = true;
    }
    execSql(db, "PRAGMA query_only=1");
  }
  if (status)
    *status = Status::ok();
  return workspace;
}

Workspace::Workspace(sqlite3* db, std::string path, Mode mode)
    : m_db(db), m_path(std::move(path)), m_mode(mode) {}

Workspace::~Workspace() {
  sqlite3_close_v2(m_db);
}

int Workspace::schemaVersion() const {
  return readSchemaVersion(m_db);
}

std::optional<SourceInfo> Workspace::findSourceBySha256(const std::string& sha256) const {
  StoreStatement query(m_db,
                       "SELECT id, path, kind, sha256, bytes, imported_at, status, error FROM "
                       "sources WHERE sha256 = ?");
  query.bindText(1, sha256);
  if (!query.step())
    return std::nullopt;
  SourceInfo info;
  info.id = query.columnInt(0);
  info.path = query.columnText(1);
  info.kind = query.columnText(2);
  info.sha256 = query.columnText(3);
  info.bytes = static_cast<std::uint64_t>(query.columnInt(4));
  info.importedAtUnixMs = query.columnInt(5);
  info.status = query.columnText(6);
  info.error = query.columnText(7);
  return info;
}

}  // namespace sightline
