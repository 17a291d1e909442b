#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/metrics/metric_records.h"

namespace sightline {

// How the metric store writes a label set: a JSON object in the labels' (sorted) order,
// {"code":"200","job":"api"}, "{}" for no labels. One encoding per label set makes the text
// the series' identity, and SQLite's json_extract()/json_each() read it in the SQL console.
std::string encodeMetricLabels(const std::vector<MetricLabel>& sortedLabels);

// Reads a flat JSON object of string values (what encodeMetricLabels writes) back into
// labels in the object's order. Returns false on anything else.
bool decodeMetricLabels(std::string_view json, std::vector<MetricLabel>& labels);

// A 128-bit fingerprint of (sample name, label set). `hash` is stored as
// metric_series.label_hash (its index finds candidate rows, which are then compared in
// full); both halves together key the writer's in-memory series cache. Stable across runs
// and machines: it is computed from the bytes only.
struct MetricSeriesFingerprint {
  std::uint64_t hash = 0;
  std::uint64_t check = 0;
  bool operator==(const MetricSeriesFingerprint&) const = default;
};

MetricSeriesFingerprint metricSeriesFingerprint(std::string_view name,
                                                const std::vector<MetricLabel>& sortedLabels);

struct MetricSeriesFingerprintHash {
  std::size_t operator()(const MetricSeriesFingerprint& f) const {
    return static_cast<std::size_t>(f.hash);
  }
};

}  // namespace sightline
