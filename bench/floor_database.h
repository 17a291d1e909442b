#pragma once

// What the storage floors of the import benchmarks share: a fresh SQLite file with the
// workspace's tables (model/store/schema.h) and the import writer's pragmas, the plainest
// prepared statements, and the row counts that show a floor stores what an import stores.
// Any SQLite error ends the benchmark: a floor that silently stored less would flatter
// the import.

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "model/store/schema.h"
#include "model/traces/span_attribute_table.h"

namespace sightline::bench {

class FloorDatabase {
 public:
  // Replaces `path` by a database with the tables but none of the secondary indexes (a floor
  // builds them after its bulk insert, as the import does).
  explicit FloorDatabase(const std::string& path) {
    std::remove(path.c_str());
    check(sqlite3_open(path.c_str(), &m_db), "open");
    registerSpanAttributeSql(m_db);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY");
    for (const std::string& sql : tableStatements())
      exec(sql);
  }
  ~FloorDatabase() {
    for (sqlite3_stmt* s : m_statements)
      sqlite3_finalize(s);
    sqlite3_close(m_db);
  }
  FloorDatabase(const FloorDatabase&) = delete;
  FloorDatabase& operator=(const FloorDatabase&) = delete;

  sqlite3* handle() const { return m_db; }

  void check(int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
      return;
    std::fprintf(stderr, "floor: %s: %s\n", what, sqlite3_errmsg(m_db));
    std::exit(1);
  }
  void exec(const std::string& sql) {
    check(sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr), sql.c_str());
  }
  // A statement finalized with the database.
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr), sql.c_str());
    m_statements.push_back(s);
    return s;
  }
  // Runs an insert and returns the new row id; `what` names it in an error.
  std::int64_t step(sqlite3_stmt* s, const char* what = "insert") {
    check(sqlite3_step(s), what);
    sqlite3_reset(s);
    return sqlite3_last_insert_rowid(m_db);
  }
  static void bindText(sqlite3_stmt* s, int index, const std::string& text) {
    sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }

 private:
  sqlite3* m_db = nullptr;
  std::vector<sqlite3_stmt*> m_statements;
};

inline std::uint64_t fileBytes(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(size);
}

// A database file plus whatever is still in its WAL.
inline std::uint64_t databaseBytes(const std::string& path) {
  return fileBytes(path) + fileBytes(path + "-wal");
}

// "table=rows …" of the tables an import fills, to check that a floor stores the same rows.
inline std::string rowCounts(const std::string& path, std::initializer_list<const char*> tables) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    registerSpanAttributeSql(db);
    for (const char* table : tables) {
      sqlite3_stmt* s = nullptr;
      const std::string sql = std::string("SELECT count(*) FROM ") + table;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
          sqlite3_step(s) == SQLITE_ROW) {
        out += std::string(out.empty() ? "" : " ") + table + "=" +
               std::to_string(sqlite3_column_int64(s, 0));
      }
      sqlite3_finalize(s);
    }
  }
  sqlite3_close(db);
  return out;
}

// The tables a metrics import fills.
inline std::string metricRowCounts(const std::string& path) {
  return rowCounts(path, {"metric_families", "metric_series", "metric_snapshots", "metric_points",
                          "metric_snapshot_families"});
}

}  // namespace sightline::bench
