// loadMetricSeriesTable (declared in model/metric_queries.h): the metric store read into a
// MetricSeriesTable for the pure analyses.

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "model/metrics/metric_label_order.h"
#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_store_labels.h"
#include "model/store/store_statement.h"

namespace sightline {

namespace {

struct StoredFamily {
  std::string name;
  MetricType type = MetricType::Untyped;
  std::vector<std::pair<std::int64_t, std::size_t>> snapshots;  // (snapshot id, column)
};

struct StoredSeries {
  std::int64_t id = 0;
  std::int64_t familyId = 0;
  MetricSeriesValues values;
};

double storedValue(const StoreStatement& row, int column) {
  return row.columnIsNull(column) ? std::numeric_limits<double>::quiet_NaN()
                                  : row.columnDouble(column);
}

bool seriesLess(const StoredSeries& a, const StoredSeries& b) {
  const MetricSeriesValues& x = a.values;
  const MetricSeriesValues& y = b.values;
  if (x.family != y.family)
    return x.family < y.family;
  if (x.type != y.type)
    return x.type < y.type;
  return metricSeriesLess(x.name, x.labels, y.name, y.labels);
}

class SeriesTableLoader {
 public:
  SeriesTableLoader(sqlite3* db, const std::vector<std::int64_t>& familyIds)
      : m_db(db), m_all(familyIds.empty()), m_wanted(familyIds.begin(), familyIds.end()) {}

  Status load(MetricSeriesTable& table) {
    for (auto step : {&SeriesTableLoader::loadFamilies, &SeriesTableLoader::loadSnapshots,
                      &SeriesTableLoader::loadSeries, &SeriesTableLoader::loadValues}) {
      if (Status s = (this->*step)(table); !s)
        return s;
    }
    table.series.reserve(m_series.size());
    for (StoredSeries& series : m_series)
      table.series.push_back(std::move(series.values));
    return Status::ok();
  }

 private:
  Status error(const char* what) const {
    return Status::error(std::string("workspace: cannot read ") + what + ": " +
                         lastSqliteError(m_db));
  }
  bool wanted(std::int64_t familyId) const { return m_all || m_wanted.count(familyId) != 0; }

  Status loadFamilies(MetricSeriesTable&) {
    StoreStatement rows(m_db, "SELECT id, name, type FROM metric_families");
    while (rows.step()) {
      if (!wanted(rows.columnInt(0)))
        continue;
      StoredFamily family;
      family.name = rows.columnText(1);
      family.type = parseMetricType(rows.columnText(2)).value_or(MetricType::Untyped);
      m_families.emplace(rows.columnInt(0), std::move(family));
    }
    return rows.ok() ? Status::ok() : error("metric families");
  }

  // Only the snapshots that hold one of the families become columns.
  Status loadSnapshots(MetricSeriesTable& table) {
    StoreStatement rows(m_db,
                        "SELECT sf.snapshot_id, sf.family_id, n.time_ms FROM "
                        "metric_snapshot_families sf JOIN metric_snapshots n ON n.id = "
                        "sf.snapshot_id ORDER BY n.time_ms, n.id");
    while (rows.step()) {
      auto family = m_families.find(rows.columnInt(1));
      if (family == m_families.end())
        continue;
      const std::int64_t snapshot = rows.columnInt(0);
      auto [column, added] = m_columns.try_emplace(snapshot, table.snapshotTimesMs.size());
      if (added)
        table.snapshotTimesMs.push_back(rows.columnInt(2));
      family->second.snapshots.emplace_back(snapshot, column->second);
    }
    return rows.ok() ? Status::ok() : error("metric snapshots");
  }

  Status loadSeries(MetricSeriesTable& table) {
    StoreStatement rows(m_db, m_all ? "SELECT id, family_id, name, labels FROM metric_series"
                                    : "SELECT id, family_id, name, labels FROM metric_series "
                                      "WHERE family_id = ?");
    auto readRows = [&]() -> Status {
      while (rows.step()) {
        auto family = m_families.find(rows.columnInt(1));
        if (family == m_families.end())
          continue;
        StoredSeries series;
        series.id = rows.columnInt(0);
        series.familyId = family->first;
        series.values.family = family->second.name;
        series.values.type = family->second.type;
        series.values.name = rows.columnText(2);
        if (!decodeMetricLabels(rows.columnText(3), series.values.labels))
          return Status::error("workspace: a metric series has unreadable labels");
        series.values.values.assign(table.snapshotTimesMs.size(), std::nullopt);
        m_series.push_back(std::move(series));
      }
      const bool ok = rows.ok();
      rows.reset();
      return ok ? Status::ok() : error("metric series");
    };
    if (m_all) {
      if (Status s = readRows(); !s)
        return s;
    } else {
      for (const auto& entry : m_families) {
        rows.bindInt(1, entry.first);
        if (Status s = readRows(); !s)
          return s;
      }
    }
    std::sort(m_series.begin(), m_series.end(), seriesLess);
    // Series ids are dense row ids, so a vector maps them to rows without hashing.
    std::int64_t maxId = 0;
    for (const StoredSeries& series : m_series)
      maxId = std::max(maxId, series.id);
    m_rows.assign(static_cast<std::size_t>(maxId) + 1, kNoRow);
    for (std::size_t i = 0; i < m_series.size(); ++i)
      m_rows[static_cast<std::size_t>(m_series[i].id)] = i;
    return Status::ok();
  }

  void store(std::int64_t seriesId, std::size_t column, double value) {
    if (seriesId < 0 || static_cast<std::size_t>(seriesId) >= m_rows.size())
      return;
    const std::size_t row = m_rows[static_cast<std::size_t>(seriesId)];
    if (row != kNoRow)
      m_series[row].values.values[column] = value;
  }

  Status loadValues(MetricSeriesTable&) {
    if (m_all) {
      // Everything: one pass over the points in their stored order.
      StoreStatement rows(m_db, "SELECT snapshot_id, series_id, value FROM metric_points");
      while (rows.step()) {
        if (auto column = m_columns.find(rows.columnInt(0)); column != m_columns.end())
          store(rows.columnInt(1), column->second, storedValue(rows, 2));
      }
      return rows.ok() ? Status::ok() : error("metric points");
    }
    // Some families: their series looked up in each snapshot holding them.
    StoreStatement rows(m_db,
                        "SELECT p.series_id, p.value FROM metric_series s CROSS JOIN "
                        "metric_points p ON p.snapshot_id = ?2 AND p.series_id = s.id WHERE "
                        "s.family_id = ?1");
    for (const auto& [familyId, family] : m_families) {
      for (const auto& [snapshot, column] : family.snapshots) {
        rows.bindInt(1, familyId);
        rows.bindInt(2, snapshot);
        while (rows.step())
          store(rows.columnInt(0), column, storedValue(rows, 1));
        const bool ok = rows.ok();
        rows.reset();
        if (!ok)
          return error("metric points");
      }
    }
    return Status::ok();
  }

  sqlite3* m_db;
  bool m_all;
  std::unordered_set<std::int64_t> m_wanted;
  std::unordered_map<std::int64_t, StoredFamily> m_families;
  std::unordered_map<std::int64_t, std::size_t> m_columns;  // snapshot id → column
  std::vector<StoredSeries> m_series;
  static constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);
  std::vector<std::size_t> m_rows;  // series id → index in m_series, kNoRow if not loaded
};

}  // namespace

MetricSeriesTable loadMetricSeriesTable(Workspace& workspace,
                                        const std::vector<std::int64_t>& familyIds,
                                        Status* status) {
  MetricSeriesTable table;
  Status s = SeriesTableLoader(workspace.db(), familyIds).load(table);
  if (!s)
    table = MetricSeriesTable{};
  if (status)
    *status = std::move(s);
  return table;
}

}  // namespace sightline
