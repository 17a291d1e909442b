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

// The storage half of MetricWriter: writes one source's families, series, snapshots and
// points in a single transaction on one connection, with statements prepared once.
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
  Status settleSnapshots();

  sqlite3* m_db;
  std::int64_t m_defaultTimeMs;
  bool m_inTransaction = false;
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
};

}  // namespace sightline
