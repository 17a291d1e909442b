// MetricStoreWriter's append mode: a live source that grows by one transaction per group of
// submissions (LiveMetricWriter). The file import's writing of families, series and points
// is reused as is; what differs is kept here: the source row exists, each submission has
// its own family indexes and exposition snapshot, instants are shared across groups, and a
// resent point is skipped.
#include <sqlite3.h>

#include "model/metrics/metric_store_writer.h"

namespace sightline {

namespace {

// The instant → snapshot cache is cleared when it reaches this size; older instants are then
// found in the table (metric_snapshots_time), so a long-running source stays bounded.
constexpr std::size_t kMaxCachedInstants = 4096;

}  // namespace

Status MetricStoreWriter::prepareAppendStatements() {
  if (Status s = prepareStatements(); !s)
    return s;
  m_insertPointOnce = StoreStatement(m_db,
                                     "INSERT OR IGNORE INTO metric_points(snapshot_id, series_id, "
                                     "value, timestamp_ms) VALUES(?,?,?,?)");
  m_insertExemplarOnce =
      StoreStatement(m_db,
                     "INSERT OR IGNORE INTO metric_exemplars(snapshot_id, series_id, labels, "
                     "value, timestamp_ms) VALUES(?,?,?,?,?)");
  m_findInstantSnapshot = StoreStatement(
      m_db,
      "SELECT id FROM metric_snapshots WHERE time_ms = ? AND source_id = ? ORDER BY id "
      "LIMIT 1");
  // A snapshot of an earlier group may gain samples of a family it already counted.
  m_addFamilyCount = StoreStatement(
      m_db,
      "INSERT INTO metric_snapshot_families(snapshot_id, family_id, samples) VALUES(?,?,?) ON "
      "CONFLICT(snapshot_id, family_id) DO UPDATE SET samples = samples + excluded.samples");
  m_updateSourceBytes = StoreStatement(m_db, "UPDATE sources SET bytes = ? WHERE id = ?");
  if (!m_insertPointOnce.valid() || !m_insertExemplarOnce.valid() ||
      !m_findInstantSnapshot.valid() || !m_addFamilyCount.valid() || !m_updateSourceBytes.valid()) {
    return fail("metrics (live statements)");
  }
  return Status::ok();
}

Status MetricStoreWriter::beginAppend(std::int64_t sourceId) {
  if (m_inTransaction)
    return Status::error("workspace: a metric transaction is already open");
  if (sourceId == 0)
    return Status::error("workspace: the live source is not open");
  if (!m_appending) {
    m_appending = true;
    m_stats.sourceId = sourceId;
    // Other writers add series between our transactions: a series missing from the cache
    // is always looked up.
    m_workspaceHadSeries = true;
    if (Status s = prepareAppendStatements(); !s)
      return s;
  }
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  m_inTransaction = true;
  return Status::ok();
}

Status MetricStoreWriter::appendSubmission(const std::vector<MetricBatch>& batches,
                                           std::int64_t defaultTimeMs, MetricAppendResult* result) {
  if (!m_inTransaction || !m_appending)
    return Status::error("workspace: no live metric transaction is open");
  // The submission's own family indexes, exposition snapshot and default time.
  m_families.clear();
  m_fileSnapshot = 0;
  m_newestTimestampMs.reset();
  m_defaultTimeMs = defaultTimeMs;
  const MetricWriteStats before = m_stats;
  const std::uint64_t duplicatesBefore = m_appendDuplicates;
  for (const MetricBatch& batch : batches) {
    if (Status s = write(batch); !s)
      return s;
  }
  if (Status s = settleFileSnapshot(); !s)
    return s;
  m_fileSnapshot = 0;
  m_newestTimestampMs.reset();
  if (result) {
    result->points = m_stats.points - before.points;
    result->newSeries = m_stats.newSeries - before.newSeries;
    result->duplicates = m_appendDuplicates - duplicatesBefore;
  }
  return Status::ok();
}

std::int64_t MetricStoreWriter::appendInstantSnapshot(std::int64_t timeMs) {
  if (auto it = m_instantSnapshots.find(timeMs); it != m_instantSnapshots.end())
    return it->second;
  if (m_instantSnapshots.size() >= kMaxCachedInstants)
    m_instantSnapshots.clear();
  m_findInstantSnapshot.bindInt(1, timeMs);
  m_findInstantSnapshot.bindInt(2, m_stats.sourceId);
  std::int64_t id = m_findInstantSnapshot.step() ? m_findInstantSnapshot.columnInt(0) : 0;
  const bool ok = m_findInstantSnapshot.ok();
  m_findInstantSnapshot.reset();
  if (!ok)
    return 0;
  if (!id)
    id = insertSnapshot(timeMs);
  if (id)
    m_instantSnapshots.emplace(timeMs, id);
  return id;
}

Status MetricStoreWriter::commitAppend(std::uint64_t totalBytes) {
  if (!m_inTransaction || !m_appending)
    return Status::error("workspace: no live metric transaction is open");
  for (const auto& [key, count] : m_familyCounts) {
    m_addFamilyCount.bindInt(1, key.first);
    m_addFamilyCount.bindInt(2, key.second);
    m_addFamilyCount.bindInt(3, static_cast<std::int64_t>(count));
    if (m_addFamilyCount.execute() != SQLITE_DONE)
      return fail("the snapshot's family counts");
  }
  m_updateSourceBytes.bindInt(1, static_cast<std::int64_t>(totalBytes));
  m_updateSourceBytes.bindInt(2, m_stats.sourceId);
  if (m_updateSourceBytes.execute() != SQLITE_DONE)
    return fail("the source's size");
  if (Status s = execSql(m_db, "COMMIT"); !s)
    return s;
  m_inTransaction = false;
  m_familyCounts.clear();
  m_lastCount = nullptr;
  return Status::ok();
}

void MetricStoreWriter::dropAppendCaches() {
  m_families.clear();
  m_seriesIds.clear();
  m_instantSnapshots.clear();
  m_familyCounts.clear();
  m_lastCount = nullptr;
  m_fileSnapshot = 0;
  m_newestTimestampMs.reset();
  // Statements a failed step left mid-row must not hold the rolled-back state.
  m_findFamily.reset();
  m_findSeries.reset();
  m_findInstantSnapshot.reset();
}

}  // namespace sightline
