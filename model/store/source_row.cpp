#include "model/store/source_row.h"

#include <sqlite3.h>

#include <chrono>
#include <string>

#include "model/store/store_statement.h"

namespace sightline {

Status insertSourceRow(sqlite3* db, const SourceDescription& source, std::int64_t* sourceId) {
  StoreStatement insert(db,
                        "INSERT INTO sources(path, kind, sha256, bytes, imported_at, status) "
                        "VALUES(?,?,?,?,?,'ok')");
  insert.bindText(1, source.path);
  insert.bindText(2, source.kind);
  insert.bindText(3, source.sha256);
  insert.bindInt(4, static_cast<std::int64_t>(source.bytes));
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  insert.bindInt(5, now.count());
  if (insert.execute() != SQLITE_DONE)
    return Status::error("workspace: cannot store the source: " + lastSqliteError(db));
  *sourceId = sqlite3_last_insert_rowid(db);
  return Status::ok();
}

}  // namespace sightline
