#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/metrics/metric_records.h"

namespace sightline {

// The values of one series across the snapshots of a MetricSeriesTable.
struct MetricSeriesValues {
  std::string family;  // family name as in its # TYPE line (may be empty when unknown)
  MetricType type = MetricType::Untyped;
  std::string name;                           // sample name, e.g. "x_bucket", "x_total"
  std::vector<MetricLabel> labels;            // sorted by name
  std::vector<std::optional<double>> values;  // one per snapshot; nullopt = not in it
};

// A plain, SQLite-free view of metric data for the pure analyses (RED overview, snapshot
// comparison): snapshot times plus every series' value in each snapshot. The caller builds
// it from the workspace (or from a parser) and hands it over.
struct MetricSeriesTable {
  std::vector<std::int64_t> snapshotTimesMs;  // ascending
  std::vector<MetricSeriesValues> series;
};

// The value of `label` in sorted `labels`, or nullptr.
const std::string* findMetricLabel(const std::vector<MetricLabel>& labels,
                                   const std::string& label);

}  // namespace sightline
