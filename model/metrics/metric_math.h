#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_records.h"

namespace sightline {

// Per-second rate of a counter between consecutive points (one result per point after the
// first), with Prometheus' reset rule: when a value is lower than the previous one the
// counter restarted from zero, so the increase over that interval is the new value.
// Intervals of zero length are skipped.
struct RatePoint {
  std::int64_t timeMs = 0;  // end of the interval
  double perSecond = 0;
  bool reset = false;
};
std::vector<RatePoint> counterRates(std::span<const MetricPoint> points);

// Increase of a counter from the first to the last point with the same reset rule.
double counterIncrease(std::span<const MetricPoint> points);

// Increase of a counter between two readings with the reset rule: `current` itself when it
// is lower than `previous` (the counter restarted from zero), else the difference.
double counterDelta(double previous, double current);

// Snapshots (ids, in time order) at which a process restarted: its
// process_start_time_seconds differs from the previous point's. A counter that restarted
// can be higher than before the restart, so the value-drop rule alone misses it.
std::vector<std::int64_t> processRestartSnapshots(std::span<const MetricPoint> startTimes);

// counterRates with known restarts: an interval ending at a snapshot listed in
// `restartSnapshots` (sorted ids) counts from zero even when the value did not drop.
std::vector<RatePoint> counterRates(std::span<const MetricPoint> points,
                                    std::span<const std::int64_t> restartSnapshots);

// One bucket of a classic histogram: cumulative count of observations ≤ upperBound.
struct HistogramBucket {
  double upperBound = 0;  // +Inf for the last bucket
  double count = 0;
};

// PromQL histogram_quantile(q, buckets) for one label set, with Prometheus' rules: buckets
// sorted by bound; NaN when there is no +Inf bucket, fewer than 2 buckets or no
// observations; q < 0 → -Inf, q > 1 → +Inf; non-monotonic counts are made monotonic; linear
// interpolation inside the bucket; the lowest bucket starts at 0 when its bound is > 0; a
// quantile in the +Inf bucket gives the highest finite bound.
double histogramQuantile(double q, std::vector<HistogramBucket> buckets);

// A series selector as typed in PromQL / the CLI: name{a="x",b!="y",c=~"re",d!~"re"}; the
// name is optional when labels are given.
struct LabelMatcher {
  enum class Op { Equal, NotEqual, Regex, NotRegex };
  std::string name;
  Op op = Op::Equal;
  std::string value;
};
struct SeriesSelector {
  std::string metricName;  // empty = any
  std::vector<LabelMatcher> matchers;
};
// Parses a selector; an error names the position.
std::optional<SeriesSelector> parseSeriesSelector(const std::string& text, Status* status);
// Regexes are fully anchored, as in PromQL.
bool selectorMatches(const SeriesSelector& selector, const std::string& sampleName,
                     const std::vector<MetricLabel>& labels);

}  // namespace sightline
