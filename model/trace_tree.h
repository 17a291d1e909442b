#pragma once

#include <cstdint>
#include <vector>

#include "model/trace_data.h"

namespace sightline {

// The span tree of one trace plus the derived timings (DESIGN.md "Diagnosis"). Indices
// refer to LoadedTrace::spans. Children are ordered by start time.
struct TraceTree {
  std::vector<std::int32_t> parent;          // -1 for roots (no parent in the data)
  std::vector<std::int32_t> firstChild;      // CSR: children of i are
  std::vector<std::int32_t> childCount;      //   childIndex[firstChild[i] .. +childCount[i]]
  std::vector<std::int32_t> childIndex;
  std::vector<std::int32_t> roots;           // ordered by start time
  std::vector<std::int32_t> depth;           // 0 for roots
  std::vector<std::int32_t> preorder;        // depth-first display order
  std::vector<std::uint64_t> selfTimeNs;
  std::vector<std::uint8_t> onCriticalPath;  // 1 when on the critical path
  bool criticalPathApproximate = false;      // children outside their parent were dropped
};

TraceTree buildTraceTree(const LoadedTrace& trace);

}  // namespace sightline
