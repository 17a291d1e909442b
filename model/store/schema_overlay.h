#pragma once

#include <string>

#include "model/common/status.h"

struct sqlite3;

namespace sightline {

// Lets a read-only connection read a workspace of an older schema version (1 ≤ fileVersion
// < kSchemaVersion) as if it were current, without writing the file: what the missing
// migration steps add — tables, their indexes and views — is created, empty, in the connection's
// temp schema (kept in memory), where unqualified names find it next to the file's own tables.
// Nothing is copied, so the cost does not grow with the file (a copy of a multi-gigabyte workspace
// into memory would), and each read-only connection (the GUI opens one per load) pays a millisecond
// or two. A step marked kSameRowsNewLayoutMark only changes how rows are stored (version 7's span
// attribute blobs), so the file answers its queries as it is and the step is skipped. Fails for a
// step that would change what the file already holds: such a workspace has to be upgraded (opened
// read-write). Run before `PRAGMA query_only`.
Status overlaySchema(sqlite3* db, int fileVersion);

// How overlaySchema() replays one migration statement on `db`: CREATE TABLE and CREATE VIEW
// as their TEMP forms; CREATE INDEX as it is when its table is one of the overlay's (SQLite
// puts the index next to it), skipped when the table is the file's (an index only makes
// reads faster, and the file cannot take it); a kSameRowsNewLayoutMark statement skipped;
// anything else is impossible without writing the file.
struct OverlayStatement {
  enum class Kind { Run, Skip, Impossible };
  Kind kind = Kind::Impossible;
  std::string sql;  // for Run
};
OverlayStatement overlayStatement(sqlite3* db, const std::string& migrationSql);

}  // namespace sightline
