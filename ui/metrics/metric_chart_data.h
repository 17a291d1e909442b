#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <QString>

#include "model/metrics/metric_math.h"
#include "model/metrics/metric_series_table.h"
#include "model/text/metric_value_text.h"

namespace sightline {

// What the chart draws: lines over time, prepared from a MetricSeriesTable by the pure
// functions below so that they can be tested without a widget.
struct ChartLine {
  QString name;                  // legend text
  std::vector<double> xSeconds;  // unix seconds (QCustomPlot's date ticker)
  std::vector<double> y;
  std::vector<std::size_t> resets;  // indexes into x/y of intervals that counted from zero
};

struct ChartData {
  std::vector<ChartLine> lines;
  QString yLabel;
  MetricValueUnit unit = MetricValueUnit::Plain;
  bool perSecond = false;  // y is a rate (the tooltip says "/s")
  QString note;            // e.g. why nothing is drawn, or how many lines were left out
};

// How a family is charted. Counters default to Rate, classic histograms to Quantiles,
// summaries to their quantile series; Raw shows the stored values of any series.
enum class ChartMode { Raw, Rate, Quantiles, IntervalQuantiles };

// The points of one series of `table` (snapshot index as the snapshot id), NaN kept.
std::vector<MetricPoint> seriesPoints(const MetricSeriesTable& table,
                                      const MetricSeriesValues& series);

// Snapshot indexes of `table` at which the process behind `labels` restarted, read from
// the process_start_time_seconds series in `processStarts`: the one whose labels all occur
// in `labels` (the most labels wins), else the only one there is; none otherwise.
std::vector<std::int64_t> restartSnapshotsFor(const MetricSeriesTable& table,
                                              const std::vector<MetricSeriesValues>& processStarts,
                                              const std::vector<MetricLabel>& labels);

// The stored values of a series as a line (NaN points left out).
ChartLine rawLine(const MetricSeriesTable& table, const MetricSeriesValues& series);

// A counter as per-second rates between consecutive snapshots (counterRates with the
// restarts given as snapshot indexes); one point per interval, at its end.
ChartLine rateLine(const MetricSeriesTable& table, const MetricSeriesValues& series,
                   const std::vector<std::int64_t>& restartSnapshots = {});

// The buckets of one label set of a classic histogram (labels without `le`), ordered by
// bound, plus its _count and _sum when present.
struct HistogramGroup {
  std::vector<MetricLabel> labels;
  std::vector<std::pair<double, const MetricSeriesValues*>> buckets;  // (le, series)
  const MetricSeriesValues* count = nullptr;
  const MetricSeriesValues* sum = nullptr;
};
// Groups the _bucket/_count/_sum series of histogram `family` in `table` by label set
// (in the table's order). Buckets whose `le` is not a number are left out.
std::vector<HistogramGroup> groupHistogram(const MetricSeriesTable& table,
                                           const std::string& family);

// The buckets of `group` in one snapshot (missing or NaN buckets left out).
std::vector<HistogramBucket> bucketsAt(const HistogramGroup& group, std::size_t snapshot);

// q's quantile of `group` over time with histogram_quantile: per snapshot over the
// cumulative buckets, or (`perInterval`) over the bucket increases between consecutive
// snapshots (a bucket that dropped counts from zero), one point per interval at its end.
// NaN results (no observations) are left out.
ChartLine quantileLine(const MetricSeriesTable& table, const HistogramGroup& group, double q,
                       bool perInterval);
// The same over several label sets with their buckets summed per bound first, as
// histogram_quantile(q, sum by (le) (…)) does.
ChartLine quantileLine(const MetricSeriesTable& table, const std::vector<HistogramGroup>& groups,
                       double q, bool perInterval);

// One bar of the bucket distribution: the observations in (lower, upper] of one snapshot
// (cumulative counts turned into per-bucket counts; +Inf drawn one step past the last bound).
struct BucketBar {
  double lower = 0;
  double upper = 0;
  double count = 0;
  QString label;  // the upper bound in the family's unit ("250 ms"), "> 10 s" for +Inf
};
std::vector<BucketBar> bucketBars(const std::vector<HistogramBucket>& cumulative,
                                  MetricValueUnit unit = MetricValueUnit::Plain);
std::vector<BucketBar> bucketDistribution(const HistogramGroup& group, std::size_t snapshot);

// The cumulative buckets of several label sets summed per bound in one snapshot, as
// `sum by (le)` does; bounds missing from a set count nothing for it.
std::vector<HistogramBucket> summedBucketsAt(const std::vector<HistogramGroup>& groups,
                                             std::size_t snapshot);

// "p50", "p99", "p99.9".
QString quantileName(double q);

// Legend names for several label sets: only the labels that differ between them
// ({method="GET"}), or `fallback` when they are all the same.
std::vector<QString> distinctLabelTexts(const std::vector<std::vector<MetricLabel>>& labelSets,
                                        const QString& fallback);

// A copy of `labels` without the label `name`.
std::vector<MetricLabel> withoutLabel(const std::vector<MetricLabel>& labels,
                                      const std::string& name);

}  // namespace sightline
