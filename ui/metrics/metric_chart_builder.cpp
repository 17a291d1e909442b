#include "ui/metrics/metric_chart_builder.h"

#include <algorithm>
#include <set>

#include <QCoreApplication>

namespace sightline {

namespace {

QString tr(const char* text) {
  return QCoreApplication::translate("MetricChart", text);
}

bool isHistogram(MetricType type) {
  return type == MetricType::Histogram || type == MetricType::GaugeHistogram;
}

// The label set a chosen series stands for on a quantile chart: its labels without `le` or
// `quantile`, so that picking any bucket (or _count, _sum) picks the whole histogram.
std::vector<MetricLabel> groupLabels(const MetricSeriesInfo& series) {
  return withoutLabel(withoutLabel(series.labels, "le"), "quantile");
}

bool chosenGroup(const std::vector<MetricSeriesInfo>& chosen,
                 const std::vector<MetricLabel>& labels) {
  if (chosen.empty())
    return true;
  return std::any_of(chosen.begin(), chosen.end(),
                     [&](const MetricSeriesInfo& s) { return groupLabels(s) == labels; });
}

bool chosenSeries(const std::vector<MetricSeriesInfo>& chosen, const MetricSeriesValues& series) {
  if (chosen.empty())
    return true;
  return std::any_of(chosen.begin(), chosen.end(), [&](const MetricSeriesInfo& s) {
    return s.name == series.name && s.labels == series.labels;
  });
}

QString leftOutNote(std::size_t shown, std::size_t total, const char* what) {
  if (shown >= total)
    return {};
  return tr("Showing %1 of %2 %3; select rows in the table to choose.")
      .arg(shown)
      .arg(total)
      .arg(tr(what));
}

ChartData histogramQuantiles(const MetricFamilyData& data, const ChartRequest& request,
                             bool perInterval) {
  ChartData chart;
  chart.unit = metricValueUnit(data.family.name, data.family.unit);
  const std::vector<HistogramGroup> groups = chosenHistogramGroups(data, request.chosen);
  // Nothing chosen: the whole family, its label sets summed per bound (what a dashboard
  // shows first); picking rows draws label sets of their own.
  if (request.chosen.empty() && groups.size() > 1) {
    for (double q : request.quantiles) {
      ChartLine line = quantileLine(data.table, groups, q, perInterval);
      line.name += QCoreApplication::translate("MetricChart", " (all %n label sets)", nullptr,
                                               static_cast<int>(groups.size()));
      chart.lines.push_back(std::move(line));
    }
    chart.yLabel = QString::fromStdString(data.family.name) +
                   (perInterval ? tr(" (quantiles per interval)") : tr(" (quantiles)"));
    return chart;
  }
  const std::size_t quantiles = std::max<std::size_t>(1, request.quantiles.size());
  const std::size_t maxGroups = std::max<std::size_t>(1, request.maxLines / quantiles);
  const std::size_t shown = std::min(groups.size(), maxGroups);
  std::vector<std::vector<MetricLabel>> labelSets;
  for (std::size_t i = 0; i < shown; ++i)
    labelSets.push_back(groups[i].labels);
  const std::vector<QString> names = distinctLabelTexts(labelSets, QString());
  for (std::size_t i = 0; i < shown; ++i) {
    for (double q : request.quantiles) {
      ChartLine line = quantileLine(data.table, groups[i], q, perInterval);
      if (!names[i].isEmpty())
        line.name += QLatin1Char(' ') + names[i];
      chart.lines.push_back(std::move(line));
    }
  }
  chart.yLabel = QString::fromStdString(data.family.name) +
                 (perInterval ? tr(" (quantiles per interval)") : tr(" (quantiles)"));
  chart.note = leftOutNote(shown, groups.size(), "label sets");
  if (groups.empty())
    chart.note = tr("No buckets to compute quantiles from.");
  else if (perInterval && data.table.snapshotTimesMs.size() < 2)
    chart.note = tr("Quantiles per interval need at least two snapshots.");
  return chart;
}

ChartData summaryQuantiles(const MetricFamilyData& data, const ChartRequest& request) {
  ChartData chart;
  chart.unit = metricValueUnit(data.family.name, data.family.unit);
  std::vector<const MetricSeriesValues*> series;
  for (const MetricSeriesValues& values : data.table.series) {
    if (values.name == data.family.name && findMetricLabel(values.labels, "quantile") &&
        chosenGroup(request.chosen, withoutLabel(values.labels, "quantile"))) {
      series.push_back(&values);
    }
  }
  const std::size_t shown = std::min(series.size(), request.maxLines);
  std::vector<std::vector<MetricLabel>> labelSets;
  for (std::size_t i = 0; i < shown; ++i)
    labelSets.push_back(withoutLabel(series[i]->labels, "quantile"));
  const std::vector<QString> names = distinctLabelTexts(labelSets, QString());
  for (std::size_t i = 0; i < shown; ++i) {
    ChartLine line = rawLine(data.table, *series[i]);
    const double q =
        QString::fromStdString(*findMetricLabel(series[i]->labels, "quantile")).toDouble();
    line.name = quantileName(q) + (names[i].isEmpty() ? QString() : QLatin1Char(' ') + names[i]);
    chart.lines.push_back(std::move(line));
  }
  chart.yLabel = QString::fromStdString(data.family.name) + tr(" (quantiles)");
  chart.note = leftOutNote(shown, series.size(), "quantile series");
  if (series.empty())
    chart.note = tr("This summary has no quantiles (only _sum and _count).");
  return chart;
}

ChartData seriesLines(const MetricFamilyData& data, const ChartRequest& request, bool rates) {
  ChartData chart;
  chart.perSecond = rates;
  std::vector<const MetricSeriesValues*> series;
  for (const MetricSeriesValues& values : data.table.series) {
    // A _created series holds a timestamp: its rate means nothing.
    if (rates && values.name.ends_with("_created"))
      continue;
    if (chosenSeries(request.chosen, values))
      series.push_back(&values);
  }
  // Units follow the sample name: a histogram's _count is a count even if it is in seconds.
  const std::string unitName = series.empty() ? data.family.name : series.front()->name;
  const bool countChild = unitName.ends_with("_count") || unitName.ends_with("_bucket");
  chart.unit = countChild ? MetricValueUnit::Plain : metricValueUnit(unitName, data.family.unit);
  const std::size_t shown = std::min(series.size(), request.maxLines);
  // The legend names each line by what sets it apart: the labels that differ, and the
  // sample name when those differ too (raw buckets next to _count).
  std::vector<std::vector<MetricLabel>> labelSets;
  bool sameName = true;
  for (std::size_t i = 0; i < shown; ++i) {
    labelSets.push_back(series[i]->labels);
    sameName = sameName && series[i]->name == series.front()->name;
  }
  const std::vector<QString> names = distinctLabelTexts(labelSets, QString());
  for (std::size_t i = 0; i < shown; ++i) {
    const MetricSeriesValues& values = *series[i];
    ChartLine line =
        rates ? rateLine(data.table, values,
                         restartSnapshotsFor(data.table, data.processStarts, values.labels))
              : rawLine(data.table, values);
    if (shown > 1 && !names[i].isEmpty())
      line.name = (sameName ? QString() : QString::fromStdString(values.name)) + names[i];
    chart.lines.push_back(std::move(line));
  }
  chart.yLabel =
      QString::fromStdString(data.family.name) + (rates ? tr(" (per second)") : QString());
  chart.note = leftOutNote(shown, series.size(), "series");
  if (series.empty())
    chart.note = tr("No series to draw.");
  else if (rates && data.table.snapshotTimesMs.size() < 2)
    chart.note = tr("Rates need at least two snapshots; switch to Raw to see the values.");
  return chart;
}

}  // namespace

std::vector<ChartMode> chartModesFor(MetricType type, const std::string& familyName) {
  switch (type) {
    case MetricType::Counter:
      return {ChartMode::Rate, ChartMode::Raw};
    case MetricType::Histogram:
      return {ChartMode::Quantiles, ChartMode::IntervalQuantiles, ChartMode::Rate, ChartMode::Raw};
    case MetricType::GaugeHistogram:
      return {ChartMode::Quantiles, ChartMode::Raw};
    case MetricType::Summary:
      return {ChartMode::Quantiles, ChartMode::Rate, ChartMode::Raw};
    case MetricType::Untyped:
      // Untyped counters still follow the naming convention.
      if (familyName.ends_with("_total"))
        return {ChartMode::Rate, ChartMode::Raw};
      return {ChartMode::Raw, ChartMode::Rate};
    case MetricType::Gauge:
    case MetricType::StateSet:
    case MetricType::Info:
      break;
  }
  return {ChartMode::Raw};
}

QString chartModeName(ChartMode mode) {
  switch (mode) {
    case ChartMode::Raw:
      return tr("Raw value");
    case ChartMode::Rate:
      return tr("Rate /s");
    case ChartMode::Quantiles:
      return tr("Quantiles");
    case ChartMode::IntervalQuantiles:
      return tr("Quantiles per interval");
  }
  return {};
}

std::vector<HistogramGroup> chosenHistogramGroups(const MetricFamilyData& data,
                                                  const std::vector<MetricSeriesInfo>& chosen) {
  std::vector<HistogramGroup> groups = groupHistogram(data.table, data.family.name);
  groups.erase(std::remove_if(groups.begin(), groups.end(),
                              [&](const HistogramGroup& group) {
                                return group.buckets.empty() || !chosenGroup(chosen, group.labels);
                              }),
               groups.end());
  return groups;
}

ChartData buildChart(const MetricFamilyData& data, const ChartRequest& request) {
  const MetricType type = data.family.type;
  switch (request.mode) {
    case ChartMode::Quantiles:
    case ChartMode::IntervalQuantiles:
      if (isHistogram(type))
        return histogramQuantiles(data, request, request.mode == ChartMode::IntervalQuantiles);
      if (type == MetricType::Summary)
        return summaryQuantiles(data, request);
      break;
    case ChartMode::Rate:
      return seriesLines(data, request, true);
    case ChartMode::Raw:
      break;
  }
  return seriesLines(data, request, false);
}

}  // namespace sightline
