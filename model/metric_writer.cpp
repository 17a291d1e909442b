#include "model/metric_writer.h"

#include <sqlite3.h>

#include "model/metric_store_writer.h"
#include "model/store_statement.h"

namespace sightline {

namespace {

bool isMemoryWorkspace(const Workspace& workspace) {
  return workspace.path().empty() || workspace.path() == ":memory:";
}

}  // namespace

// Metric batches are stored synchronously on the caller's thread, like profiles: the points
// are small rows, and a text snapshot decodes about as fast as SQLite stores it. A file
// workspace still gets its own connection, because the import usually runs on a worker
// thread while the GUI keeps reading through the Workspace's connection.
class MetricWriter::Impl {
 public:
  Impl(Workspace& workspace, SourceDescription source, std::int64_t defaultSnapshotTimeMs) {
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
    m_store = std::make_unique<MetricStoreWriter>(m_db, defaultSnapshotTimeMs);
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

  Status consume(MetricBatch&& batch) {
    if (!m_error.isOk())
      return m_error;
    if (m_finished)
      return Status::error("workspace: import is closed");
    if (Status s = m_store->write(batch); !s) {
      // One bad sample fails the whole source: nothing of it stays.
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
    m_stats = m_store->stats();
    return m_error;
  }

  void abort() {
    if (m_store)
      m_store->rollback();
    if (!m_finished && m_error.isOk())
      m_error = Status::error("workspace: import aborted");
    m_finished = true;
  }

  const MetricWriteStats& stats() const { return m_stats; }

 private:
  sqlite3* m_db = nullptr;
  bool m_ownsDb = false;
  std::unique_ptr<MetricStoreWriter> m_store;
  MetricWriteStats m_stats;
  bool m_finished = false;
  Status m_error;
};

MetricWriter::MetricWriter(Workspace& workspace, SourceDescription source,
                           std::int64_t defaultSnapshotTimeMs)
    : m_impl(std::make_unique<Impl>(workspace, std::move(source), defaultSnapshotTimeMs)) {}

MetricWriter::~MetricWriter() = default;

Status MetricWriter::consume(MetricBatch&& batch) {
  return m_impl->consume(std::move(batch));
}

Status MetricWriter::finish() {
  return m_impl->finish();
}

void MetricWriter::abort() {
  m_impl->abort();
}

const MetricWriteStats& MetricWriter::stats() const {
  return m_impl->stats();
}

}  // namespace sightline
