#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/compare_paths.h"
#include "model/diagnosis/compare_side.h"

namespace sightline {

class Workspace;

// The spans of one operation (service id, name id) on one side: every duration, and how many
// spans were errors.
struct CompareOperationSamples {
  std::int64_t serviceId = 0;  // strings.id
  std::int64_t nameId = 0;     // strings.id
  std::vector<std::uint64_t> durationsNs;
  std::uint64_t errors = 0;
};

// What one side's spans add up to: totals, the spans of each operation, and the spans and
// traces of each ancestral path (paths interned in a SpanPathTable shared by both sides).
struct CompareSideData {
  std::uint64_t traces = 0;
  std::uint64_t spans = 0;
  std::uint64_t errorSpans = 0;
  std::uint64_t firstStartNs = 0;  // earliest span start (0 when there is no span)
  std::uint64_t lastEndNs = 0;     // latest span end
  std::vector<CompareOperationSamples> operations;
  std::vector<std::uint64_t> pathSpans;   // by path id: spans with that ancestral path
  std::vector<std::uint64_t> rootTraces;  // by path id of a root: traces having such a root
};

// Reads the spans of `side` with one SQL statement, grouped by trace (ordered by trace, then
// span id, so that a span's parent is found by binary search within its trace), and adds
// them up. A span is an error when its status is ERROR, or it is a server or client span with
// an integer `http.response.status_code` / `http.status_code` ≥ 500 or
// `rpc.grpc.status_code` ≠ 0. A span whose parent is not in the trace starts a path of its own.
// Without `allPaths` only the roots' one-step paths are made (the operations are the same).
Status scanCompareSide(const Workspace& workspace, const ResolvedCompareSide& side,
                       SpanPathTable& paths, CompareSideData* data, bool allPaths = true);

// scanCompareSide's error test as an SQL expression over a span aliased `s` (1 or 0). The
// attribute keys are looked up once; without them in the workspace only the status counts.
std::string compareSpanErrorSql(const Workspace& workspace);

}  // namespace sightline
