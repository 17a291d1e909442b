#include "model/metrics/metric_store_writer.h"
#include "model/store/source_row.h"

#include <sqlite3.h>

#include <cmath>

namespace sightline {

namespace {

// The series cache holds at most this many entries (about 70 bytes each); an import with
// more distinct series looks the rest up in the table, so memory stays bounded.
constexpr std::size_t kMaxCachedSeries = 2'000'000;

// SQLite keeps ±Inf as REAL but turns NaN into NULL; bind it as NULL explicitly.
void bindValue(StoreStatement& statement, int index, double value) {
  if (std::isnan(value)) {
    statement.bindNull(index);
  } else {
    statement.bindDouble(index, value);
  }
}

void bindOptionalInt(StoreStatement& statement, int index, std::optional<std::int64_t> value) {
  if (value) {
    statement.bindInt(index, *value);
  } else {
    statement.bindNull(index);
  }
}

std::string lineText(const MetricSampleRecord& sample) {
  return sample.line ? "line " + std::to_string(sample.line) + ": " : std::string();
}

}  // namespace

MetricStoreWriter::MetricStoreWriter(sqlite3* db, std::int64_t defaultSnapshotTimeMs)
    : m_db(db), m_defaultTimeMs(defaultSnapshotTimeMs) {}

MetricStoreWriter::~MetricStoreWriter() {
  rollback();
}

Status MetricStoreWriter::fail(const char* what) const {
  return Status::error(std::string("workspace: cannot store ") + what + ": " +
                       lastSqliteError(m_db));
}

Status MetricStoreWriter::begin(const SourceDescription& source) {
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  m_inTransaction = true;
  if (Status s = insertSourceRow(m_db, source, &m_stats.sourceId); !s)
    return s;

  StoreStatement anySeries(m_db, "SELECT EXISTS(SELECT 1 FROM metric_series)");
  if (!anySeries.step())
    return fail("metrics (reading the series)");
  m_workspaceHadSeries = anySeries.columnInt(0) != 0;
  return prepareStatements();
}

Status MetricStoreWriter::prepareStatements() {
  m_findFamily = StoreStatement(m_db, "SELECT id FROM metric_families WHERE name = ? AND type = ?");
  m_insertFamily =
      StoreStatement(m_db, "INSERT INTO metric_families(name, type, help, unit) VALUES(?,?,?,?)");
  // The newest import that has a help text or unit sets it; an empty one keeps the old.
  m_updateFamilyText = StoreStatement(
      m_db,
      "UPDATE metric_families SET help = CASE WHEN ?2 <> '' THEN ?2 ELSE help END, unit = CASE "
      "WHEN ?3 <> '' THEN ?3 ELSE unit END WHERE id = ?1");
  m_findSeries = StoreStatement(
      m_db, "SELECT id, family_id, name, labels FROM metric_series WHERE label_hash = ?");
  m_insertSeries = StoreStatement(
      m_db, "INSERT INTO metric_series(family_id, name, labels, label_hash) VALUES(?,?,?,?)");
  m_insertSnapshot =
      StoreStatement(m_db, "INSERT INTO metric_snapshots(source_id, time_ms) VALUES(?,?)");
  m_insertPoint = StoreStatement(
      m_db,
      "INSERT INTO metric_points(snapshot_id, series_id, value, timestamp_ms) VALUES(?,?,?,?)");
  m_insertExemplar = StoreStatement(m_db,
                                    "INSERT INTO metric_exemplars(snapshot_id, series_id, labels, "
                                    "value, timestamp_ms) VALUES(?,?,?,?,?)");
  if (!m_findFamily.valid() || !m_insertFamily.valid() || !m_updateFamilyText.valid() ||
      !m_findSeries.valid() || !m_insertSeries.valid() || !m_insertSnapshot.valid() ||
      !m_insertPoint.valid() || !m_insertExemplar.valid()) {
    return fail("metrics (statements)");
  }
  return Status::ok();
}

Status MetricStoreWriter::write(const MetricBatch& batch) {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  for (const MetricFamilyRecord& family : batch.newFamilies) {
    if (Status s = writeFamily(family); !s)
      return s;
  }
  for (const MetricSampleRecord& sample : batch.samples) {
    if (Status s = writeSample(sample, batch.timestampsAreSnapshots); !s)
      return s;
  }
  return Status::ok();
}

Status MetricStoreWriter::writeFamily(const MetricFamilyRecord& family) {
  const char* type = metricTypeName(family.type);
  m_findFamily.bindText(1, family.name);
  m_findFamily.bindText(2, type);
  std::int64_t id = m_findFamily.step() ? m_findFamily.columnInt(0) : 0;
  const bool readOk = m_findFamily.ok();
  m_findFamily.reset();
  if (!readOk)
    return fail("a metric family");
  if (id) {
    if (!family.help.empty() || !family.unit.empty()) {
      m_updateFamilyText.bindInt(1, id);
      m_updateFamilyText.bindText(2, family.help);
      m_updateFamilyText.bindText(3, family.unit);
      if (m_updateFamilyText.execute() != SQLITE_DONE)
        return fail("a metric family");
    }
  } else {
    m_insertFamily.bindText(1, family.name);
    m_insertFamily.bindText(2, type);
    m_insertFamily.bindText(3, family.help);
    m_insertFamily.bindText(4, family.unit);
    if (m_insertFamily.execute() != SQLITE_DONE)
      return fail("a metric family");
    id = sqlite3_last_insert_rowid(m_db);
  }
  m_families.push_back({id, family.name});
  ++m_stats.families;
  return Status::ok();
}

Status MetricStoreWriter::writeSample(const MetricSampleRecord& sample,
                                      bool timestampsAreSnapshots) {
  if (sample.family >= m_families.size()) {
    return Status::error(lineText(sample) + "sample " + sample.name + " refers to family #" +
                         std::to_string(sample.family) + ", which the reader never declared");
  }
  const std::int64_t familyId = m_families[sample.family].id;
  const std::int64_t snapshot = snapshotFor(sample, timestampsAreSnapshots);
  if (!snapshot)
    return fail("a metric snapshot");
  const std::int64_t series = seriesId(sample, familyId);
  if (!series)
    return fail("a metric series");

  StoreStatement& insertPoint = m_appending ? m_insertPointOnce : m_insertPoint;
  insertPoint.bindInt(1, snapshot);
  insertPoint.bindInt(2, series);
  bindValue(insertPoint, 3, sample.value);
  // An API JSON point's timestamp is its snapshot's time: not stored twice.
  bindOptionalInt(insertPoint, 4, timestampsAreSnapshots ? std::nullopt : sample.timestampMs);
  if (const int rc = insertPoint.execute(); rc != SQLITE_DONE) {
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return Status::error(lineText(sample) + "duplicate series " + sample.name +
                           canonicalLabelText(sample.labels) + " in one snapshot");
    }
    return fail("a metric point");
  }
  if (m_appending && sqlite3_changes(m_db) == 0) {
    ++m_appendDuplicates;  // the snapshot holds the series already: a resend
    return Status::ok();
  }
  if (sample.exemplar) {
    const MetricExemplar& exemplar = *sample.exemplar;
    StoreStatement& insertExemplar = m_appending ? m_insertExemplarOnce : m_insertExemplar;
    insertExemplar.bindInt(1, snapshot);
    insertExemplar.bindInt(2, series);
    insertExemplar.bindText(3, encodeMetricLabels(exemplar.labels));
    bindValue(insertExemplar, 4, exemplar.value);
    // Milliseconds, as Prometheus keeps exemplar timestamps.
    std::optional<std::int64_t> exemplarMs;
    if (exemplar.timestampSeconds && std::isfinite(*exemplar.timestampSeconds))
      exemplarMs = static_cast<std::int64_t>(std::llround(*exemplar.timestampSeconds * 1000.0));
    bindOptionalInt(insertExemplar, 5, exemplarMs);
    if (insertExemplar.execute() != SQLITE_DONE)
      return fail("an exemplar");
  }
  countSample(snapshot, familyId);
  ++m_stats.points;
  return Status::ok();
}

std::int64_t MetricStoreWriter::seriesId(const MetricSampleRecord& sample, std::int64_t familyId) {
  MetricSeriesFingerprint fingerprint = metricSeriesFingerprint(sample.name, sample.labels);
  // The cache key also tells families apart: the same sample name can be a series of two
  // families (a gauge in one source, untyped in another).
  MetricSeriesFingerprint key = fingerprint;
  key.check ^= static_cast<std::uint64_t>(familyId) * 0x9e3779b97f4a7c15ull;
  if (auto it = m_seriesIds.find(key); it != m_seriesIds.end())
    return it->second;

  const bool cacheFull = m_seriesIds.size() >= kMaxCachedSeries;
  std::int64_t id = 0;
  // Once the cache is full, "not cached" no longer means "new to this import" either.
  if (m_workspaceHadSeries || cacheFull) {
    id = findStoredSeries(sample, familyId, fingerprint);
    if (id < 0)
      return 0;
  }
  if (!id) {
    m_insertSeries.bindInt(1, familyId);
    m_insertSeries.bindText(2, sample.name);
    m_insertSeries.bindText(3, encodeMetricLabels(sample.labels));
    m_insertSeries.bindInt(4, static_cast<std::int64_t>(fingerprint.hash));
    if (m_insertSeries.execute() != SQLITE_DONE)
      return 0;
    id = sqlite3_last_insert_rowid(m_db);
    ++m_stats.newSeries;
  }
  if (!cacheFull) {
    m_seriesIds.emplace(key, id);
    ++m_stats.series;
  }
  return id;
}

// The row of an already stored series, 0 when there is none, −1 on a database error.
std::int64_t MetricStoreWriter::findStoredSeries(const MetricSampleRecord& sample,
                                                 std::int64_t familyId,
                                                 const MetricSeriesFingerprint& fingerprint) {
  const std::string labels = encodeMetricLabels(sample.labels);
  m_findSeries.bindInt(1, static_cast<std::int64_t>(fingerprint.hash));
  std::int64_t found = 0;
  while (m_findSeries.step()) {
    if (m_findSeries.columnInt(1) == familyId && m_findSeries.columnText(2) == sample.name &&
        m_findSeries.columnText(3) == labels) {
      found = m_findSeries.columnInt(0);
      break;
    }
  }
  const bool ok = m_findSeries.ok();
  m_findSeries.reset();
  return ok ? found : -1;
}

std::int64_t MetricStoreWriter::snapshotFor(const MetricSampleRecord& sample,
                                            bool timestampsAreSnapshots) {
  if (timestampsAreSnapshots && m_appending)
    return appendInstantSnapshot(sample.timestampMs.value_or(m_defaultTimeMs));
  if (timestampsAreSnapshots) {
    const std::int64_t timeMs = sample.timestampMs.value_or(m_defaultTimeMs);
    auto [it, added] = m_instantSnapshots.try_emplace(timeMs, 0);
    if (added)
      it->second = insertSnapshot(timeMs);
    return it->second;
  }
  if (sample.timestampMs && (!m_newestTimestampMs || *sample.timestampMs > *m_newestTimestampMs))
    m_newestTimestampMs = sample.timestampMs;
  if (!m_fileSnapshot)
    m_fileSnapshot = insertSnapshot(m_defaultTimeMs);  // its time is settled at commit
  return m_fileSnapshot;
}

std::int64_t MetricStoreWriter::insertSnapshot(std::int64_t timeMs) {
  m_insertSnapshot.bindInt(1, m_stats.sourceId);
  m_insertSnapshot.bindInt(2, timeMs);
  if (m_insertSnapshot.execute() != SQLITE_DONE)
    return 0;
  ++m_stats.snapshots;
  return sqlite3_last_insert_rowid(m_db);
}

void MetricStoreWriter::countSample(std::int64_t snapshotId, std::int64_t familyId) {
  // A family's samples arrive together, so the last counter is nearly always the one.
  const std::pair key{snapshotId, familyId};
  if (!m_lastCount || key != m_lastCountKey) {
    m_lastCount = &m_familyCounts[key];
    m_lastCountKey = key;
  }
  ++*m_lastCount;
}

Status MetricStoreWriter::settleFileSnapshot() {
  if (m_fileSnapshot && m_newestTimestampMs) {
    StoreStatement update(m_db, "UPDATE metric_snapshots SET time_ms = ? WHERE id = ?");
    update.bindInt(1, *m_newestTimestampMs);
    update.bindInt(2, m_fileSnapshot);
    if (update.execute() != SQLITE_DONE)
      return fail("a snapshot time");
  }
  return Status::ok();
}

Status MetricStoreWriter::settleSnapshots() {
  if (Status s = settleFileSnapshot(); !s)
    return s;
  StoreStatement insert(m_db,
                        "INSERT INTO metric_snapshot_families(snapshot_id, family_id, samples) "
                        "VALUES(?,?,?)");
  for (const auto& [key, count] : m_familyCounts) {
    insert.bindInt(1, key.first);
    insert.bindInt(2, key.second);
    insert.bindInt(3, static_cast<std::int64_t>(count));
    if (insert.execute() != SQLITE_DONE)
      return fail("the snapshot's family counts");
  }
  return Status::ok();
}

Status MetricStoreWriter::commit() {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  if (Status s = settleSnapshots(); !s)
    return s;
  if (Status s = execSql(m_db, "COMMIT"); !s)
    return s;
  m_inTransaction = false;
  return Status::ok();
}

void MetricStoreWriter::rollback() {
  if (!m_inTransaction)
    return;
  m_inTransaction = false;
  execSql(m_db, "ROLLBACK");
  // The caches may name rows the rollback removed.
  if (m_appending)
    dropAppendCaches();
}

}  // namespace sightline
