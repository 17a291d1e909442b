#include "model/store/schema_overlay.h"

#include <string_view>

#include "model/store/schema.h"
#include "model/store/store_statement.h"

namespace sightline {

namespace {

bool startsWith(const std::string& text, std::string_view prefix) {
  return std::string_view(text).substr(0, prefix.size()) == prefix;
}

// The table of "CREATE [UNIQUE] INDEX name ON table(columns)...".
std::string indexedTable(const std::string& sql) {
  const std::size_t on = sql.find(" ON ");
  const std::size_t open = on == std::string::npos ? on : sql.find('(', on);
  if (open == std::string::npos)
    return {};
  std::string table = sql.substr(on + 4, open - on - 4);
  while (!table.empty() && table.back() == ' ')
    table.pop_back();
  return table;
}

bool isOverlayTable(sqlite3* db, const std::string& table) {
  StoreStatement query(db, "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?");
  query.bindText(1, table);
  return query.step();
}

}  // namespace

OverlayStatement overlayStatement(sqlite3* db, const std::string& migrationSql) {
  using Kind = OverlayStatement::Kind;
  const std::string& sql = migrationSql;
  if (startsWith(sql, kSameRowsNewLayoutMark))
    return {Kind::Skip, {}};
  if (startsWith(sql, "CREATE TABLE "))
    return {Kind::Run, "CREATE TEMP TABLE " + sql.substr(13)};
  if (startsWith(sql, "CREATE VIEW "))
    return {Kind::Run, "CREATE TEMP VIEW " + sql.substr(12)};
  if (startsWith(sql, "CREATE INDEX ") || startsWith(sql, "CREATE UNIQUE INDEX ")) {
    if (!isOverlayTable(db, indexedTable(sql)))
      return {Kind::Skip, {}};
    return {Kind::Run, sql};
  }
  return {Kind::Impossible, {}};
}

Status overlaySchema(sqlite3* db, int fileVersion) {
  if (fileVersion < 1 || fileVersion >= kSchemaVersion) {
    return Status::error("internal error: no overlay from schema version " +
                         std::to_string(fileVersion));
  }
  const std::string version = std::to_string(fileVersion);
  // The overlay's tables stay empty: no temporary file for them.
  if (Status s = execSql(db, "PRAGMA temp_store=MEMORY"); !s)
    return s;
  for (int step = fileVersion; step < kSchemaVersion; ++step) {
    for (const std::string& sql : migrationStatements(step)) {
      const OverlayStatement overlay = overlayStatement(db, sql);
      if (overlay.kind == OverlayStatement::Kind::Impossible) {
        return Status::error("schema version " + version +
                             " cannot be read without upgrading the file: open it read-write");
      }
      if (overlay.kind == OverlayStatement::Kind::Skip)
        continue;
      if (Status s = execSql(db, overlay.sql); !s) {
        return Status::error("cannot read schema version " + version +
                             " in memory: " + s.message());
      }
    }
  }
  return Status::ok();
}

}  // namespace sightline
