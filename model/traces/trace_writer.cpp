#include "model/traces/trace_writer.h"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "model/store/store_statement.h"
#include "model/store/writer_connection.h"
#include "model/traces/span_store_writer.h"

namespace sightline {

namespace {

// Enough to keep the writer busy while the reader decodes the next batch, small enough to
// bound memory by a few batches.
constexpr std::size_t kMaxQueuedBatches = 4;

}  // namespace

class TraceWriter::Impl {
 public:
  Impl(Workspace& workspace, SourceDescription source) : m_connection(workspace) {
    if (!m_connection.status().isOk()) {
      m_error = m_connection.status();
      return;
    }
    m_store = std::make_unique<SpanStoreWriter>(m_connection.db());
    if (Status s = m_store->begin(source); !s) {
      m_error = s;
      m_store->rollback();
      return;
    }
    m_stats = m_store->stats();
    m_thread = std::thread([this] { run(); });
  }

  ~Impl() {
    abort();
    m_store.reset();
  }

  Status consume(TraceBatch&& batch) {
    std::unique_lock lock(m_mutex);
    m_notFull.wait(lock, [this] {
      return !m_error.isOk() || m_stopping || m_queue.size() < kMaxQueuedBatches;
    });
    if (!m_error.isOk())
      return m_error;
    if (m_stopping || !m_thread.joinable())
      return Status::error("workspace: import is closed");
    m_queue.push_back(std::move(batch));
    m_notEmpty.notify_one();
    return Status::ok();
  }

  Status finish() {
    {
      std::lock_guard lock(m_mutex);
      if (m_finished)
        return m_error;
      m_finishRequested = true;
      m_stopping = true;
    }
    m_notEmpty.notify_one();
    if (m_thread.joinable())
      m_thread.join();
    m_finished = true;
    return m_error;
  }

  void abort() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
      m_queue.clear();
    }
    m_notEmpty.notify_one();
    m_notFull.notify_all();
    if (m_thread.joinable())
      m_thread.join();
    if (m_store)
      m_store->rollback();
    if (!m_finished && m_error.isOk())
      m_error = Status::error("workspace: import aborted");
    m_finished = true;
  }

  const TraceWriteStats& stats() const { return m_stats; }

 private:
  void run() {
    while (true) {
      TraceBatch batch;
      {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
        if (m_queue.empty())
          break;  // stopping: finish() or abort() (which cleared the queue)
        batch = std::move(m_queue.front());
        m_queue.pop_front();
      }
      m_notFull.notify_one();
      Status s = m_store->write(batch);
      if (!s) {
        m_store->rollback();
        std::lock_guard lock(m_mutex);
        m_error = s;
        m_queue.clear();
        m_notFull.notify_all();
        return;
      }
    }
    bool commit = false;
    {
      std::lock_guard lock(m_mutex);
      commit = m_finishRequested && m_queue.empty();
    }
    if (!commit) {
      m_store->rollback();
      return;
    }
    Status s = m_store->commit();
    if (!s)
      m_store->rollback();
    std::lock_guard lock(m_mutex);
    m_error = s;
    m_stats = m_store->stats();
  }

  WriterConnection m_connection;
  std::unique_ptr<SpanStoreWriter> m_store;
  TraceWriteStats m_stats;

  std::mutex m_mutex;
  std::condition_variable m_notEmpty;
  std::condition_variable m_notFull;
  std::deque<TraceBatch> m_queue;
  bool m_stopping = false;
  bool m_finishRequested = false;
  bool m_finished = false;
  Status m_error;
  std::thread m_thread;
};

TraceWriter::TraceWriter(Workspace& workspace, SourceDescription source)
    : m_impl(std::make_unique<Impl>(workspace, std::move(source))) {}

TraceWriter::~TraceWriter() = default;

Status TraceWriter::consume(TraceBatch&& batch) {
  return m_impl->consume(std::move(batch));
}

Status TraceWriter::finish() {
  return m_impl->finish();
}

void TraceWriter::abort() {
  m_impl->abort();
}

const TraceWriteStats& TraceWriter::stats() const {
  return m_impl->stats();
}

}  // namespace sightline
