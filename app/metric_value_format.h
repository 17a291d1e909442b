#pragma once

#include <QString>
#include <cstdint>
#include <vector>

#include "app/json_output.h"
#include "model/metric_records.h"

namespace sightline::cli {

// A sample value as the exposition format spells it: the shortest text that reads back to
// the same double ("0.1", "1e+06"), and "NaN", "+Inf", "-Inf".
QString formatMetricValue(double value);

// A value in JSON: finite values as numbers, NaN and ±Inf as the strings "NaN", "+Inf",
// "-Inf" (JSON has no such numbers, and null would lose a gauge that really is +Inf).
void writeMetricValue(JsonWriter& json, double value);

// Labels as one JSON object {name: value} in their (sorted) order.
void writeMetricLabels(JsonWriter& json, const std::vector<MetricLabel>& labels);

// A snapshot or point time (Unix milliseconds) in the CLI's JSON convention: Unix nanoseconds.
std::int64_t unixNanoOfMs(std::int64_t unixMs);

// name{a="x",b="y"} with Prometheus escaping; just the name when there are no labels.
QString formatSeriesName(const std::string& name, const std::vector<MetricLabel>& labels);

}  // namespace sightline::cli
