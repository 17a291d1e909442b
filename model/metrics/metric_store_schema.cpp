#include "model/metrics/metric_store_schema.h"

namespace sightline {

std::vector<std::string> metricTableStatements() {
  return {
      // A family is its name and type: the same name with another type (an API JSON
      // "unknown" next to a scraped counter) is another family. `type` is the # TYPE word so
      // that SQL reads naturally; help and unit are '' when no source had them.
      "CREATE TABLE metric_families(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT "
      "NULL, help TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '', UNIQUE(name, type))",
      // A series is (family, sample name, label set). `labels` is a JSON object with sorted
      // keys, so json_extract()/json_each() filter by label in SQL; `label_hash` is the
      // lookup key (a UNIQUE index on the text would store every label set twice).
      "CREATE TABLE metric_series(id INTEGER PRIMARY KEY, family_id INTEGER NOT NULL "
      "REFERENCES metric_families(id), name TEXT NOT NULL, labels TEXT NOT NULL, label_hash "
      "INTEGER NOT NULL)",
      // One row per scrape (exposition file) or per instant (API JSON).
      "CREATE TABLE metric_snapshots(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL "
      "REFERENCES sources(id), time_ms INTEGER NOT NULL)",
      // Clustered by snapshot: an import appends one snapshot's points in series order, and
      // a snapshot is read with one range scan. NULL value = NaN (SQLite stores NaN as NULL);
      // timestamp_ms is the sample's own timestamp, NULL when it had none.
      "CREATE TABLE metric_points(snapshot_id INTEGER NOT NULL REFERENCES metric_snapshots(id), "
      "series_id INTEGER NOT NULL REFERENCES metric_series(id), value REAL, timestamp_ms "
      "INTEGER, PRIMARY KEY(snapshot_id, series_id)) WITHOUT ROWID",
      "CREATE TABLE metric_exemplars(snapshot_id INTEGER NOT NULL REFERENCES "
      "metric_snapshots(id), series_id INTEGER NOT NULL REFERENCES metric_series(id), labels "
      "TEXT NOT NULL, value REAL, timestamp_ms INTEGER, PRIMARY KEY(snapshot_id, series_id)) "
      "WITHOUT ROWID",
      // Derived at import: sample lines per family and snapshot, so that "samples in the
      // latest snapshot" and "which snapshots hold this family" never scan the points.
      "CREATE TABLE metric_snapshot_families(snapshot_id INTEGER NOT NULL REFERENCES "
      "metric_snapshots(id), family_id INTEGER NOT NULL REFERENCES metric_families(id), "
      "samples INTEGER NOT NULL, PRIMARY KEY(snapshot_id, family_id)) WITHOUT ROWID",
  };
}

std::vector<std::string> metricIndexStatements() {
  return {
      "CREATE INDEX metric_series_hash ON metric_series(label_hash)",
      "CREATE INDEX metric_series_family ON metric_series(family_id)",
      "CREATE INDEX metric_snapshots_time ON metric_snapshots(time_ms)",
      "CREATE INDEX metric_snapshot_families_family ON metric_snapshot_families(family_id)",
  };
}

std::vector<std::string> metricViewStatements() {
  return {
      "CREATE VIEW metric_points_view AS SELECT f.name AS family, f.type, s.name, s.labels, "
      "n.time_ms AS snapshot_time_ms, coalesce(p.timestamp_ms, n.time_ms) AS time_ms, p.value, "
      "p.series_id, p.snapshot_id, n.source_id FROM metric_points p JOIN metric_series s ON "
      "s.id = p.series_id JOIN metric_families f ON f.id = s.family_id JOIN metric_snapshots n "
      "ON n.id = p.snapshot_id",
      "CREATE VIEW metric_series_labels_view AS SELECT s.id AS series_id, s.name, l.key AS "
      "label, l.value FROM metric_series s, json_each(s.labels) l",
  };
}

}  // namespace sightline
