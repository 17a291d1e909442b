#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"

namespace sightline {

// Per (service, operation) figures, as in Jaeger's trace statistics view plus self time.
// Percentiles use the nearest-rank method: pQ is the value at 1-based rank ceil(Q/100 · count)
// of the durations sorted ascending (so p50 of {1, 2, 3, 4} is 2, and pQ is always a value
// that occurred).
struct OperationStatistics {
  std::string service;
  std::string operation;
  std::uint64_t count = 0;
  std::uint64_t totalDurationNs = 0;
  std::uint64_t minDurationNs = 0;
  std::uint64_t maxDurationNs = 0;
  double avgDurationNs = 0;
  std::uint64_t totalSelfTimeNs = 0;
  std::uint64_t minSelfTimeNs = 0;
  std::uint64_t maxSelfTimeNs = 0;
  double avgSelfTimeNs = 0;
  double percentOfTrace = 0;  // 100 * total self time / trace duration
  std::uint64_t p50DurationNs = 0;
  std::uint64_t p95DurationNs = 0;
  std::uint64_t p99DurationNs = 0;
};

// Statistics of one trace, ordered by total self time, largest first (ties: service, then
// operation). Trace duration = latest span end - earliest span start. Uses tree.selfTimeNs
// when present (buildTraceTree), computes self times otherwise.
std::vector<OperationStatistics> computeTraceStatistics(const LoadedTrace& trace,
                                                        const TraceTree& tree);

// Statistics over many traces; percentOfTrace is relative to the sum of their durations.
std::vector<OperationStatistics> computeOperationStatistics(const std::vector<LoadedTrace>& traces);

// Streaming form of the statistics for workspace-wide figures: add spans one at a time,
// then finish() once. Percentiles are computed with std::nth_element over the kept durations
// (8 bytes per span).
class OperationStatisticsAccumulator {
 public:
  // A dense id for the (service, operation) pair, to skip the lookup in hot loops.
  std::uint32_t groupId(std::string_view service, std::string_view operation);
  void add(std::uint32_t group, std::uint64_t durationNs, std::uint64_t selfTimeNs);
  void add(std::string_view service, std::string_view operation, std::uint64_t durationNs,
           std::uint64_t selfTimeNs) {
    add(groupId(service, operation), durationNs, selfTimeNs);
  }
  // Adds to the denominator of percentOfTrace (the duration of one whole trace).
  void addTraceDuration(std::uint64_t durationNs) { m_traceTimeNs += durationNs; }
  // The figures ordered as computeTraceStatistics orders them; empties the accumulator.
  std::vector<OperationStatistics> finish();

 private:
  struct Group {
    std::string service;
    std::string operation;
    std::uint64_t totalSelfNs = 0;
    std::uint64_t minSelfNs = UINT64_MAX;
    std::uint64_t maxSelfNs = 0;
    std::vector<std::uint64_t> durations;
  };
  struct KeyView {
    std::string_view service;
    std::string_view operation;
  };
  struct KeyHash {
    std::size_t operator()(const KeyView& k) const;
  };
  struct KeyEqual {
    bool operator()(const KeyView& a, const KeyView& b) const {
      return a.service == b.service && a.operation == b.operation;
    }
  };

  // Keys view into the groups' own strings, which stay put because groups are heap-held.
  std::unordered_map<KeyView, std::uint32_t, KeyHash, KeyEqual> m_ids;
  std::vector<std::unique_ptr<Group>> m_groups;
  std::uint64_t m_traceTimeNs = 0;
};

// Nearest-rank percentile (see OperationStatistics) of values; reorders them. 0 when empty.
std::uint64_t nearestRankPercentile(std::vector<std::uint64_t>& values, unsigned percent);

}  // namespace sightline
