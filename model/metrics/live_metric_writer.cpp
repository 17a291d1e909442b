#include "model/metrics/live_metric_writer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "model/metrics/metric_store_writer.h"
#include "model/store/source_row.h"
#include "model/store/store_statement.h"
#include "model/store/writer_connection.h"

namespace sightline {

namespace {

// `sources.sha256` is unique: a live stream has no content hash, so it gets a unique tag
// (the same form as the live trace source's).
std::string liveSourceTag(const std::string& endpoint) {
  static std::atomic<std::uint64_t> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return "live:" + endpoint + ":" +
         std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()) + ":" +
         std::to_string(counter.fetch_add(1));
}

// The `sources` row, committed on its own so that it exists before the first submission.
Status insertLiveSource(sqlite3* db, const std::string& endpoint, std::int64_t* sourceId) {
  SourceDescription source;
  source.path = endpoint;
  source.kind = "live";
  source.sha256 = liveSourceTag(endpoint);
  if (Status s = execSql(db, "BEGIN IMMEDIATE"); !s)
    return s;
  Status s = insertSourceRow(db, source, sourceId);
  if (s)
    s = execSql(db, "COMMIT");
  if (!s)
    execSql(db, "ROLLBACK");
  return s;
}

std::size_t weight(const LiveMetricSubmission& submission) {
  std::size_t points = 0;
  for (const MetricBatch& batch : submission.batches)
    points += batch.samples.size();
  return std::max<std::size_t>(1, points);
}

}  // namespace

class LiveMetricWriter::Impl {
 public:
  Impl(Workspace& workspace, std::string endpoint, LiveMetricWriterOptions options)
      : m_options(options), m_connection(workspace) {
    if (!m_connection.status()) {
      m_openStatus = m_connection.status();
      return;
    }
    if (Status s = insertLiveSource(m_connection.db(), endpoint, &m_sourceId); !s) {
      m_openStatus = s;
      return;
    }
    m_store = std::make_unique<MetricStoreWriter>(m_connection.db(), 0);
    m_thread = std::thread([this] { run(); });
  }

  ~Impl() {
    close();
    m_store.reset();  // finalizes its statements before the connection closes
  }

  LiveSubmit submit(LiveMetricSubmission&& submission, Callback onCommitted) {
    std::lock_guard lock(m_mutex);
    if (m_closing || !m_openStatus)
      return LiveSubmit::Closed;
    const std::size_t points = weight(submission);
    if (m_pendingPoints > 0 && m_pendingPoints + points > m_options.capacityPoints) {
      ++m_counters.refused;
      return LiveSubmit::Behind;
    }
    m_pendingPoints += points;
    m_queuedPoints += points;
    m_queue.push_back(
        Pending{std::move(submission), std::move(onCommitted), std::chrono::steady_clock::now()});
    ++m_submitted;
    m_wake.notify_one();
    return LiveSubmit::Accepted;
  }

  void flush() {
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_submitted;
    m_flushTarget = std::max(m_flushTarget, target);
    m_wake.notify_one();
    m_idle.wait(lock, [&] { return m_completed >= target || !m_thread.joinable(); });
  }

  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closing = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
      m_thread.join();
  }

  LiveMetricCounters counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
  }

  const Status& openStatus() const { return m_openStatus; }
  std::int64_t sourceId() const { return m_sourceId; }

 private:
  struct Pending {
    LiveMetricSubmission submission;
    Callback callback;
    std::chrono::steady_clock::time_point arrived;
  };

  void run() {
    while (true) {
      std::vector<Pending> group;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return !m_queue.empty() || m_closing; });
        if (m_queue.empty())
          break;  // closing, and everything is committed
        const auto deadline = m_queue.front().arrived + m_options.commitInterval;
        m_wake.wait_until(lock, deadline, [this] {
          return m_closing || m_queuedPoints >= m_options.commitPoints ||
                 m_flushTarget > m_completed;
        });
        group.reserve(m_queue.size());
        while (!m_queue.empty()) {
          group.push_back(std::move(m_queue.front()));
          m_queue.pop_front();
        }
        m_queuedPoints = 0;
      }
      commit(group);
    }
  }

  // One transaction for the whole group. A submission the store refuses (a sample of a
  // family it did not declare) fails alone: the group is rolled back and written again
  // without it.
  void commit(std::vector<Pending>& group) {
    std::vector<LiveMetricAck> acks(group.size());
    std::vector<bool> failed(group.size(), false);
    std::uint64_t groupBytes = 0;
    std::uint64_t snapshotsBefore = 0;
    Status commitStatus;
    bool retry = true;
    while (retry) {
      retry = false;
      groupBytes = 0;
      snapshotsBefore = m_store->stats().snapshots;
      commitStatus = m_store->beginAppend(m_sourceId);
      for (std::size_t i = 0; commitStatus && i < group.size(); ++i) {
        if (failed[i])
          continue;
        MetricAppendResult result;
        const LiveMetricSubmission& submission = group[i].submission;
        if (Status s =
                m_store->appendSubmission(submission.batches, submission.defaultTimeMs, &result);
            !s) {
          m_store->rollback();
          failed[i] = true;
          acks[i].status = s;
          retry = true;
          break;
        }
        acks[i].points = result.points;
        acks[i].newSeries = result.newSeries;
        acks[i].duplicates = result.duplicates;
        groupBytes += submission.bytes;
      }
      if (retry || !commitStatus)
        continue;
      commitStatus = m_store->commitAppend(m_totalBytes + groupBytes);
    }
    if (!commitStatus)
      m_store->rollback();
    else
      m_totalBytes += groupBytes;

    std::size_t points = 0;
    LiveMetricCounters delta;
    for (std::size_t i = 0; i < group.size(); ++i) {
      points += weight(group[i].submission);
      if (!failed[i] && !commitStatus)
        acks[i].status = commitStatus;
      if (acks[i].status) {
        ++delta.submissions;
        delta.points += acks[i].points;
        delta.duplicates += acks[i].duplicates;
      } else {
        acks[i].points = acks[i].newSeries = acks[i].duplicates = 0;
      }
    }
    {
      std::lock_guard lock(m_mutex);
      m_counters.submissions += delta.submissions;
      m_counters.points += delta.points;
      m_counters.duplicates += delta.duplicates;
      if (commitStatus)
        m_counters.snapshots += m_store->stats().snapshots - snapshotsBefore;
      ++(commitStatus ? m_counters.commits : m_counters.failedCommits);
    }
    // Only now, after COMMIT returned, does anyone hear about the submissions.
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (group[i].callback)
        group[i].callback(acks[i]);
    }
    {
      std::lock_guard lock(m_mutex);
      m_pendingPoints -= points;
      m_completed += group.size();
    }
    m_idle.notify_all();
  }

  LiveMetricWriterOptions m_options;
  WriterConnection m_connection;
  std::unique_ptr<MetricStoreWriter> m_store;
  Status m_openStatus;
  std::int64_t m_sourceId = 0;
  std::uint64_t m_totalBytes = 0;  // writer thread only

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  std::deque<Pending> m_queue;
  std::size_t m_pendingPoints = 0;  // queued plus being written
  std::size_t m_queuedPoints = 0;
  std::uint64_t m_submitted = 0;
  std::uint64_t m_completed = 0;
  std::uint64_t m_flushTarget = 0;
  bool m_closing = false;
  LiveMetricCounters m_counters;
  std::thread m_thread;
};

LiveMetricWriter::LiveMetricWriter(Workspace& workspace, std::string endpoint,
                                   LiveMetricWriterOptions options)
    : m_impl(std::make_unique<Impl>(workspace, std::move(endpoint), options)) {}

LiveMetricWriter::~LiveMetricWriter() = default;

const Status& LiveMetricWriter::openStatus() const {
  return m_impl->openStatus();
}

std::int64_t LiveMetricWriter::sourceId() const {
  return m_impl->sourceId();
}

LiveSubmit LiveMetricWriter::submit(LiveMetricSubmission&& submission, Callback onCommitted) {
  return m_impl->submit(std::move(submission), std::move(onCommitted));
}

void LiveMetricWriter::flush() {
  m_impl->flush();
}

void LiveMetricWriter::close() {
  m_impl->close();
}

LiveMetricCounters LiveMetricWriter::counters() const {
  return m_impl->counters();
}

}  // namespace sightline
