#include "model/profile_writer.h"

#include <sqlite3.h>

#include "model/profile_store_writer.h"
#include "model/store_statement.h"

namespace sightline {

namespace {

bool isMemoryWorkspace(const Workspace& workspace) {
  return workspace.path().empty() || workspace.path() == ":memory:";
}

}  // namespace

// Profiles are decoded whole before they are stored, so unlike TraceWriter this writes
// synchronously on the caller's thread. A file workspace still gets its own connection: the
// import usually runs on a worker thread while the GUI keeps reading through the
// Workspace's connection.
class ProfileWriter::Impl {
 public:
  Impl(Workspace& workspace, SourceDescription source) {
    if (workspace.mode() == Workspace::Mode::ReadOnly) {
      m_error = Status::error(workspace.path() + ": the workspace is open read-only");
      return;
    }
    if (isMemoryWorkspace(workspace)) {
      m_db = workspace.db();
    } else {
      const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
      if (sqlite3_open_v2(workspace.path().c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        m_error = Status::error(workspace.path() + ": cannot open workspace for writing: " +
                                (m_db ? lastSqliteError(m_db) : std::string("out of memory")));
        return;
      }
      m_ownsDb = true;
      sqlite3_busy_timeout(m_db, 5000);
      execSql(m_db,
              "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY; "
              "PRAGMA journal_size_limit=67108864");
    }
    m_store = std::make_unique<ProfileStoreWriter>(m_db);
    if (Status s = m_store->begin(source); !s) {
      m_error = s;
      m_store->rollback();
      return;
    }
    m_stats = m_store->stats();
  }

  ~Impl() {
    abort();
    m_store.reset();  // finalizes its statements before the connection closes
    if (m_ownsDb)
      sqlite3_close_v2(m_db);
  }

  Status consume(ProfileData&& profile) {
    if (!m_error.isOk())
      return m_error;
    if (m_finished)
      return Status::error("workspace: import is closed");
    if (Status s = m_store->write(profile); !s) {
      // One bad profile fails the whole source: nothing of it stays.
      m_store->rollback();
      m_error = s;
      return s;
    }
    m_stats = m_store->stats();
    return Status::ok();
  }

  Status finish() {
    if (m_finished)
      return m_error;
    m_finished = true;
    if (!m_error.isOk())
      return m_error;
    if (Status s = m_store->commit(); !s) {
      m_store->rollback();
      m_error = s;
    }
    return m_error;
  }

  void abort() {
    if (m_store)
      m_store->rollback();
    if (!m_finished && m_error.isOk())
      m_error = Status::error("workspace: import aborted");
    m_finished = true;
  }

  const ProfileWriteStats& stats() const { return m_stats; }

 private:
  sqlite3* m_db = nullptr;
  bool m_ownsDb = false;
  std::unique_ptr<ProfileStoreWriter> m_store;
  ProfileWriteStats m_stats;
  bool m_finished = false;
  Status m_error;
};

ProfileWriter::ProfileWriter(Workspace& workspace, SourceDescription source)
    : m_impl(std::make_unique<Impl>(workspace, std::move(source))) {}

ProfileWriter::~ProfileWriter() = default;

Status ProfileWriter::consume(ProfileData&& profile) {
  return m_impl->consume(std::move(profile));
}

Status ProfileWriter::finish() {
  return m_impl->finish();
}

void ProfileWriter::abort() {
  m_impl->abort();
}

const ProfileWriteStats& ProfileWriter::stats() const {
  return m_impl->stats();
}

}  // namespace sightline
