#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sightline {

// Prometheus / OpenMetrics metric types. Untyped covers 0.0.4's "untyped" and OpenMetrics'
// "unknown".
enum class MetricType : std::uint8_t {
  Untyped = 0,
  Counter,
  Gauge,
  Histogram,
  GaugeHistogram,
  Summary,
  StateSet,
  Info
};

// "counter", "gauge", … as written in a # TYPE line ("untyped" for Untyped).
const char* metricTypeName(MetricType type);
// Parses a # TYPE word (both dialects' spellings); nullopt when unknown.
std::optional<MetricType> parseMetricType(const std::string& word);

struct MetricLabel {
  std::string name;
  std::string value;  // unescaped
  bool operator==(const MetricLabel&) const = default;
};

// A family as declared by # TYPE / # HELP / # UNIT (or implied by a sample without them).
struct MetricFamilyRecord {
  std::string name;  // as written in the # TYPE line (OpenMetrics counters: without _total)
  MetricType type = MetricType::Untyped;
  std::string help;  // unescaped
  std::string unit;
};

struct MetricExemplar {
  std::vector<MetricLabel> labels;
  double value = 0;
  std::optional<double> timestampSeconds;
};

// One sample line: a point of one series. Histogram and summary children are their own
// series (name …_bucket with an `le` label, …_sum, …_count, or the family name with a
// `quantile` label).
struct MetricSampleRecord {
  std::uint32_t family = 0;                 // index into the families this import has sent so far
  std::string name;                         // the sample's metric name, e.g. "http_requests_total"
  std::vector<MetricLabel> labels;          // sorted by name (canonical); values unescaped
  double value = 0;                         // NaN and ±Inf allowed
  std::optional<std::int64_t> timestampMs;  // the line's own timestamp, if any
  std::optional<MetricExemplar> exemplar;
  std::uint64_t line = 0;  // 1-based source line, for messages
};

// What a metrics reader hands to its sink. Families are sent once, in the batch where they
// first appear (newFamilies), and referred to by their running index afterwards.
struct MetricBatch {
  std::vector<MetricFamilyRecord> newFamilies;
  std::vector<MetricSampleRecord> samples;
  // API JSON (query_range) carries many instants: when set, every sample's timestampMs is
  // its snapshot's time and each distinct time becomes its own snapshot.
  bool timestampsAreSnapshots = false;
};

// Canonical text of a label set: {a="x",b="y\"z"} with Prometheus escaping, sorted by name;
// "" for no labels. Used as the series identity together with the sample name.
std::string canonicalLabelText(const std::vector<MetricLabel>& sortedLabels);

}  // namespace sightline
