#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_records.h"
#include "model/metrics/metric_series_table.h"
#include "model/store/workspace.h"

namespace sightline {

struct MetricFamilySummary {
  std::int64_t id = 0;
  std::string name;
  MetricType type = MetricType::Untyped;
  std::string help;
  std::string unit;
  std::uint64_t series = 0;         // distinct series over all snapshots
  std::uint64_t latestSamples = 0;  // sample lines of the family in the latest snapshot
};

struct MetricSnapshotInfo {
  std::int64_t id = 0;
  std::int64_t sourceId = 0;
  std::int64_t timeMs = 0;
};

struct MetricSeriesInfo {
  std::int64_t id = 0;
  std::int64_t familyId = 0;
  std::string name;                   // sample name, e.g. "x_bucket"
  std::vector<MetricLabel> labels;    // sorted by name
  std::optional<double> latestValue;  // in the latest snapshot holding the series
  std::int64_t latestTimeMs = 0;
};

struct MetricPoint {
  std::int64_t snapshotId = 0;
  std::int64_t timeMs = 0;  // the point's own timestamp if it had one, else its snapshot's
  double value = 0;
};

// Families sorted by name.
std::vector<MetricFamilySummary> listMetricFamilies(Workspace& workspace, Status* status = nullptr);
// Snapshots in time order.
std::vector<MetricSnapshotInfo> listMetricSnapshots(Workspace& workspace, Status* status = nullptr);
// Series of one family (children included), sorted by name then labels.
std::vector<MetricSeriesInfo> listFamilySeries(Workspace& workspace, std::int64_t familyId,
                                               Status* status = nullptr);
// Points of one series in time order.
std::vector<MetricPoint> loadSeriesPoints(Workspace& workspace, std::int64_t seriesId,
                                          Status* status = nullptr);
// Every point of every series of a family in one snapshot (e.g. all buckets of a histogram),
// as (series, value) pairs; cheap enough for the charts' per-snapshot work.
struct SeriesValue {
  std::int64_t seriesId = 0;
  double value = 0;
};
std::vector<SeriesValue> loadFamilySnapshot(Workspace& workspace, std::int64_t familyId,
                                            std::int64_t snapshotId, Status* status = nullptr);

// Every snapshot's time (ascending) and, for each series of the given families (all
// families when `familyIds` is empty), its family, type, name, labels and value in each
// snapshot: the input of computeRedOverview and compareMetricSnapshots. Series are sorted
// by family name, then sample name, then labels.
MetricSeriesTable loadMetricSeriesTable(Workspace& workspace,
                                        const std::vector<std::int64_t>& familyIds,
                                        Status* status = nullptr);

}  // namespace sightline
