#include "model/traces/live_wal_checkpointer.h"

#include <sqlite3.h>
#include <string>

namespace sightline {

LiveWalCheckpointer::LiveWalCheckpointer(sqlite3* writerDb, const std::string& path,
                                         int backgroundPages, int writerPages)
    : m_writerDb(writerDb), m_backgroundPages(backgroundPages), m_writerPages(writerPages) {
  if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    // Without a second connection the writer keeps SQLite's own checkpoints.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    return;
  }
  // A connection learns that the database is in WAL mode when it first reads it; before
  // that its checkpoints do nothing.
  if (sqlite3_exec(m_db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    return;
  }
  sqlite3_wal_hook(m_writerDb, &LiveWalCheckpointer::onCommit, this);
  // When the WAL starts over, SQLite cuts the file down to journal_size_limit, and the next
  // cycle grows it again block by block: kept at the size a cycle reaches, the blocks stay
  // allocated and are overwritten in place.
  const long long frameBytes = 4096 + 24;
  const std::string limit =
      "PRAGMA journal_size_limit=" +
      std::to_string((static_cast<long long>(m_writerPages) + m_backgroundPages) * frameBytes);
  sqlite3_exec(m_writerDb, limit.c_str(), nullptr, nullptr, nullptr);
  m_thread = std::thread([this] { run(); });
}

LiveWalCheckpointer::~LiveWalCheckpointer() {
  if (!m_db)
    return;
  sqlite3_wal_autocheckpoint(m_writerDb, 1000);  // replaces our hook
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  m_thread.join();
  sqlite3_close_v2(m_db);
}

// Called on the writer's thread after each commit, with the pages now in the WAL.
int LiveWalCheckpointer::onCommit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* checkpointer = static_cast<LiveWalCheckpointer*>(self);
  if (pages >= checkpointer->m_writerPages) {
    // Busy when the background checkpoint is running: then the next commit tries again.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  // The WAL starts over after a complete checkpoint: count from its new start.
  if (pages < checkpointer->m_lastSignalPages)
    checkpointer->m_lastSignalPages = 0;
  // Once per kBackgroundPages new frames rather than after every commit: a page that several
  // commits changed in between (an index leaf) is copied into the database once. Close to
  // the writer's own limit, after every commit: what the writer then copies itself, on the
  // requests' path, stays a few frames.
  const bool nearWriterLimit =
      checkpointer->m_backgroundPages < checkpointer->m_writerPages &&
      pages >= checkpointer->m_writerPages - checkpointer->m_backgroundPages;
  if (nearWriterLimit ||
      pages >= checkpointer->m_lastSignalPages + checkpointer->m_backgroundPages) {
    checkpointer->m_lastSignalPages = pages;
    {
      std::lock_guard lock(checkpointer->m_mutex);
      checkpointer->m_wanted = true;
    }
    checkpointer->m_wake.notify_one();
  }
  return SQLITE_OK;
}

void LiveWalCheckpointer::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_wanted || m_stopping; });
    if (m_stopping)
      return;
    m_wanted = false;
    lock.unlock();
    sqlite3_wal_checkpoint_v2(m_db, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace sightline
