#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ui/metrics/metric_chart_data.h"
#include "ui/metrics/metric_family_data.h"

namespace sightline {

// The ways a family of `type` can be charted, the default first: counters as rates (raw
// value one click away), classic histograms as quantiles per snapshot or per interval,
// summaries as their quantiles, gauges as values.
std::vector<ChartMode> chartModesFor(MetricType type, const std::string& familyName);
QString chartModeName(ChartMode mode);

struct ChartRequest {
  ChartMode mode = ChartMode::Raw;
  // The series the user picked (sample name + labels); empty = every series of the family
  // (histogram and summary children collapse into their label set).
  std::vector<MetricSeriesInfo> chosen;
  std::vector<double> quantiles{0.5, 0.9, 0.99};
  std::size_t maxLines = 12;
};

// The lines to draw for `data` as asked; `note` says when lines were left out or why there
// is nothing to draw.
ChartData buildChart(const MetricFamilyData& data, const ChartRequest& request);

// The label sets of a classic histogram that `request` picks (all when none chosen), for
// the bucket distribution.
std::vector<HistogramGroup> chosenHistogramGroups(const MetricFamilyData& data,
                                                  const std::vector<MetricSeriesInfo>& chosen);

}  // namespace sightline
