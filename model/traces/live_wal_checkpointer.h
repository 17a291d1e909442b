#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace sightline {

// Takes WAL checkpoints off a live writer's thread. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses 1000 WAL pages, on the writer's thread: a tenth of a live writer's
// time (docs/PERFORMANCE.md, "Live ingest"). This installs itself as the writer connection's
// WAL hook instead (which turns the automatic checkpoint off): every kBackgroundPages new WAL
// pages a thread of its own checkpoints (PASSIVE, its own connection) while the writer goes
// on. The interval is 4× SQLite's 1000: an index leaf that several commits changed in
// between is copied once, which halved the checkpoint thread's CPU per span. Under
// continuous load the WAL is never fully copied at the moment a write begins, so it would
// grow forever; past kWriterPages the writer itself copies the few frames left, so that its
// next transaction starts the WAL over. That copy waits for the disk (two fsyncs, behind the
// background's writeback): 30-50 ms each time, so the limit is 128 MiB rather than 64 MiB
// (half as many, docs/PERFORMANCE.md "Live ingest", fourth session), and the WAL file keeps
// that size instead of shrinking to the writer connection's journal_size_limit.
class LiveWalCheckpointer {
 public:
  static constexpr int kBackgroundPages = 4000;  // 16 MiB of 4 KiB pages
  static constexpr int kWriterPages = 32768;     // 128 MiB of 4 KiB pages

  // `writerDb` must stay open until this is destroyed; `path` is its database file. Without
  // a second connection (the file cannot be opened again) SQLite's own checkpoints stay.
  LiveWalCheckpointer(sqlite3* writerDb, const std::string& path,
                      int backgroundPages = kBackgroundPages, int writerPages = kWriterPages);
  // Stops the thread and gives the writer connection SQLite's automatic checkpoint back.
  ~LiveWalCheckpointer();
  LiveWalCheckpointer(const LiveWalCheckpointer&) = delete;
  LiveWalCheckpointer& operator=(const LiveWalCheckpointer&) = delete;

 private:
  static int onCommit(void* self, sqlite3* db, const char* schema, int pages);
  void run();

  sqlite3* m_writerDb;
  int m_backgroundPages;
  int m_writerPages;
  int m_lastSignalPages = 0;  // WAL size at the last background request (writer's thread only)
  sqlite3* m_db = nullptr;    // the checkpointing connection
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_wanted = false;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace sightline
