#include "ui/metrics/metric_chart_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <QStringList>

namespace sightline {

namespace {

constexpr char kProcessStartLabelsHint[] = "process_start_time_seconds";

double toSeconds(std::int64_t unixMs) {
  return static_cast<double>(unixMs) / 1000.0;
}

bool labelsEqual(const std::vector<MetricLabel>& a, const std::vector<MetricLabel>& b) {
  return a == b;
}

bool contains(const std::vector<MetricLabel>& labels, const MetricLabel& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

std::optional<double> valueAt(const MetricSeriesValues* series, std::size_t snapshot) {
  if (!series || snapshot >= series->values.size() || !series->values[snapshot])
    return std::nullopt;
  const double value = *series->values[snapshot];
  if (std::isnan(value))
    return std::nullopt;
  return value;
}

std::optional<double> parseBound(const std::string& text) {
  if (text == "+Inf" || text == "Inf" || text == "+inf" || text == "inf")
    return std::numeric_limits<double>::infinity();
  bool ok = false;
  const double bound = QString::fromStdString(text).toDouble(&ok);
  return ok ? std::optional<double>(bound) : std::nullopt;
}

}  // namespace

std::vector<MetricPoint> seriesPoints(const MetricSeriesTable& table,
                                      const MetricSeriesValues& series) {
  std::vector<MetricPoint> points;
  const std::size_t count = std::min(table.snapshotTimesMs.size(), series.values.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (series.values[i])
      points.push_back({static_cast<std::int64_t>(i), table.snapshotTimesMs[i], *series.values[i]});
  }
  return points;
}

std::vector<std::int64_t> restartSnapshotsFor(const MetricSeriesTable& table,
                                              const std::vector<MetricSeriesValues>& processStarts,
                                              const std::vector<MetricLabel>& labels) {
  const MetricSeriesValues* best = nullptr;
  std::size_t bestShared = 0;
  for (const MetricSeriesValues& start : processStarts) {
    if (start.name != kProcessStartLabelsHint)
      continue;
    const bool subset = std::all_of(start.labels.begin(), start.labels.end(),
                                    [&](const MetricLabel& l) { return contains(labels, l); });
    if (subset && (!best || start.labels.size() > bestShared)) {
      best = &start;
      bestShared = start.labels.size();
    }
  }
  if (!best && processStarts.size() == 1 && processStarts.front().name == kProcessStartLabelsHint)
    best = &processStarts.front();
  if (!best)
    return {};
  // NaN start times say nothing about a restart.
  std::vector<MetricPoint> points = seriesPoints(table, *best);
  points.erase(std::remove_if(points.begin(), points.end(),
                              [](const MetricPoint& p) { return std::isnan(p.value); }),
               points.end());
  return processRestartSnapshots(points);
}

ChartLine rawLine(const MetricSeriesTable& table, const MetricSeriesValues& series) {
  ChartLine line;
  line.name = seriesText(series.name, series.labels);
  for (const MetricPoint& point : seriesPoints(table, series)) {
    if (std::isnan(point.value))
      continue;
    line.xSeconds.push_back(toSeconds(point.timeMs));
    line.y.push_back(point.value);
  }
  return line;
}

ChartLine rateLine(const MetricSeriesTable& table, const MetricSeriesValues& series,
                   const std::vector<std::int64_t>& restartSnapshots) {
  ChartLine line;
  line.name = seriesText(series.name, series.labels);
  std::vector<MetricPoint> points = seriesPoints(table, series);
  points.erase(std::remove_if(points.begin(), points.end(),
                              [](const MetricPoint& p) { return std::isnan(p.value); }),
               points.end());
  for (const RatePoint& rate : counterRates(points, restartSnapshots)) {
    if (rate.reset)
      line.resets.push_back(line.y.size());
    line.xSeconds.push_back(toSeconds(rate.timeMs));
    line.y.push_back(rate.perSecond);
  }
  return line;
}

std::vector<HistogramGroup> groupHistogram(const MetricSeriesTable& table,
                                           const std::string& family) {
  std::vector<HistogramGroup> groups;
  auto groupOf = [&](const std::vector<MetricLabel>& labels) -> HistogramGroup& {
    for (HistogramGroup& group : groups) {
      if (labelsEqual(group.labels, labels))
        return group;
    }
    groups.push_back({labels, {}, nullptr, nullptr});
    return groups.back();
  };
  for (const MetricSeriesValues& series : table.series) {
    if (series.family != family)
      continue;
    if (series.name == family + "_bucket") {
      const std::string* le = findMetricLabel(series.labels, "le");
      const std::optional<double> bound = le ? parseBound(*le) : std::nullopt;
      if (!bound)
        continue;
      groupOf(withoutLabel(series.labels, "le")).buckets.emplace_back(*bound, &series);
    } else if (series.name == family + "_count") {
      groupOf(series.labels).count = &series;
    } else if (series.name == family + "_sum") {
      groupOf(series.labels).sum = &series;
    }
  }
  for (HistogramGroup& group : groups) {
    std::stable_sort(group.buckets.begin(), group.buckets.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  return groups;
}

std::vector<HistogramBucket> bucketsAt(const HistogramGroup& group, std::size_t snapshot) {
  std::vector<HistogramBucket> buckets;
  for (const auto& [bound, series] : group.buckets) {
    if (const auto value = valueAt(series, snapshot))
      buckets.push_back({bound, *value});
  }
  return buckets;
}

ChartLine quantileLine(const MetricSeriesTable& table, const HistogramGroup& group, double q,
                       bool perInterval) {
  return quantileLine(table, std::vector<HistogramGroup>{group}, q, perInterval);
}

ChartLine quantileLine(const MetricSeriesTable& table, const std::vector<HistogramGroup>& groups,
                       double q, bool perInterval) {
  ChartLine line;
  line.name = quantileName(q);
  const std::size_t snapshots = table.snapshotTimesMs.size();
  for (std::size_t i = perInterval ? 1 : 0; i < snapshots; ++i) {
    std::map<double, double> byBound;
    for (const HistogramGroup& group : groups) {
      for (const auto& [bound, series] : group.buckets) {
        const auto current = valueAt(series, i);
        if (!current)
          continue;
        if (!perInterval) {
          byBound[bound] += *current;
          continue;
        }
        if (const auto previous = valueAt(series, i - 1))
          byBound[bound] += counterDelta(*previous, *current);
      }
    }
    std::vector<HistogramBucket> buckets;
    for (const auto& [bound, count] : byBound)
      buckets.push_back({bound, count});
    const double value = histogramQuantile(q, std::move(buckets));
    if (std::isnan(value))
      continue;
    line.xSeconds.push_back(toSeconds(table.snapshotTimesMs[i]));
    line.y.push_back(value);
  }
  return line;
}

std::vector<BucketBar> bucketDistribution(const HistogramGroup& group, std::size_t snapshot) {
  return bucketBars(bucketsAt(group, snapshot));
}

std::vector<HistogramBucket> summedBucketsAt(const std::vector<HistogramGroup>& groups,
                                             std::size_t snapshot) {
  std::map<double, double> byBound;
  for (const HistogramGroup& group : groups) {
    for (const HistogramBucket& bucket : bucketsAt(group, snapshot))
      byBound[bucket.upperBound] += bucket.count;
  }
  std::vector<HistogramBucket> buckets;
  for (const auto& [bound, count] : byBound)
    buckets.push_back({bound, count});
  return buckets;
}

std::vector<BucketBar> bucketBars(const std::vector<HistogramBucket>& cumulative,
                                  MetricValueUnit unit) {
  std::vector<BucketBar> bars;
  double previousBound = 0;
  double previousCount = 0;
  double lastFinite = 0;
  for (const HistogramBucket& bucket : cumulative) {
    BucketBar bar;
    bar.lower = previousBound;
    bar.count = std::max(0.0, bucket.count - previousCount);
    if (std::isinf(bucket.upperBound)) {
      bar.upper = lastFinite > 0 ? lastFinite * 2 : 1;
      bar.label = QStringLiteral("> ") + formatMetricValue(lastFinite, unit);
    } else {
      bar.upper = bucket.upperBound;
      bar.label = formatMetricValue(bucket.upperBound, unit);
      lastFinite = bucket.upperBound;
    }
    previousBound = bar.upper;
    previousCount = std::max(previousCount, bucket.count);
    bars.push_back(std::move(bar));
  }
  return bars;
}

QString quantileName(double q) {
  return QLatin1Char('p') + QString::number(q * 100, 'g', 6);
}

std::vector<QString> distinctLabelTexts(const std::vector<std::vector<MetricLabel>>& labelSets,
                                        const QString& fallback) {
  // A label differs when some set lacks it or holds another value than the first set.
  std::map<std::string, bool> varies;
  for (const auto& labels : labelSets) {
    for (const MetricLabel& label : labels)
      varies.emplace(label.name, false);
  }
  for (auto& [name, differs] : varies) {
    const std::string* first = labelSets.empty() ? nullptr : findMetricLabel(labelSets[0], name);
    for (const auto& labels : labelSets) {
      const std::string* value = findMetricLabel(labels, name);
      if ((value == nullptr) != (first == nullptr) || (value && *value != *first))
        differs = true;
    }
  }
  std::vector<QString> texts;
  for (const auto& labels : labelSets) {
    std::vector<MetricLabel> shown;
    for (const MetricLabel& label : labels) {
      if (varies[label.name])
        shown.push_back(label);
    }
    texts.push_back(shown.empty() ? fallback : QString::fromStdString(canonicalLabelText(shown)));
  }
  return texts;
}

std::vector<MetricLabel> withoutLabel(const std::vector<MetricLabel>& labels,
                                      const std::string& name) {
  std::vector<MetricLabel> result;
  result.reserve(labels.size());
  for (const MetricLabel& label : labels) {
    if (label.name != name)
      result.push_back(label);
  }
  return result;
}

}  // namespace sightline
