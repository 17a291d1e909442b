#pragma once

#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/store/store_statement.h"
#include "model/store/string_interner.h"
#include "model/traces/span_row_writer.h"
#include "model/traces/trace_records.h"
#include "model/traces/trace_writer.h"

struct sqlite3;

namespace sightline {

// The synchronous half of TraceWriter: stores one source's batches in a single transaction
// on one connection. TraceWriter runs it on its writer thread.
class SpanStoreWriter {
 public:
  explicit SpanStoreWriter(sqlite3* db);
  ~SpanStoreWriter();

  // BEGIN IMMEDIATE, the `sources` row, and (into an empty workspace) dropping the span
  // indexes so that the bulk insert does not maintain them row by row.
  Status begin(const SourceDescription& source);
  Status write(const TraceBatch& batch);
  // Recreates dropped indexes, recomputes the touched traces' summaries and commits.
  Status commit();
  // Rolls back everything since begin(); safe to call more than once.
  void rollback();
  const TraceWriteStats& stats() const { return m_stats; }

 private:
  struct ResourceRow {
    std::int64_t rowId = 0;
    std::int64_t serviceId = 0;
  };
  Status fail(const char* what) const;
  Status writeResource(const ResourceRecord& resource);
  Status writeScope(const ScopeRecord& scope);
  Status writeSpan(const SpanRecord& span);
  bool isDuplicate(const SpanRecord& span);

  sqlite3* m_db;
  bool m_inTransaction = false;
  bool m_freshWorkspace = false;
  TraceWriteStats m_stats;
  StringInterner m_strings;
  SpanRowWriter m_rows;
  std::unordered_map<std::uint32_t, ResourceRow> m_resources;
  std::unordered_map<std::uint32_t, std::int64_t> m_scopes;
  std::unordered_set<TraceId, TraceIdHash> m_touched;

  StoreStatement m_findDuplicate;
};

}  // namespace sightline
