#include "model/store/writer_connection.h"

#include <sqlite3.h>

#include <string>

#include "model/store/store_statement.h"
#include "model/store/wal_append_vfs.h"

namespace sightline {

WriterConnection::WriterConnection(Workspace& workspace) {
  if (workspace.mode() == Workspace::Mode::ReadOnly) {
    m_status = Status::error(workspace.path() + ": the workspace is open read-only");
    return;
  }
  if (workspace.path().empty() || workspace.path() == ":memory:") {
    m_db = workspace.db();
    return;
  }
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(workspace.path().c_str(), &m_db, flags, walAppendVfsName()) != SQLITE_OK) {
    m_status = Status::error(workspace.path() + ": cannot open workspace for writing: " +
                             (m_db ? lastSqliteError(m_db) : std::string("out of memory")));
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    return;
  }
  m_ownsDb = true;
  sqlite3_busy_timeout(m_db, 5000);
  // Bulk-import settings for this connection only; WAL keeps commits durable enough. The
  // page cache is what bounds an import's memory besides its batch: 64 MB keeps a 1M-span
  // import under the 300 MB budget (docs/PERFORMANCE.md).
  execSql(m_db,
          "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; "
          "PRAGMA journal_size_limit=67108864");
}

WriterConnection::~WriterConnection() {
  if (m_ownsDb)
    sqlite3_close_v2(m_db);
}

}  // namespace sightline
