#include "model/store/sql_query.h"

#include <sqlite3.h>

#include <cctype>
#include <memory>

#include "model/store/schema.h"
#include "model/store/schema_overlay.h"
#include "model/store/store_statement.h"
#include "model/traces/span_attribute_table.h"

namespace sightline {

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

bool onlyWhitespaceOrSemicolons(const char* text) {
  for (; text && *text; ++text) {
    if (!std::isspace(static_cast<unsigned char>(*text)) && *text != ';')
      return false;
  }
  return true;
}

}  // namespace

std::string SqlValue::toString() const {
  if (const auto* i = std::get_if<std::int64_t>(&value))
    return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", *d);
    return buffer;
  }
  if (const auto* s = std::get_if<std::string>(&value))
    return *s;
  if (const auto* b = std::get_if<std::vector<std::uint8_t>>(&value)) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (auto byte : *b) {
      hex += kDigits[byte >> 4];
      hex += kDigits[byte & 0xf];
    }
    return hex;
  }
  return {};
}

SqlResult runReadOnlyQuery(const std::string& path, const std::string& sql, std::size_t maxRows) {
  SqlResult result;
  sqlite3* raw = nullptr;
  const int openCode = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  if (openCode != SQLITE_OK) {
    result.error = path + ": cannot open workspace: " +
                   (raw ? lastSqliteError(raw) : std::string("out of memory"));
    return result;
  }
  sqlite3_busy_timeout(raw, 5000);
  registerSpanAttributeSql(raw);
  // A workspace of an older schema version reads like a current one, as in Workspace::open.
  if (const int version = readSchemaVersion(raw); version >= 1 && version < kSchemaVersion) {
    if (Status s = overlaySchema(raw, version); !s) {
      result.error = path + ": " + s.message();
      return result;
    }
  }
  execSql(raw, "PRAGMA query_only=1");

  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(raw, sql.c_str(), static_cast<int>(sql.size()), &statement, &tail) !=
      SQLITE_OK) {
    result.error = lastSqliteError(raw);
    return result;
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(statement, sqlite3_finalize);
  if (!statement) {
    result.error = "empty query";
    return result;
  }
  if (!onlyWhitespaceOrSemicolons(tail)) {
    result.error = "only one statement can be run at a time";
    return result;
  }
  // A read-only connection refuses writes anyway; saying so up front gives a clearer message
  // than SQLite's "attempt to write a readonly database".
  if (!sqlite3_stmt_readonly(statement)) {
    result.error =
        "the workspace is opened read-only: only queries (SELECT, WITH, PRAGMA "
        "reads, EXPLAIN) are allowed";
    return result;
  }
  const int columnCount = sqlite3_column_count(statement);
  for (int i = 0; i < columnCount; ++i) {
    const char* name = sqlite3_column_name(statement, i);
    result.columns.emplace_back(name ? name : "");
  }
  int code = SQLITE_ROW;
  while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
    if (maxRows > 0 && result.rows.size() >= maxRows) {
      result.truncated = true;
      break;
    }
    std::vector<SqlValue> row(static_cast<std::size_t>(columnCount));
    for (int i = 0; i < columnCount; ++i) {
      auto& cell = row[static_cast<std::size_t>(i)].value;
      switch (sqlite3_column_type(statement, i)) {
        case SQLITE_INTEGER:
          cell = static_cast<std::int64_t>(sqlite3_column_int64(statement, i));
          break;
        case SQLITE_FLOAT:
          cell = sqlite3_column_double(statement, i);
          break;
        case SQLITE_TEXT: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
          cell = std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, i)));
          break;
        }
        case SQLITE_BLOB: {
          const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, i));
          cell = std::vector<std::uint8_t>(data, data + sqlite3_column_bytes(statement, i));
          break;
        }
        default:
          break;
      }
    }
    result.rows.push_back(std::move(row));
  }
  if (code != SQLITE_ROW && code != SQLITE_DONE)
    result.error = lastSqliteError(raw);
  return result;
}

}  // namespace sightline
