#pragma once

#include <cstdint>
#include <vector>

#include "model/traces/trace_data.h"

namespace sightline {

// The span tree of one trace plus the derived timings (DESIGN.md "Diagnosis"). Indices
// refer to LoadedTrace::spans. Children are ordered by start time.
struct TraceTree {
  std::vector<std::int32_t> parent;      // -1 for roots (no parent in the data)
  std::vector<std::int32_t> firstChild;  // CSR: children of i are
  std::vector<std::int32_t> childCount;  //   childIndex[firstChild[i] .. +childCount[i]]
  std::vector<std::int32_t> childIndex;
  std::vector<std::int32_t> roots;     // ordered by start time
  std::vector<std::int32_t> depth;     // 0 for roots
  std::vector<std::int32_t> preorder;  // depth-first display order
  std::vector<std::uint64_t> selfTimeNs;
  std::vector<std::uint8_t> onCriticalPath;  // 1 when on the critical path
  bool criticalPathApproximate = false;      // children outside their parent were dropped
  // Time of the critical path each span owns exclusively (0 off the path); per root the
  // sum over its subtree equals the root's duration. Feeds "dominant service" figures.
  std::vector<std::uint64_t> criticalPathNs;
  // Spans that were cut out of a parent cycle to become roots (malformed input).
  std::uint32_t brokenCycleCount = 0;
  // Spans whose span id was already used by another span of the trace; parent lookups
  // resolve such an id to the earliest-starting span (ties: lower rowId, then position).
  std::uint32_t duplicateSpanIdCount = 0;

  std::size_t size() const { return parent.size(); }
  // The children of span i, in start order (start asc, end desc, span id asc).
  const std::int32_t* childrenBegin(std::int32_t i) const {
    return childIndex.data() + firstChild[static_cast<std::size_t>(i)];
  }
  const std::int32_t* childrenEnd(std::int32_t i) const {
    return childrenBegin(i) + childCount[static_cast<std::size_t>(i)];
  }
};

// Builds the parent/child structure, depth and display order of a trace, then its self
// times (self_time.h) and critical path (critical_path.h). O(n log n), no recursion: safe
// for 100k-span traces and 100k-deep chains. A parent id absent from the trace makes the
// span a root; a parent cycle is broken at its earliest-starting span, which becomes a root.
TraceTree buildTraceTree(const LoadedTrace& trace);

// The structural part of buildTraceTree only (selfTimeNs, onCriticalPath and
// criticalPathNs left empty).
TraceTree buildTraceStructure(const LoadedTrace& trace);

}  // namespace sightline
