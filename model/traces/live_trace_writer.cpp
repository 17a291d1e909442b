#include "model/traces/live_trace_writer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "model/common/background_release.h"
#include "model/store/writer_connection.h"
#include "model/traces/live_wal_checkpointer.h"

namespace sightline {

namespace {

// `sources.sha256` is unique: a live stream has no content hash, so it gets a unique tag.
std::string liveSourceTag(const std::string& endpoint) {
  static std::atomic<std::uint64_t> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return "live:" + endpoint + ":" +
         std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()) + ":" +
         std::to_string(counter.fetch_add(1));
}

std::size_t weight(const TraceBatch& batch) {
  return std::max<std::size_t>(1, batch.spans.size());
}

}  // namespace

class LiveTraceWriter::Impl {
 public:
  Impl(Workspace& workspace, std::string endpoint, LiveTraceWriterOptions options)
      : m_options(options), m_connection(workspace) {
    if (!m_connection.status()) {
      m_openStatus = m_connection.status();
      return;
    }
    m_store = std::make_unique<LiveSpanStore>(m_connection.db());
    if (workspace.path() != ":memory:" && !workspace.path().empty())
      m_checkpointer = std::make_unique<LiveWalCheckpointer>(m_connection.db(), workspace.path());
    SourceDescription source;
    source.path = endpoint;
    source.kind = "live";
    source.sha256 = liveSourceTag(endpoint);
    if (Status s = m_store->open(source); !s) {
      m_openStatus = s;
      return;
    }
    m_thread = std::thread([this] { run(); });
  }

  ~Impl() { close(); }

  LiveSubmit submit(TraceBatch&& batch, std::uint64_t bytes, Callback onCommitted) {
    std::lock_guard lock(m_mutex);
    if (m_closing || !m_openStatus)
      return LiveSubmit::Closed;
    const std::size_t spans = weight(batch);
    if (m_pendingSpans > 0 &&
        (m_pendingSpans + spans > m_options.capacitySpans || waitWouldExceedDelay(spans))) {
      ++m_counters.refused;
      return LiveSubmit::Behind;
    }
    m_pendingSpans += spans;
    m_queuedSpans += spans;
    m_queue.push_back(
        Pending{std::move(batch), bytes, std::move(onCommitted), std::chrono::steady_clock::now()});
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

  LiveWriterCounters counters() const {
    std::lock_guard lock(m_mutex);
    LiveWriterCounters counters = m_counters;
    counters.microsPerSpan = m_microsPerSpan;
    return counters;
  }

  const Status& openStatus() const { return m_openStatus; }
  std::int64_t sourceId() const { return m_store ? m_store->sourceId() : 0; }

 private:
  struct Pending {
    TraceBatch batch;
    std::uint64_t bytes = 0;
    Callback callback;
    std::chrono::steady_clock::time_point arrived;
  };

  // Whether `spans` more behind what is queued would wait longer than maxQueueDelay before
  // their group starts. Caller holds m_mutex. Nothing queued: never (a request larger than the
  // writer can do within the delay is still taken, alone).
  bool waitWouldExceedDelay(std::size_t spans) const {
    if (m_options.maxQueueDelay.count() <= 0 || m_queuedSpans == 0 || m_microsPerSpan <= 0 ||
        m_queuedSpans + spans <= m_options.delayFreeSpans)
      return false;
    const double waitMicros = static_cast<double>(m_queuedSpans + spans) * m_microsPerSpan;
    return waitMicros > std::chrono::duration<double, std::micro>(m_options.maxQueueDelay).count();
  }

  // Folds one group's cost into the writer's recent cost per span. Groups of a few spans
  // cost more per span (the commit's fixed part), so the average is weighted by spans.
  void recordCost(std::size_t spans, std::chrono::steady_clock::duration took) {
    const double micros = std::chrono::duration<double, std::micro>(took).count();
    m_recentSpans = m_recentSpans * kCostDecay + static_cast<double>(spans);
    m_recentMicros = m_recentMicros * kCostDecay + micros;
    std::lock_guard lock(m_mutex);
    m_microsPerSpan = m_recentSpans > 0 ? m_recentMicros / m_recentSpans : 0;
  }

  void run() {
    while (true) {
      std::vector<Pending> group;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return !m_queue.empty() || m_closing; });
        if (m_queue.empty())
          break;  // closing, and everything is committed
        if (m_options.commitInterval.count() > 0) {
          const auto deadline = m_queue.front().arrived + m_options.commitInterval;
          m_wake.wait_until(lock, deadline, [this] {
            return m_closing || m_queuedSpans >= m_options.commitSpans ||
                   m_flushTarget > m_completed;
          });
        }
        std::size_t spans = 0;
        while (!m_queue.empty() &&
               (group.empty() || spans + weight(m_queue.front().batch) <= m_options.commitSpans)) {
          spans += weight(m_queue.front().batch);
          group.push_back(std::move(m_queue.front()));
          m_queue.pop_front();
        }
        m_queuedSpans -= spans;
      }
      commit(group);
      m_spent.release(std::move(group));
    }
  }

  // One transaction for the whole group. A batch the store refuses (it names a resource it
  // did not send) fails alone: the group is rolled back and written again without it.
  void commit(std::vector<Pending>& group) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<LiveAck> acks(group.size());
    std::vector<bool> failed(group.size(), false);
    std::uint64_t groupBytes = 0;
    Status commitStatus;
    bool retry = true;
    while (retry) {
      retry = false;
      groupBytes = 0;
      commitStatus = m_store->beginGroup();
      for (std::size_t i = 0; commitStatus && i < group.size(); ++i) {
        if (failed[i])
          continue;
        acks[i].result = {};
        if (Status s = m_store->write(group[i].batch, &acks[i].result); !s) {
          m_store->rollbackGroup();
          failed[i] = true;
          acks[i].status = s;
          retry = true;
          break;
        }
        groupBytes += group[i].bytes;
      }
      if (retry || !commitStatus)
        continue;
      commitStatus = m_store->commitGroup(m_totalBytes + groupBytes);
    }
    if (!commitStatus)
      m_store->rollbackGroup();
    else
      m_totalBytes += groupBytes;

    std::size_t spans = 0;
    for (const Pending& pending : group)
      spans += weight(pending.batch);
    // Before anyone hears of the group: a submit after its acknowledgement sees its cost.
    recordCost(spans, std::chrono::steady_clock::now() - started);
    LiveWriterCounters delta;
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (!failed[i] && !commitStatus)
        acks[i].status = commitStatus;
      if (acks[i].status) {
        ++delta.batches;
        delta.spans += acks[i].result.spans;
        delta.duplicates += acks[i].result.duplicates;
      } else {
        acks[i].result = {};
      }
    }
    {
      std::lock_guard lock(m_mutex);
      m_counters.batches += delta.batches;
      m_counters.spans += delta.spans;
      m_counters.duplicates += delta.duplicates;
      ++(commitStatus ? m_counters.commits : m_counters.failedCommits);
    }
    // Only now, after COMMIT returned, does anyone hear about the batches.
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (group[i].callback)
        group[i].callback(acks[i]);
    }
    {
      std::lock_guard lock(m_mutex);
      m_pendingSpans -= spans;
      m_completed += group.size();
    }
    m_idle.notify_all();
  }

  LiveTraceWriterOptions m_options;
  WriterConnection m_connection;
  std::unique_ptr<LiveSpanStore> m_store;
  std::unique_ptr<LiveWalCheckpointer> m_checkpointer;  // after the store, before the thread
  Status m_openStatus;
  std::uint64_t m_totalBytes = 0;  // writer thread only
  // How much of the previous groups' cost the average keeps per group (writer thread only).
  static constexpr double kCostDecay = 0.9;
  double m_recentSpans = 0;
  double m_recentMicros = 0;

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  std::deque<Pending> m_queue;
  std::size_t m_pendingSpans = 0;  // queued plus being written
  std::size_t m_queuedSpans = 0;
  double m_microsPerSpan = 0;  // from recordCost()
  std::uint64_t m_submitted = 0;
  std::uint64_t m_completed = 0;
  std::uint64_t m_flushTarget = 0;
  bool m_closing = false;
  LiveWriterCounters m_counters;
  BackgroundRelease<std::vector<Pending>> m_spent;  // committed groups, freed off this thread
  std::thread m_thread;
};

LiveTraceWriter::LiveTraceWriter(Workspace& workspace, std::string endpoint,
                                 LiveTraceWriterOptions options)
    : m_impl(std::make_unique<Impl>(workspace, std::move(endpoint), options)) {}

LiveTraceWriter::~LiveTraceWriter() = default;

const Status& LiveTraceWriter::openStatus() const {
  return m_impl->openStatus();
}

std::int64_t LiveTraceWriter::sourceId() const {
  return m_impl->sourceId();
}

LiveSubmit LiveTraceWriter::submit(TraceBatch&& batch, std::uint64_t bytes, Callback onCommitted) {
  return m_impl->submit(std::move(batch), bytes, std::move(onCommitted));
}

void LiveTraceWriter::flush() {
  m_impl->flush();
}

void LiveTraceWriter::close() {
  m_impl->close();
}

LiveWriterCounters LiveTraceWriter::counters() const {
  return m_impl->counters();
}

}  // namespace sightline
