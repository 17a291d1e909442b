#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"

namespace sightline {

// Self time of every span (DESIGN.md): its duration minus the length of the union of its
// direct children's intervals, each clipped to the span. Needs the tree's children in start
// order (buildTraceStructure); one pass over each child list. A span whose end precedes its
// start counts as zero-length.
std::vector<std::uint64_t> computeSelfTimes(const LoadedTrace& trace, const TraceTree& tree);

// Length of the union of [start, end) intervals clipped to [lo, hi); the intervals must be
// sorted by start. Exposed for the statistics and for tests.
std::uint64_t clippedUnionLength(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& sorted,
                                 std::uint64_t lo, std::uint64_t hi);

}  // namespace sightline
