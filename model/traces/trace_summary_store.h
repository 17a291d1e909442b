#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/store/store_statement.h"

struct sqlite3;

namespace sightline {

// Name of the temporary table (one column `trace_id`) listing the traces whose summaries
// recomputeTraceSummaries() refreshes.
inline constexpr const char* kTouchedTracesTable = "temp.touched_traces";

// What a trace's summary needs of one of its spans.
struct TraceSummarySpan {
  SpanId spanId;
  SpanId parentId;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t status = 0;
  std::int64_t serviceId = 0;
  std::int64_t nameId = 0;
  std::int64_t rowId = 0;  // spans.id
};

// Writes (INSERT OR REPLACE) one `traces` row from all the spans of the trace: root, start,
// duration, span and error counts, service names. Statements prepared once per writer.
class TraceSummaryWriter {
 public:
  explicit TraceSummaryWriter(sqlite3* db);
  // `traceId` is the raw 16 bytes; `spans` must be every span the workspace holds of it.
  Status write(std::string_view traceId, const std::vector<TraceSummarySpan>& spans);

 private:
  Status error() const;
  const std::string& serviceName(std::int64_t id);

  sqlite3* m_db;
  StoreStatement m_insertTrace;
  StoreStatement m_serviceName;
  std::unordered_map<std::int64_t, std::string> m_names;
};

// Recomputes the `traces` rows from all spans of each trace in
// kTouchedTracesTable (or of every trace in the workspace when `allTraces`). Needs the
// spans_trace index. Runs inside the caller's transaction.
Status recomputeTraceSummaries(sqlite3* db, bool allTraces);

}  // namespace sightline
