#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"

struct sqlite3;

namespace sightline {

// Name of the temporary table (one column `trace_id`) listing the traces whose summaries
// recomputeTraceSummaries() refreshes.
inline constexpr const char* kTouchedTracesTable = "temp.touched_traces";

// Recomputes the `traces` rows from all spans of each trace in
// kTouchedTracesTable (or of every trace in the workspace when `allTraces`). Needs the
// spans_trace index. Runs inside the caller's transaction.
Status recomputeTraceSummaries(sqlite3* db, bool allTraces);

// The `traces.services` column: a JSON array of strings, e.g. ["api","db"], so that users
// can read it with json_each() and the trace list can split it exactly.
std::string encodeServiceList(const std::vector<std::string>& services);
std::vector<std::string> decodeServiceList(std::string_view json);

}  // namespace sightline
