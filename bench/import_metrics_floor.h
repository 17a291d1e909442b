#pragma once

// The storage floor of bench/import_metrics.cpp: the plainest prepared-statement loop that
// puts the same metric rows into the same tables (model/metric_store_schema.h) of a fresh
// SQLite file, with the same pragmas as the metric writer and the secondary indexes built
// after the bulk insert. It is fed by the same parser as the import (only its inserts are
// timed), so both store exactly the same samples.

#include <sqlite3.h>

#include <cmath>
#include <string>
#include <vector>

#include "bench/floor_database.h"
#include "model/metrics/metric_sink.h"
#include "model/metrics/metric_store_labels.h"
#include "model/metrics/metric_store_schema.h"

namespace sightline::bench {

class MetricStorageFloor : public MetricSink, private FloorDatabase {
 public:
  explicit MetricStorageFloor(const std::string& path) : FloorDatabase(path) {
    exec("BEGIN");
    exec(
        "INSERT INTO sources(path, kind, sha256, bytes, imported_at) "
        "VALUES('floor', 'prometheus', 'floor', 0, 0)");
    const std::int64_t source = sqlite3_last_insert_rowid(handle());
    exec("INSERT INTO metric_snapshots(source_id, time_ms) VALUES(" + std::to_string(source) +
         ", 0)");
    m_snapshot = sqlite3_last_insert_rowid(handle());
    m_insertFamily = prepare("INSERT INTO metric_families(name, type, help, unit) VALUES(?,?,?,?)");
    m_insertSeries =
        prepare("INSERT INTO metric_series(family_id, name, labels, label_hash) VALUES(?,?,?,?)");
    m_insertPoint = prepare(
        "INSERT INTO metric_points(snapshot_id, series_id, value, timestamp_ms) VALUES(?,?,?,?)");
    m_insertSnapshotFamily = prepare(
        "INSERT INTO metric_snapshot_families(snapshot_id, family_id, samples) VALUES(?,?,?)");
  }

  Status consume(MetricBatch&& batch) override {
    for (const MetricFamilyRecord& family : batch.newFamilies) {
      bindText(m_insertFamily, 1, family.name);
      sqlite3_bind_text(m_insertFamily, 2, metricTypeName(family.type), -1, SQLITE_STATIC);
      bindText(m_insertFamily, 3, family.help);
      bindText(m_insertFamily, 4, family.unit);
      m_familyIds.push_back(step(m_insertFamily));
      m_familySamples.push_back(0);
    }
    for (const MetricSampleRecord& sample : batch.samples) {
      // A fresh database: every series is new, so no lookup.
      const std::int64_t family = m_familyIds[sample.family];
      const std::string labels = encodeMetricLabels(sample.labels);
      sqlite3_bind_int64(m_insertSeries, 1, family);
      bindText(m_insertSeries, 2, sample.name);
      bindText(m_insertSeries, 3, labels);
      sqlite3_bind_int64(
          m_insertSeries, 4,
          static_cast<std::int64_t>(metricSeriesFingerprint(sample.name, sample.labels).hash));
      const std::int64_t series = step(m_insertSeries);
      sqlite3_bind_int64(m_insertPoint, 1, m_snapshot);
      sqlite3_bind_int64(m_insertPoint, 2, series);
      if (std::isnan(sample.value))
        sqlite3_bind_null(m_insertPoint, 3);
      else
        sqlite3_bind_double(m_insertPoint, 3, sample.value);
      if (sample.timestampMs)
        sqlite3_bind_int64(m_insertPoint, 4, *sample.timestampMs);
      else
        sqlite3_bind_null(m_insertPoint, 4);
      step(m_insertPoint);
      ++m_familySamples[sample.family];
    }
    return Status::ok();
  }

  void finish() {
    for (std::size_t i = 0; i < m_familyIds.size(); ++i) {
      if (m_familySamples[i] == 0)
        continue;
      sqlite3_bind_int64(m_insertSnapshotFamily, 1, m_snapshot);
      sqlite3_bind_int64(m_insertSnapshotFamily, 2, m_familyIds[i]);
      sqlite3_bind_int64(m_insertSnapshotFamily, 3, m_familySamples[i]);
      step(m_insertSnapshotFamily);
    }
    for (const std::string& sql : metricIndexStatements())
      exec(sql);
    exec("COMMIT");
  }

 private:
  sqlite3_stmt* m_insertFamily = nullptr;
  sqlite3_stmt* m_insertSeries = nullptr;
  sqlite3_stmt* m_insertPoint = nullptr;
  sqlite3_stmt* m_insertSnapshotFamily = nullptr;
  std::int64_t m_snapshot = 0;
  std::vector<std::int64_t> m_familyIds;
  std::vector<std::uint64_t> m_familySamples;
};

}  // namespace sightline::bench
