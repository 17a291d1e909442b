#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_records.h"
#include "model/store/workspace.h"

namespace sightline::cli {

// One `_bucket` series of a histogram: its labels without `le`, and its upper bound.
struct BucketSeries {
  std::vector<MetricLabel> labels;  // sorted by name, `le` removed
  double upperBound = 0;
};

// The bucket values of one snapshot, indexed like the BucketSeries list; nullopt where the
// series has no point in that snapshot.
struct BucketSnapshot {
  std::int64_t timeMs = 0;
  std::vector<std::optional<double>> counts;
};

struct HistogramQuantileOptions {
  double quantile = 0.5;
  // Empty: one result per label set, as histogram_quantile(q, x_bucket). Else the buckets
  // are summed across the other labels first, as histogram_quantile(q, sum by (le, …)).
  std::vector<std::string> by;
  // Per-second increase of each bucket between consecutive snapshots (reset rule of
  // counterDelta) instead of the cumulative counts, as histogram_quantile(q, rate(…)).
  bool rate = false;
};

struct QuantilePoint {
  std::int64_t timeMs = 0;  // the snapshot's time (with rate: the interval's end)
  double value = 0;
};

struct QuantileGroup {
  std::vector<MetricLabel> labels;  // the group's labels (only the `by` labels when given)
  std::vector<QuantilePoint> points;
};

// histogram_quantile per group and snapshot. A group gets a point in a snapshot where at
// least one of its buckets has a value (with rate: a value in both snapshots of the
// interval); intervals of zero length are skipped. Groups sorted by labels.
std::vector<QuantileGroup> computeHistogramQuantiles(const std::vector<BucketSeries>& buckets,
                                                     const std::vector<BucketSnapshot>& snapshots,
                                                     const HistogramQuantileOptions& options);

// The buckets of the histogram family NAME (or of an untyped family NAME_bucket, as API JSON
// brings them) from every snapshot that holds them, in time order. Fails when the workspace
// has no such histogram.
struct HistogramData {
  std::vector<BucketSeries> buckets;
  std::vector<BucketSnapshot> snapshots;
};
std::optional<HistogramData> loadHistogramBuckets(Workspace& workspace, const std::string& name,
                                                  Status* status);

}  // namespace sightline::cli
