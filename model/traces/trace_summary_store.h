#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/common/status.h"

struct sqlite3;

namespace sightline {

// Name of the temporary table (one column `trace_id`) listing the traces whose summaries
// recomputeTraceSummaries() refreshes.
inline constexpr const char* kTouchedTracesTable = "temp.touched_traces";

// Recomputes the `traces` rows from all spans of each trace in
// kTouchedTracesTable (or of every trace in the workspace when `allTraces`). Needs the
// spans_trace index. Runs inside the caller's transaction.
Status recomputeTraceSummaries(sqlite3* db, bool allTraces);

}  // namespace sightline
