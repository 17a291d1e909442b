#pragma once

#include <QString>
#include <QTextStream>
#include <string>
#include <vector>

#include "app/metric_histogram_quantiles.h"

namespace sightline::cli {

// What `metrics --quantile` computed, for the printers.
struct QuantileReport {
  std::string histogram;  // the family name as given (without _bucket)
  HistogramQuantileOptions options;
  std::vector<QuantileGroup> groups;
};

// {"histogram", "quantile", "by": [...], "rate", "groups": [{"labels": {…}, "points":
// [{"time_unix_nano", "value"}]}]} and a newline. NaN/±Inf values as strings.
void writeQuantileReportJson(QTextStream& out, const QuantileReport& report);
// A table GROUP, TIME (UTC), Q<q>: one row per group and snapshot.
QString formatQuantileReport(const QuantileReport& report);

}  // namespace sightline::cli
