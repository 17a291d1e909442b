#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "model/common/status.h"
#include "model/store/live_submit.h"
#include "model/store/workspace.h"
#include "model/traces/live_span_store.h"
#include "model/traces/trace_records.h"

namespace sightline {

struct LiveTraceWriterOptions {
  // Group commit that adapts to the load: the writer takes what is queued as soon as it is
  // free, up to this many spans per transaction (at least one batch). Idle, a request is
  // committed alone at once; under load, what arrived while one group was being written
  // forms the next, so groups grow with the load and commits stay cheap per span.
  std::size_t commitSpans = 16384;
  // When positive, the writer first waits up to this long after the oldest queued batch
  // arrived (or until commitSpans are queued) to gather a bigger group: fewer transactions
  // for a longer wait before the acknowledgement. 0: commit as soon as the writer is free.
  std::chrono::milliseconds commitInterval{0};
  // Spans accepted but not yet committed (queued plus the group being written). A submit
  // beyond it is refused (Behind); one batch is always accepted into an empty queue, so a
  // request larger than the capacity is not refused forever.
  std::size_t capacitySpans = 65536;
  // The writer is "behind" when what waits for it would take longer than this to commit at
  // the rate it has been committing (an average over recent groups): such a submit is refused
  // (Behind), so that under overload the excess is told to retry instead of waiting in line.
  // 0 turns this off (only capacitySpans counts).
  std::chrono::milliseconds maxQueueDelay{100};
  // Up to this many queued spans are never refused for the delay: the average cost is high
  // after an idle spell (small groups), and a burst of a few requests is not an overload.
  std::size_t delayFreeSpans = 4096;
};

// What a submitted batch became, delivered once its transaction committed (or failed).
struct LiveAck {
  Status status;  // an error: nothing of the batch is stored
  LiveBatchResult result;
};

struct LiveWriterCounters {
  std::uint64_t batches = 0;  // acknowledged
  std::uint64_t spans = 0;    // stored
  std::uint64_t duplicates = 0;
  std::uint64_t refused = 0;  // Behind
  double microsPerSpan = 0;   // the writer's recent cost per span, what maxQueueDelay uses
  std::uint64_t commits = 0;
  std::uint64_t failedCommits = 0;
};

// Stores a live stream of span batches as one `sources` row of kind "live" that grows by
// committed transactions. submit() never blocks on the disk: it queues the batch (bounded) and
// a writer thread commits groups of batches; each batch's callback runs on that thread only
// after the transaction holding it committed (ack after commit), so what was acknowledged
// survives a crash. Spans already in the workspace (same trace id and span id) are skipped.
class LiveTraceWriter {
 public:
  using Callback = std::function<void(const LiveAck&)>;

  // `endpoint` becomes the source's path (e.g. "otlp-http://127.0.0.1:4318").
  LiveTraceWriter(Workspace& workspace, std::string endpoint, LiveTraceWriterOptions options = {});
  // close()s.
  ~LiveTraceWriter();
  LiveTraceWriter(const LiveTraceWriter&) = delete;
  LiveTraceWriter& operator=(const LiveTraceWriter&) = delete;

  // Whether the source row exists and the writer thread runs.
  const Status& openStatus() const;
  std::int64_t sourceId() const;

  // `bytes` is the size of the request the batch came from (added to the source's size).
  LiveSubmit submit(TraceBatch&& batch, std::uint64_t bytes, Callback onCommitted);
  // Waits until everything submitted before the call is committed (or failed).
  void flush();
  // Refuses further submits, commits what is queued and stops the writer thread.
  void close();
  LiveWriterCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
