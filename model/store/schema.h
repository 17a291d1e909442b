#pragma once

#include <string>
#include <vector>

#include "model/common/status.h"

struct sqlite3;

namespace sightline {

// The schema version this build writes (`PRAGMA user_version`). See docs/SCHEMA.md.
inline constexpr int kSchemaVersion = 7;

// Starts a migration statement that changes how rows are stored, not what a query of the
// older schema returns: reading an older file in memory (schema_overlay.h) skips it.
inline constexpr const char* kSameRowsNewLayoutMark = "-- same rows, new layout\n";

// Brings the database up to kSchemaVersion by running every migration step above its
// current user_version, each in its own transaction. Fails on a newer (unknown) version.
Status migrateSchema(sqlite3* db);

// Runs the migration steps up to `targetVersion` only (at most kSchemaVersion): tests use it
// to build a workspace as an older Sightline left it.
Status migrateSchema(sqlite3* db, int targetVersion);

// The statements of the migration step from `fromVersion` to fromVersion + 1
// (0 ≤ fromVersion < kSchemaVersion); empty for any other version.
std::vector<std::string> migrationStatements(int fromVersion);

// The database's `PRAGMA user_version`, or -1 on error.
int readSchemaVersion(sqlite3* db);

// CREATE statements of every table of the current schema (trace, profile and metric tables)
// without their secondary indexes, for a fresh database (the benchmarks' raw-insert floors
// use them; the connection needs registerSpanAttributeSql()).
std::vector<std::string> tableStatements();

// CREATE INDEX statements of the span tables' secondary indexes: exactly what the importer
// drops before a bulk insert into an empty workspace and recreates before commit.
std::vector<std::string> spanIndexStatements();

// DROP INDEX statements matching spanIndexStatements().
std::vector<std::string> dropSpanIndexStatements();

}  // namespace sightline
