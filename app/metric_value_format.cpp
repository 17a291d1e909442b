#include "app/metric_value_format.h"

#include <cmath>

#include "model/text/metric_value_text.h"

namespace sightline::cli {

void writeMetricValue(JsonWriter& json, double value) {
  if (std::isfinite(value)) {
    json.number(value);
  } else {
    json.string(formatExpositionValue(value));
  }
}

void writeMetricLabels(JsonWriter& json, const std::vector<MetricLabel>& labels) {
  json.beginObject();
  for (const MetricLabel& label : labels) {
    json.key(QString::fromStdString(label.name));
    json.string(std::string_view(label.value));
  }
  json.endObject();
}

std::int64_t unixNanoOfMs(std::int64_t unixMs) {
  return unixMs * 1'000'000;
}

}  // namespace sightline::cli
