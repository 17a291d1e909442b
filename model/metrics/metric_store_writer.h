#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_records.h"
#include "model/metrics/metric_store_labels.h"
#include "model/metrics/metric_writer.h"
#include "model/store/source_description.h"
#include "model/store/store_statement.h"

struct sqlite3;

namespace sightline {

// What one live submission left in the workspace (append mode).
struct MetricAppendResult {
  std::uint64_t points = 0;      // stored
  std::uint64_t newSeries = 0;   // series the workspace did not have before
  std::uint64_t duplicates = 0;  // points its snapshot already held (a resend), not stored again
};

// The storage half of MetricWriter: writes one source's families, series, snapshots and
// points in a single transaction on one connection, with statements prepared once.
//
// Append mode (LiveMetricWriter) writes into a live source whose `sources` row exists, one
// transaction per group of submissions: beginAppend → appendSubmission… → commitAppend, or
// rollback(). Each submission's family indexes are its own; its exposition samples become
// one new snapshot, and instant-grouped samples (OTLP, API JSON) join the source's snapshot
// of the same instant, from earlier groups too, so the source reads like a file import of
// all its submissions. A point its snapshot already holds is skipped (a resend), not an error.
class MetricStoreWriter {
 public:
  MetricStoreWriter(sqlite3* db, std::int64_t defaultSnapshotTimeMs);
  ~MetricStoreWriter();
  MetricStoreWriter(const MetricStoreWriter&) = delete;
  MetricStoreWriter& operator=(const MetricStoreWriter&) = delete;

  // BEGIN IMMEDIATE and the `sources` row.
  Status begin(const SourceDescription& source);
  Status write(const MetricBatch& batch);
  // Settles the snapshot times and per-family counts, then COMMIT.
  Status commit();
  // Rolls back everything since begin(); safe to call more than once.
  void rollback();
  const MetricWriteStats& stats() const { return m_stats; }

  Status beginAppend(std::int64_t sourceId);
  // Samples without a timestamp take `defaultTimeMs`.
  Status appendSubmission(const std::vector<MetricBatch>& batches, std::int64_t defaultTimeMs,
                          MetricAppendResult* result);
  // Adds the group's per-family counts, sets the source's byte count, and commits.
  Status commitAppend(std::uint64_t totalBytes);

 private:
  struct FamilyRef {
    std::int64_t id = 0;
    std::string name;
  };

  Status fail(const char* what) const;
  Status writeFamily(const MetricFamilyRecord& family);
  Status writeSample(const MetricSampleRecord& sample, bool timestampsAreSnapshots);
  // The series' row id, inserting the series when the workspace does not have it; 0 on a
  // database error.
  std::int64_t seriesId(const MetricSampleRecord& sample, std::int64_t familyId);
  std::int64_t findStoredSeries(const MetricSampleRecord& sample, std::int64_t familyId,
                                const MetricSeriesFingerprint& fingerprint);
  // The snapshot a sample belongs to, created on first use; 0 on a database error.
  std::int64_t snapshotFor(const MetricSampleRecord& sample, bool timestampsAreSnapshots);
  std::int64_t insertSnapshot(std::int64_t timeMs);
  void countSample(std::int64_t snapshotId, std::int64_t familyId);
  Status prepareStatements();
  Status settleFileSnapshot();
  Status settleSnapshots();
  std::int64_t appendInstantSnapshot(std::int64_t timeMs);
  Status prepareAppendStatements();
  void dropAppendCaches();

  sqlite3* m_db;
  std::int64_t m_defaultTimeMs;
  bool m_inTransaction = false;
  bool m_appending = false;
  std::uint64_t m_appendDuplicates = 0;
  // False when the workspace had no series before this import: then every series missing
  // from the cache is new and needs no lookup in the table.
  bool m_workspaceHadSeries = false;
  MetricWriteStats m_stats;

  std::vector<FamilyRef> m_families;  // by the reader's running family index
  std::unordered_map<MetricSeriesFingerprint, std::int64_t, MetricSeriesFingerprintHash>
      m_seriesIds;

  // Exposition files: one snapshot, its time settled at commit from the newest explicit
  // sample timestamp. API JSON: one snapshot per distinct instant.
  std::int64_t m_fileSnapshot = 0;
  std::optional<std::int64_t> m_newestTimestampMs;
  std::map<std::int64_t, std::int64_t> m_instantSnapshots;  // time → snapshot id

  std::map<std::pair<std::int64_t, std::int64_t>, std::uint64_t> m_familyCounts;
  std::pair<std::int64_t, std::int64_t> m_lastCountKey{0, 0};
  std::uint64_t* m_lastCount = nullptr;

  StoreStatement m_findFamily;
  StoreStatement m_insertFamily;
  StoreStatement m_updateFamilyText;
  StoreStatement m_findSeries;
  StoreStatement m_insertSeries;
  StoreStatement m_insertSnapshot;
  StoreStatement m_insertPoint;
  StoreStatement m_insertExemplar;
  // Append mode only.
  StoreStatement m_insertPointOnce;
  StoreStatement m_insertExemplarOnce;
  StoreStatement m_findInstantSnapshot;
  StoreStatement m_addFamilyCount;
  StoreStatement m_updateSourceBytes;
};

}  // namespace sightline
