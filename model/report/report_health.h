#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/compare_traces.h"

namespace sightline {

class Workspace;

// Section 6 of the report, "service health over time": each side's requests (RED from the
// root spans of its traces) and its processes (CPU, goroutines, memory from the Prometheus
// snapshots taken in its window), as series over the time since the side's start, so that
// both sides share one relative time axis.

inline constexpr std::size_t kHealthBuckets = 60;   // over the longer side's window
inline constexpr std::size_t kHealthEndpoints = 3;  // besides all requests
inline constexpr std::size_t kHealthJobs = 4;       // by CPU time used

// One time bucket of root spans.
struct HealthBucket {
  std::uint64_t offsetNs = 0;  // its start, since the side's start
  std::uint64_t lengthNs = 0;  // bucketNs; the last one takes the rest of the window
  std::uint32_t requests = 0;  // root spans starting in it
  std::uint32_t errors = 0;    // of them in error (compareSpanErrorSql)
  std::uint64_t p95Ns = 0;     // nearest-rank p95 of their durations, 0 without requests
};

// A metric reading (or a rate between two readings: at the second one).
struct HealthPoint {
  std::uint64_t offsetNs = 0;  // since the side's start
  double value = 0;
};

// One job's processes on one side; every instance of the job summed.
struct HealthJobSeries {
  std::vector<HealthPoint> cpuCores;     // rate of process_cpu_seconds_total
  std::vector<HealthPoint> goroutines;   // go_goroutines
  std::vector<HealthPoint> memoryBytes;  // ReportHealth::Job::memoryMetric
};

struct HealthSide {
  std::uint64_t startNs = 0;   // the side's first span start (or first snapshot)
  std::uint64_t windowNs = 0;  // to its last span end
  std::uint64_t requests = 0;  // root spans read
  // Per ReportHealth::endpoints: [0] all requests, then one per endpoint drawn.
  std::vector<std::vector<HealthBucket>> red;
  std::vector<HealthJobSeries> jobs;  // per ReportHealth::jobs
};

// The SLO the diagnosis' slo-burn rule holds the workspace to (its thresholds).
struct HealthSlo {
  double objective = 0;     // 0.999: the error budget is 1 − objective of the requests
  double pageBurnRate = 0;  // 14.4: an error ratio of 14.4 × the budget pages
  std::uint64_t latencyBudgetNs = 0;
};

struct ReportHealth {
  std::uint64_t bucketNs = 0;  // the same on both sides
  std::uint64_t axisNs = 0;    // the longer window: the x axis runs 0 … axisNs
  struct Endpoint {
    std::string service;  // both empty: all requests
    std::string operation;
  };
  std::vector<Endpoint> endpoints;  // [0] all requests, then by the report's endpoint order
  std::size_t omittedEndpoints = 0;
  struct Job {
    std::string job;
    std::string memoryMetric;  // the family its memory came from, empty without one
    double cpuSeconds = 0;     // over both windows, the rank
  };
  std::vector<Job> jobs;
  std::vector<std::string> omittedJobs;  // by CPU time used
  std::optional<HealthSlo> slo;          // nullopt when the slo-burn rule is off
  bool hasBaseline = false;
  HealthSide baseline;  // with a baseline
  HealthSide target;    // the whole workspace without one
};

// Reads the section from the sides readReportContent resolved (`comparison` holds them; its
// baseline is ignored without `hasBaseline`). One SQL statement per side over the traces and
// their root spans (not the other spans), and the metric families named above. A source side
// holds the traces whose root span the source stored; a range side those starting in it.
// `endpointOrder` names the endpoints to draw first (the report's), `rulesJson` the rules.
Status readReportHealth(Workspace& workspace, const CompareSideSummary& baseline,
                        const CompareSideSummary& target, bool hasBaseline,
                        const std::vector<ReportHealth::Endpoint>& endpointOrder,
                        const std::string& rulesJson, ReportHealth* health);

// The buckets of a window `windowNs` long, `bucketNs` wide: the last one takes the rest, and
// a rest shorter than half a bucket joins the one before. At least one bucket.
std::vector<HealthBucket> healthBuckets(std::uint64_t windowNs, std::uint64_t bucketNs);

// The bucket of an offset into those buckets (the last one for offsets past the end).
std::size_t healthBucketOf(const std::vector<HealthBucket>& buckets, std::uint64_t offsetNs);

}  // namespace sightline
