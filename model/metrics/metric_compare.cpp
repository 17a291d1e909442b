#include "model/metrics/metric_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "model/metrics/metric_math.h"

namespace sightline {
namespace {

enum class Role { Skip, Counter, Gauge, Bucket };

Role roleOf(const MetricSeriesValues& series) {
  if (series.name.ends_with("_created") || series.name.ends_with("_sum") ||
      series.name.ends_with("_gsum")) {
    return Role::Skip;
  }
  switch (series.type) {
    case MetricType::Counter:
      return Role::Counter;
    case MetricType::Histogram:
    case MetricType::GaugeHistogram:
      if (series.name.ends_with("_bucket")) {
        return Role::Bucket;
      }
      // _count of a histogram is a counter; _gcount of a gauge histogram a gauge.
      return series.type == MetricType::Histogram ? Role::Counter : Role::Gauge;
    case MetricType::Summary:
      return series.name.ends_with("_count") ? Role::Counter : Role::Gauge;
    case MetricType::Info:
      return Role::Skip;
    case MetricType::Gauge:
    case MetricType::StateSet:
      return Role::Gauge;
    case MetricType::Untyped:
      // Untyped series (API JSON carries no types): the _total suffix is the one safe hint.
      return series.name.ends_with("_total") ? Role::Counter : Role::Gauge;
  }
  return Role::Skip;
}

std::optional<double> valueAt(const MetricSeriesValues& series, std::size_t index) {
  if (index >= series.values.size() || !series.values[index] || std::isnan(*series.values[index])) {
    return std::nullopt;
  }
  return series.values[index];
}

double relative(double before, double change) {
  if (change == 0) {
    return 0;
  }
  if (before == 0) {
    return std::copysign(std::numeric_limits<double>::infinity(), change);
  }
  return change / std::abs(before);
}

MetricChange makeChange(MetricChangeKind kind, const MetricSeriesValues& series, std::string text,
                        double before, double after, double change) {
  MetricChange result;
  result.kind = kind;
  result.family = series.family;
  result.series = std::move(text);
  result.before = before;
  result.after = after;
  result.change = change;
  result.relativeChange = relative(before, change);
  return result;
}

class Comparison {
 public:
  Comparison(const MetricSeriesTable& table, std::size_t baseline, std::size_t current,
             const MetricCompareOptions& options)
      : m_table(table), m_baseline(baseline), m_current(current), m_options(options) {}

  std::vector<MetricChange> run() {
    // Histogram buckets grouped by family and labels without `le`.
    std::map<std::pair<std::string, std::string>, std::vector<const MetricSeriesValues*>> groups;
    for (const MetricSeriesValues& series : m_table.series) {
      switch (roleOf(series)) {
        case Role::Skip:
          break;
        case Role::Counter:
          compareCounter(series);
          break;
        case Role::Gauge:
          compareGauge(series);
          break;
        case Role::Bucket: {
          std::vector<MetricLabel> labels;
          for (const MetricLabel& label : series.labels) {
            if (label.name != "le") {
              labels.push_back(label);
            }
          }
          // The family's name, or the sample name without _bucket when the type came
          // without one.
          const std::string base =
              series.family.empty() ? series.name.substr(0, series.name.size() - 7) : series.family;
          groups[{base, canonicalLabelText(labels)}].push_back(&series);
          break;
        }
      }
    }
    for (const auto& [key, buckets] : groups) {
      compareHistogram(key.first, key.second, buckets);
    }
    return ranked();
  }

 private:
  std::optional<double> rateBefore(const MetricSeriesValues& series, std::size_t index) const {
    if (index == 0) {
      return std::nullopt;
    }
    const std::optional<double> previous = valueAt(series, index - 1);
    const std::optional<double> value = valueAt(series, index);
    const double seconds =
        static_cast<double>(m_table.snapshotTimesMs[index] - m_table.snapshotTimesMs[index - 1]) /
        1000.0;
    if (!previous || !value || seconds <= 0) {
      return std::nullopt;
    }
    return counterDelta(*previous, *value) / seconds;
  }

  void compareCounter(const MetricSeriesValues& series) {
    const std::string text = series.name + canonicalLabelText(series.labels);
    const std::optional<double> rateThen = rateBefore(series, m_baseline);
    const std::optional<double> rateNow = rateBefore(series, m_current);
    if (rateThen && rateNow) {
      add(makeChange(MetricChangeKind::CounterRate, series, text, *rateThen, *rateNow,
                     *rateNow - *rateThen));
      return;
    }
    const std::optional<double> before = valueAt(series, m_baseline);
    const std::optional<double> after = valueAt(series, m_current);
    if (before && after) {
      add(makeChange(MetricChangeKind::CounterIncrease, series, text, *before, *after,
                     counterDelta(*before, *after)));
    }
  }

  void compareGauge(const MetricSeriesValues& series) {
    const std::optional<double> before = valueAt(series, m_baseline);
    const std::optional<double> after = valueAt(series, m_current);
    if (before && after) {
      add(makeChange(MetricChangeKind::Gauge, series,
                     series.name + canonicalLabelText(series.labels), *before, *after,
                     *after - *before));
    }
  }

  // The buckets at `index`: increases over the interval before it, or the values themselves.
  std::optional<std::vector<HistogramBucket>> bucketsAt(
      const std::vector<const MetricSeriesValues*>& series, std::size_t index,
      bool overInterval) const {
    std::vector<HistogramBucket> buckets;
    for (const MetricSeriesValues* bucket : series) {
      const std::string* le = findMetricLabel(bucket->labels, "le");
      char* end = nullptr;
      const double bound = le != nullptr ? std::strtod(le->c_str(), &end) : 0;
      if (le == nullptr || le->empty() || end != le->c_str() + le->size()) {
        continue;
      }
      const std::optional<double> value = valueAt(*bucket, index);
      if (!value) {
        return std::nullopt;
      }
      double count = *value;
      if (overInterval) {
        const std::optional<double> previous =
            index > 0 ? valueAt(*bucket, index - 1) : std::nullopt;
        if (!previous) {
          return std::nullopt;
        }
        count = counterDelta(*previous, *value);
      }
      buckets.push_back(HistogramBucket{bound, count});
    }
    return buckets;
  }

  void compareHistogram(const std::string& family, const std::string& labelText,
                        const std::vector<const MetricSeriesValues*>& series) {
    const bool gaugeHistogram = series.front()->type == MetricType::GaugeHistogram;
    bool overInterval = !gaugeHistogram;
    std::optional<std::vector<HistogramBucket>> before;
    std::optional<std::vector<HistogramBucket>> after;
    if (overInterval) {
      before = bucketsAt(series, m_baseline, true);
      after = bucketsAt(series, m_current, true);
    }
    if (!before || !after) {
      overInterval = false;
      before = bucketsAt(series, m_baseline, false);
      after = bucketsAt(series, m_current, false);
    }
    if (!before || !after) {
      return;
    }
    const MetricChangeKind kind = overInterval ? MetricChangeKind::HistogramQuantileInterval
                                               : MetricChangeKind::HistogramQuantileCumulative;
    for (const double q : m_options.quantiles) {
      const double then = histogramQuantile(q, *before);
      const double now = histogramQuantile(q, *after);
      MetricChange change =
          makeChange(kind, *series.front(), family + labelText, then, now, now - then);
      change.quantile = q;
      add(std::move(change));
    }
  }

  void add(MetricChange change) {
    if (std::isnan(change.before) || std::isnan(change.after) || std::isnan(change.change)) {
      return;
    }
    if (change.change == 0 && !m_options.includeUnchanged) {
      return;
    }
    m_changes.push_back(std::move(change));
  }

  std::vector<MetricChange> ranked() {
    std::sort(m_changes.begin(), m_changes.end(), [](const MetricChange& a, const MetricChange& b) {
      const double ra = std::abs(a.relativeChange);
      const double rb = std::abs(b.relativeChange);
      if (ra != rb) {
        return ra > rb;
      }
      const double ca = std::abs(a.change);
      const double cb = std::abs(b.change);
      if (ca != cb) {
        return ca > cb;
      }
      if (a.series != b.series) {
        return a.series < b.series;
      }
      return a.quantile < b.quantile;
    });
    if (m_options.limit > 0 && m_changes.size() > m_options.limit) {
      m_changes.resize(m_options.limit);
    }
    return std::move(m_changes);
  }

  const MetricSeriesTable& m_table;
  std::size_t m_baseline;
  std::size_t m_current;
  const MetricCompareOptions& m_options;
  std::vector<MetricChange> m_changes;
};

}  // namespace

std::vector<MetricChange> compareMetricSnapshots(const MetricSeriesTable& table,
                                                 std::size_t baseline, std::size_t current,
                                                 const MetricCompareOptions& options) {
  if (baseline >= table.snapshotTimesMs.size() || current >= table.snapshotTimesMs.size()) {
    return {};
  }
  return Comparison(table, baseline, current, options).run();
}

}  // namespace sightline
