#pragma once

#include <cstdint>
#include <vector>

#include "app/json_output.h"
#include "model/metrics/metric_records.h"

namespace sightline::cli {

// A value in JSON: finite values as numbers, NaN and ±Inf as the strings "NaN", "+Inf",
// "-Inf" (JSON has no such numbers, and null would lose a gauge that really is +Inf).
void writeMetricValue(JsonWriter& json, double value);

// Labels as one JSON object {name: value} in their (sorted) order.
void writeMetricLabels(JsonWriter& json, const std::vector<MetricLabel>& labels);

// A snapshot or point time (Unix milliseconds) in the CLI's JSON convention: Unix nanoseconds.
std::int64_t unixNanoOfMs(std::int64_t unixMs);

// The same for a point's time, never negative (points before 1970 print as 0).
inline std::uint64_t unixNanoOfPoint(std::int64_t unixMs) {
  const std::int64_t nanos = unixNanoOfMs(unixMs);
  return nanos > 0 ? static_cast<std::uint64_t>(nanos) : 0;
}

// "points": [{"time_unix_nano", "value"}, …] of anything with `timeMs` and `value` (series
// points, quantiles over time).
template <typename Point>
void writeMetricPoints(JsonWriter& json, const std::vector<Point>& points) {
  json.key(u"points");
  json.beginArray();
  for (const Point& point : points) {
    json.beginObject();
    json.key(u"time_unix_nano");
    json.unsignedInteger(unixNanoOfPoint(point.timeMs));
    json.key(u"value");
    writeMetricValue(json, point.value);
    json.endObject();
  }
  json.endArray();
}

}  // namespace sightline::cli
