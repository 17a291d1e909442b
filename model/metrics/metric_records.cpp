#include "model/metrics/metric_records.h"

namespace sightline {

const char* metricTypeName(MetricType type) {
  switch (type) {
    case MetricType::Untyped:
      return "untyped";
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
    case MetricType::GaugeHistogram:
      return "gaugehistogram";
    case MetricType::Summary:
      return "summary";
    case MetricType::StateSet:
      return "stateset";
    case MetricType::Info:
      return "info";
  }
  return "untyped";
}

std::optional<MetricType> parseMetricType(const std::string& word) {
  // Both dialects write the type in lower case; "unknown" is OpenMetrics' name for untyped.
  if (word == "counter") {
    return MetricType::Counter;
  }
  if (word == "gauge") {
    return MetricType::Gauge;
  }
  if (word == "histogram") {
    return MetricType::Histogram;
  }
  if (word == "gaugehistogram") {
    return MetricType::GaugeHistogram;
  }
  if (word == "summary") {
    return MetricType::Summary;
  }
  if (word == "untyped" || word == "unknown") {
    return MetricType::Untyped;
  }
  if (word == "stateset") {
    return MetricType::StateSet;
  }
  if (word == "info") {
    return MetricType::Info;
  }
  return std::nullopt;
}

std::string canonicalLabelText(const std::vector<MetricLabel>& sortedLabels) {
  if (sortedLabels.empty()) {
    return {};
  }
  std::string text;
  text.push_back('{');
  for (std::size_t i = 0; i < sortedLabels.size(); ++i) {
    if (i > 0) {
      text.push_back(',');
    }
    text += sortedLabels[i].name;
    text += "=\"";
    // The exposition format's escaping: exactly backslash, double quote and line feed.
    for (const char c : sortedLabels[i].value) {
      switch (c) {
        case '\\':
          text += "\\\\";
          break;
        case '"':
          text += "\\\"";
          break;
        case '\n':
          text += "\\n";
          break;
        default:
          text.push_back(c);
      }
    }
    text.push_back('"');
  }
  text.push_back('}');
  return text;
}

}  // namespace sightline
