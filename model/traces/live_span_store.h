#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/store/source_description.h"
#include "model/store/store_statement.h"
#include "model/store/string_interner.h"
#include "model/traces/span_row_writer.h"
#include "model/traces/trace_records.h"
#include "model/traces/trace_summary_store.h"

struct sqlite3;

namespace sightline {

// A span's identity in the workspace: (trace id, span id).
struct SpanKey {
  TraceId traceId;
  SpanId spanId;
  bool operator==(const SpanKey&) const = default;
};

struct SpanKeyHash {
  std::size_t operator()(const SpanKey& key) const {
    return TraceIdHash{}(key.traceId) ^ (SpanIdHash{}(key.spanId) * 0x9e3779b97f4a7c15ull);
  }
};

// What one submitted batch left in the workspace.
struct LiveBatchResult {
  std::uint64_t spans = 0;       // stored
  std::uint64_t duplicates = 0;  // already in the workspace (a resend), not stored again
};

// The synchronous half of LiveTraceWriter: a live source's `sources` row, then one
// transaction per group of batches (beginGroup → write… → commitGroup). Unlike a file import
// (SpanStoreWriter), every transaction commits on its own, spans are deduplicated against the
// whole workspace including this source's earlier commits, and each batch's resources and
// scopes are its own (local ids restart with every request).
class LiveSpanStore {
 public:
  explicit LiveSpanStore(sqlite3* db);
  ~LiveSpanStore();

  // Inserts and commits the `sources` row (kind "live").
  Status open(const SourceDescription& source);
  std::int64_t sourceId() const { return m_sourceId; }

  Status beginGroup();
  Status write(const TraceBatch& batch, LiveBatchResult* result);
  // Refreshes the summaries of the traces the group stored spans of and the source's byte
  // count, and commits.
  Status commitGroup(std::uint64_t totalBytes);
  // Rolls back the open group; the caches of the rolled-back rows are dropped with it.
  void rollbackGroup();

 private:
  struct ResourceRow {
    std::int64_t rowId = 0;
    std::int64_t serviceId = 0;
  };
  Status fail(const char* what) const;
  Status prepare();
  Status writeResource(const ResourceRecord& resource);
  Status writeScope(const ScopeRecord& scope);
  Status writeSpan(const SpanRecord& span, LiveBatchResult* result);
  bool isDuplicate(const SpanRecord& span);
  bool traceHasRows(const TraceId& traceId);

  sqlite3* m_db;
  std::int64_t m_sourceId = 0;
  bool m_inTransaction = false;
  // Recreated after a rollback: their caches may name rows that no longer exist.
  std::unique_ptr<StringInterner> m_strings;
  std::unique_ptr<SpanRowWriter> m_rows;
  std::unique_ptr<TraceSummaryWriter> m_summaries;  // prepared once, not per group
  std::unordered_map<std::uint32_t, ResourceRow> m_resources;
  std::unordered_map<std::uint32_t, std::int64_t> m_scopes;
  // The traces this group stored spans of. A trace with no rows before the group (the usual
  // case) gets its summary from the spans kept here, without reading them back; the others
  // are recomputed from all their stored spans.
  struct GroupTrace {
    bool hadRowsBefore = false;
    std::vector<TraceSummarySpan> spans;  // when !hadRowsBefore
  };
  std::unordered_map<TraceId, GroupTrace, TraceIdHash> m_groupTraces;
  // Duplicate checks, per batch: a trace with no row before the batch (the usual case) is
  // asked about once, and its spans are then checked against `m_newSpans` in memory; only a
  // trace the workspace already holds spans of is checked span by span in SQL.
  std::unordered_map<TraceId, bool, TraceIdHash> m_traceHadRows;
  std::unordered_set<SpanKey, SpanKeyHash> m_newSpans;

  StoreStatement m_findTrace;
  StoreStatement m_findDuplicate;
  StoreStatement m_insertTouched;
  StoreStatement m_updateSource;
};

}  // namespace sightline
