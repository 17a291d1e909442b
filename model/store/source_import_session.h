#pragma once

#include <memory>
#include <utility>

#include "model/common/status.h"
#include "model/store/source_description.h"
#include "model/store/workspace.h"
#include "model/store/writer_connection.h"

namespace sightline {

// The life of one source written synchronously on the caller's thread (profiles are decoded
// whole, metric batches are small rows): a WriterConnection, the source's transaction
// opened by the store's begin(), writes, commit on finish(), and rollback on abort(), on the
// first failed write (one bad record fails the whole source: nothing of it stays) or on
// destruction without finish(). `Store` provides begin(source), write(record), commit(),
// rollback() and stats() returning `Stats`.
template <typename Store, typename Stats>
class SourceImportSession {
 public:
  template <typename... StoreArgs>
  SourceImportSession(Workspace& workspace, const SourceDescription& source,
                      StoreArgs&&... storeArgs)
      : m_connection(workspace) {
    if (!m_connection.status().isOk()) {
      m_error = m_connection.status();
      return;
    }
    m_store = std::make_unique<Store>(m_connection.db(), std::forward<StoreArgs>(storeArgs)...);
    if (Status s = m_store->begin(source); !s) {
      m_error = s;
      m_store->rollback();
      return;
    }
    m_stats = m_store->stats();
  }

  ~SourceImportSession() {
    abort();
    m_store.reset();  // finalizes its statements before the connection closes
  }

  SourceImportSession(const SourceImportSession&) = delete;
  SourceImportSession& operator=(const SourceImportSession&) = delete;

  template <typename Record>
  Status write(Record& record) {
    if (!m_error.isOk())
      return m_error;
    if (m_finished)
      return Status::error("workspace: import is closed");
    if (Status s = m_store->write(record); !s) {
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

  const Stats& stats() const { return m_stats; }

 private:
  WriterConnection m_connection;
  std::unique_ptr<Store> m_store;
  Stats m_stats;
  bool m_finished = false;
  Status m_error;
};

}  // namespace sightline
