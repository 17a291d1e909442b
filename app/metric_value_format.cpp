#include "app/metric_value_format.h"

#include <QLocale>
#include <cmath>

namespace sightline::cli {

QString formatMetricValue(double value) {
  if (std::isnan(value))
    return QStringLiteral("NaN");
  if (std::isinf(value))
    return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
  return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

void writeMetricValue(JsonWriter& json, double value) {
  if (std::isfinite(value)) {
    json.number(value);
  } else {
    json.string(formatMetricValue(value));
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

QString formatSeriesName(const std::string& name, const std::vector<MetricLabel>& labels) {
  return QString::fromStdString(name + canonicalLabelText(labels));
}

}  // namespace sightline::cli
