#include "model/metrics/metric_queries.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "model/metrics/metric_label_order.h"
#include "model/metrics/metric_store_labels.h"
#include "model/store/store_statement.h"

namespace sightline {

namespace {

void setStatus(Status* status, Status value) {
  if (status)
    *status = std::move(value);
}

Status readError(sqlite3* db, const char* what) {
  return Status::error(std::string("workspace: cannot read ") + what + ": " + lastSqliteError(db));
}

// NULL is how the store keeps NaN (SQLite cannot hold it).
double storedValue(const StoreStatement& row, int column) {
  return row.columnIsNull(column) ? std::numeric_limits<double>::quiet_NaN()
                                  : row.columnDouble(column);
}

MetricType storedType(const std::string& word) {
  return parseMetricType(word).value_or(MetricType::Untyped);
}

// Snapshots holding a family, newest first (ties: the later import first).
std::vector<std::pair<std::int64_t, std::int64_t>> familySnapshotsNewestFirst(
    sqlite3* db, std::int64_t familyId) {
  StoreStatement rows(db,
                      "SELECT n.id, n.time_ms FROM metric_snapshot_families sf CROSS JOIN "
                      "metric_snapshots n ON n.id = sf.snapshot_id WHERE sf.family_id = ? "
                      "ORDER BY n.time_ms DESC, n.id DESC");
  rows.bindInt(1, familyId);
  std::vector<std::pair<std::int64_t, std::int64_t>> snapshots;
  while (rows.step())
    snapshots.emplace_back(rows.columnInt(0), rows.columnInt(1));
  return snapshots;
}

// The points of one family in one snapshot: the family's series (by its index) each looked
// up by the points' primary key, never a scan of the snapshot.
constexpr const char* kFamilySnapshotSql =
    "SELECT p.series_id, p.value, p.timestamp_ms FROM metric_series s CROSS JOIN metric_points "
    "p ON p.snapshot_id = ?2 AND p.series_id = s.id WHERE s.family_id = ?1 ORDER BY s.id";

}  // namespace

std::vector<MetricFamilySummary> listMetricFamilies(Workspace& workspace, Status* status) {
  sqlite3* db = workspace.db();
  std::vector<MetricFamilySummary> families;
  std::unordered_map<std::int64_t, std::size_t> indexOf;
  StoreStatement rows(db,
                      "SELECT id, name, type, help, unit FROM metric_families ORDER BY name, "
                      "type, id");
  while (rows.step()) {
    MetricFamilySummary family;
    family.id = rows.columnInt(0);
    family.name = rows.columnText(1);
    family.type = storedType(rows.columnText(2));
    family.help = rows.columnText(3);
    family.unit = rows.columnText(4);
    indexOf.emplace(family.id, families.size());
    families.push_back(std::move(family));
  }
  if (!rows.ok()) {
    setStatus(status, readError(db, "metric families"));
    return {};
  }
  StoreStatement seriesCounts(db,
                              "SELECT family_id, count(*) FROM metric_series GROUP BY family_id");
  while (seriesCounts.step()) {
    if (auto it = indexOf.find(seriesCounts.columnInt(0)); it != indexOf.end())
      families[it->second].series = static_cast<std::uint64_t>(seriesCounts.columnInt(1));
  }
  // The first row per family is its latest snapshot's count.
  StoreStatement latest(db,
                        "SELECT sf.family_id, sf.samples FROM metric_snapshot_families sf JOIN "
                        "metric_snapshots n ON n.id = sf.snapshot_id ORDER BY sf.family_id, "
                        "n.time_ms DESC, n.id DESC");
  std::int64_t previousFamily = 0;
  while (latest.step()) {
    const std::int64_t family = latest.columnInt(0);
    if (family == previousFamily)
      continue;
    previousFamily = family;
    if (auto it = indexOf.find(family); it != indexOf.end())
      families[it->second].latestSamples = static_cast<std::uint64_t>(latest.columnInt(1));
  }
  if (!seriesCounts.ok() || !latest.ok()) {
    setStatus(status, readError(db, "metric family counts"));
    return {};
  }
  setStatus(status, Status::ok());
  return families;
}

std::vector<MetricSnapshotInfo> listMetricSnapshots(Workspace& workspace, Status* status) {
  sqlite3* db = workspace.db();
  std::vector<MetricSnapshotInfo> snapshots;
  StoreStatement rows(db,
                      "SELECT id, source_id, time_ms FROM metric_snapshots ORDER BY time_ms, id");
  while (rows.step())
    snapshots.push_back({rows.columnInt(0), rows.columnInt(1), rows.columnInt(2)});
  if (!rows.ok()) {
    setStatus(status, readError(db, "metric snapshots"));
    return {};
  }
  setStatus(status, Status::ok());
  return snapshots;
}

std::vector<MetricSeriesInfo> listFamilySeries(Workspace& workspace, std::int64_t familyId,
                                               Status* status) {
  sqlite3* db = workspace.db();
  std::vector<MetricSeriesInfo> series;
  StoreStatement rows(db, "SELECT id, name, labels FROM metric_series WHERE family_id = ?");
  rows.bindInt(1, familyId);
  bool labelsOk = true;
  while (rows.step()) {
    MetricSeriesInfo info;
    info.id = rows.columnInt(0);
    info.familyId = familyId;
    info.name = rows.columnText(1);
    labelsOk = decodeMetricLabels(rows.columnText(2), info.labels) && labelsOk;
    series.push_back(std::move(info));
  }
  if (!rows.ok() || !labelsOk) {
    setStatus(status, rows.ok() ? Status::error("workspace: a metric series has unreadable labels")
                                : readError(db, "metric series"));
    return {};
  }
  std::sort(series.begin(), series.end(), [](const MetricSeriesInfo& a, const MetricSeriesInfo& b) {
    return metricSeriesLess(a.name, a.labels, b.name, b.labels);
  });

  // Latest values: walk the family's snapshots newest first until every series has one;
  // usually the newest snapshot already holds them all.
  std::unordered_map<std::int64_t, std::size_t> indexOf;
  for (std::size_t i = 0; i < series.size(); ++i)
    indexOf.emplace(series[i].id, i);
  std::size_t missing = series.size();
  StoreStatement points(db, kFamilySnapshotSql);
  for (const auto& [snapshotId, snapshotTimeMs] : familySnapshotsNewestFirst(db, familyId)) {
    if (missing == 0)
      break;
    points.bindInt(1, familyId);
    points.bindInt(2, snapshotId);
    while (points.step()) {
      auto it = indexOf.find(points.columnInt(0));
      if (it == indexOf.end() || series[it->second].latestValue)
        continue;
      MetricSeriesInfo& info = series[it->second];
      info.latestValue = storedValue(points, 1);
      info.latestTimeMs = points.columnIsNull(2) ? snapshotTimeMs : points.columnInt(2);
      --missing;
    }
    const bool ok = points.ok();
    points.reset();
    if (!ok) {
      setStatus(status, readError(db, "metric points"));
      return {};
    }
  }
  setStatus(status, Status::ok());
  return series;
}

std::vector<MetricPoint> loadSeriesPoints(Workspace& workspace, std::int64_t seriesId,
                                          Status* status) {
  sqlite3* db = workspace.db();
  // Only the snapshots that hold the series' family are probed, by primary key.
  StoreStatement rows(
      db,
      "SELECT p.snapshot_id, coalesce(p.timestamp_ms, n.time_ms) AS t, p.value FROM "
      "metric_snapshot_families sf CROSS JOIN metric_snapshots n ON n.id = sf.snapshot_id CROSS "
      "JOIN metric_points p ON p.snapshot_id = sf.snapshot_id AND p.series_id = ?1 WHERE "
      "sf.family_id = (SELECT family_id FROM metric_series WHERE id = ?1) ORDER BY t, "
      "p.snapshot_id");
  rows.bindInt(1, seriesId);
  std::vector<MetricPoint> points;
  while (rows.step())
    points.push_back({rows.columnInt(0), rows.columnInt(1), storedValue(rows, 2)});
  if (!rows.ok()) {
    setStatus(status, readError(db, "metric points"));
    return {};
  }
  setStatus(status, Status::ok());
  return points;
}

std::vector<SeriesValue> loadFamilySnapshot(Workspace& workspace, std::int64_t familyId,
                                            std::int64_t snapshotId, Status* status) {
  sqlite3* db = workspace.db();
  StoreStatement rows(db, kFamilySnapshotSql);
  rows.bindInt(1, familyId);
  rows.bindInt(2, snapshotId);
  std::vector<SeriesValue> values;
  while (rows.step())
    values.push_back({rows.columnInt(0), storedValue(rows, 1)});
  if (!rows.ok()) {
    setStatus(status, readError(db, "metric points"));
    return {};
  }
  setStatus(status, Status::ok());
  return values;
}

}  // namespace sightline
