#pragma once

// Workspace files as an older Sightline left them, for the tests of read-only opens and
// upgrades. Header-only: the model, command line and GUI tests include it.

#include <sqlite3.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/common/status.h"
#include "model/store/schema.h"
#include "model/store/store_statement.h"
#include "model/traces/span_attribute_table.h"

namespace sightline::test {

// The (type, name) of every schema object of `db`'s main schema.
inline std::set<std::pair<std::string, std::string>> schemaObjects(sqlite3* db,
                                                                   const char* schema = "main") {
  std::set<std::pair<std::string, std::string>> objects;
  StoreStatement query(db, std::string("SELECT type, name FROM ") + schema +
                               ".sqlite_master WHERE name NOT LIKE 'sqlite_%'");
  while (query.step())
    objects.emplace(query.columnText(0), query.columnText(1));
  return objects;
}

// Below schema 7, span attributes are rows of a real span_attributes table: turns the blobs
// of spans.attributes back into those rows.
inline Status spanAttributesAsRows(sqlite3* db) {
  return execSql(
      db,
      "CREATE TABLE span_attribute_rows(span_id INTEGER NOT NULL REFERENCES spans(id), seq "
      "INTEGER NOT NULL, key_id INTEGER NOT NULL, type INTEGER NOT NULL, value, PRIMARY "
      "KEY(span_id, seq)) WITHOUT ROWID;"
      "INSERT INTO span_attribute_rows SELECT span_id, seq, key_id, type, value FROM "
      "span_attributes;"
      "DROP TABLE span_attributes;"
      "PRAGMA legacy_alter_table = ON;"
      "ALTER TABLE span_attribute_rows RENAME TO span_attributes;"
      "PRAGMA legacy_alter_table = OFF;"
      "ALTER TABLE spans DROP COLUMN attributes;");
}

// Turns a workspace file of the current schema into one of schema `version`: drops every
// object a later migration step added, undoes the layout changes of later steps and sets
// user_version. Migration steps never change once shipped, so what remains is exactly the
// older schema, holding the rows the current writers stored in its tables (e.g. spans
// imported with importFile before the downgrade).
inline Status downgradeWorkspace(const std::string& path, int version) {
  sqlite3* reference = nullptr;
  sqlite3_open(":memory:", &reference);
  Status status = migrateSchema(reference, version);
  const auto keep = schemaObjects(reference);
  sqlite3_close(reference);
  if (!status)
    return status;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::error(path + ": cannot open");
  }
  registerSpanAttributeSql(db);
  if (version < 7) {
    status = spanAttributesAsRows(db);
    if (!status) {
      sqlite3_close(db);
      return status;
    }
  }
  // Views first (they name tables), then indexes of tables that stay, then tables.
  std::vector<std::string> drops;
  for (const char* type : {"view", "index", "table"}) {
    for (const auto& [objectType, name] : schemaObjects(db)) {
      if (objectType == type && !keep.contains({objectType, name}))
        drops.push_back("DROP " + objectType + " IF EXISTS \"" + name + "\"");
    }
  }
  drops.push_back("PRAGMA user_version = " + std::to_string(version));
  for (const std::string& sql : drops) {
    status = execSql(db, sql);
    if (!status)
      break;
  }
  sqlite3_close(db);
  return status;
}

}  // namespace sightline::test
