#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_records.h"
#include "model/store/live_submit.h"
#include "model/store/workspace.h"

namespace sightline {

struct LiveMetricWriterOptions {
  // Group commit, as LiveTraceWriter: commit when this many points are pending, or at the
  // latest this long after the oldest pending submission arrived.
  std::size_t commitPoints = 65536;
  std::chrono::milliseconds commitInterval{100};
  // Points accepted but not yet committed; a submit beyond it is refused (Behind). One
  // submission is always accepted into an empty queue.
  std::size_t capacityPoints = 1u << 20;
};

// What one submission became, delivered once its transaction committed (or failed).
struct LiveMetricAck {
  Status status;                 // an error: nothing of the submission is stored
  std::uint64_t points = 0;      // stored
  std::uint64_t newSeries = 0;   // series the workspace did not have before
  std::uint64_t duplicates = 0;  // points their snapshot already held (a resend): skipped
};

struct LiveMetricCounters {
  std::uint64_t submissions = 0;  // acknowledged
  std::uint64_t points = 0;       // stored
  std::uint64_t duplicates = 0;   // resent points skipped
  std::uint64_t snapshots = 0;    // created
  std::uint64_t refused = 0;      // Behind
  std::uint64_t commits = 0;
  std::uint64_t failedCommits = 0;
};

// One submission: what a metrics reader emitted for one request body or one scrape, in
// order (family indexes are the reader's, running across the batches).
struct LiveMetricSubmission {
  std::vector<MetricBatch> batches;
  // The snapshot time of samples without a timestamp (the scrape's start, the request's
  // arrival), in Unix milliseconds.
  std::int64_t defaultTimeMs = 0;
  std::uint64_t bytes = 0;  // the body's size, added to the source's size
};

// Stores a live stream of metric submissions (OTLP metrics requests, Prometheus scrapes of
// one target) as one `sources` row of kind "live" that grows by committed transactions: each
// submission adds its snapshot(s) to that source; families and series are shared with the
// rest of the workspace as in a file import. submit() never blocks on the disk; the callback
// runs on the writer thread after the transaction holding the submission committed.
//
// Snapshots (MetricStoreWriter's append mode): a submission's exposition samples (a scrape)
// are one new snapshot at the newest explicit sample timestamp, else `defaultTimeMs`;
// instant-grouped samples (OTLP, timestampsAreSnapshots) join the source's snapshot of the
// same instant, whichever submission created it. A point that its snapshot already holds (a
// resent request) is skipped and counted as a duplicate.
class LiveMetricWriter {
 public:
  using Callback = std::function<void(const LiveMetricAck&)>;

  // `endpoint` becomes the source's path (e.g. "otlp-http://127.0.0.1:4318/v1/metrics",
  // "scrape http://127.0.0.1:9100/metrics").
  LiveMetricWriter(Workspace& workspace, std::string endpoint,
                   LiveMetricWriterOptions options = {});
  // close()s.
  ~LiveMetricWriter();
  LiveMetricWriter(const LiveMetricWriter&) = delete;
  LiveMetricWriter& operator=(const LiveMetricWriter&) = delete;

  const Status& openStatus() const;
  std::int64_t sourceId() const;

  LiveSubmit submit(LiveMetricSubmission&& submission, Callback onCommitted);
  // Waits until everything submitted before the call is committed (or failed).
  void flush();
  // Refuses further submits, commits what is queued and stops the writer thread.
  void close();
  LiveMetricCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
