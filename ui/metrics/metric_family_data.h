#pragma once

#include <vector>

#include <QString>

#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_series_table.h"

namespace sightline {

// Everything the Metrics page shows about one family, read on a worker in one go: the
// series with their latest values (the table), every series' value in every snapshot (the
// charts), and the process_start_time_seconds series that tell counter restarts apart.
struct MetricFamilyData {
  MetricFamilySummary family;
  std::vector<MetricSeriesInfo> series;
  MetricSeriesTable table;
  std::vector<MetricSeriesValues> processStarts;
  QString error;
};

}  // namespace sightline
