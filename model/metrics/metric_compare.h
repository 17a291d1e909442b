#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "model/metrics/metric_series_table.h"

namespace sightline {

enum class MetricChangeKind : std::uint8_t {
  CounterRate,      // per-second rate over the interval ending at each snapshot
  CounterIncrease,  // no earlier snapshot to take a rate over: raw values, change = increase
  Gauge,            // the value itself (gauges, untyped, summary quantiles)
  HistogramQuantileInterval,    // quantile of the bucket increases over the interval before
  HistogramQuantileCumulative,  // quantile of the buckets as they stand (since start)
};

// One line of the "biggest changes" table between a baseline and a current snapshot.
struct MetricChange {
  MetricChangeKind kind = MetricChangeKind::Gauge;
  std::string family;
  std::string series;  // sample name (family name for quantiles) + canonical labels
  double quantile = std::numeric_limits<double>::quiet_NaN();  // for histogram quantiles
  double before = 0;
  double after = 0;
  double change = 0;  // after − before; for CounterIncrease the increase (a drop = restart)
  // change / |before|; ±Inf when before is 0 and the value moved.
  double relativeChange = 0;
};

struct MetricCompareOptions {
  std::vector<double> quantiles{0.5, 0.99};
  std::size_t limit = 100;  // 0 = no limit
  bool includeUnchanged = false;
};

// The changes between snapshot `baseline` and snapshot `current` (indexes into
// table.snapshotTimesMs), biggest relative change first (ties: biggest absolute change,
// then series text). Counters (and untyped *_total, histogram/summary _count) compare
// their rates over the interval before each snapshot when both have an earlier snapshot
// holding the series, else their raw values; gauges, untyped series and summary quantiles
// compare values; classic histograms compare each requested quantile of the bucket
// increases over the interval before each snapshot (or of the cumulative buckets when there
// is no earlier snapshot; gauge histograms always cumulative). Series absent from either
// snapshot, _sum/_created series, info metrics and NaN results are left out.
std::vector<MetricChange> compareMetricSnapshots(const MetricSeriesTable& table,
                                                 std::size_t baseline, std::size_t current,
                                                 const MetricCompareOptions& options = {});

}  // namespace sightline
