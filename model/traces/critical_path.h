#pragma once

#include <cstdint>
#include <vector>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"

namespace sightline {

// The critical path of a trace: the chain of spans whose work the trace's end waited for.
//
// Algorithm (DESIGN.md "last-returning-child walk"), iterative, O(n log n):
//  1. Every root is on the path; walk(root, limit = root.end). Roots are walked
//     independently (orphaned subtrees are not merged with the real root).
//  2. walk(X, limit), with X's *effective* interval [xs, xe] (a root's own interval; a
//     child's interval clipped to its parent's effective interval):
//     - The eligible children of X: not CONSUMER under a PRODUCER X (they do not block
//       their parent; links are not children, so they never take part); not wholly outside
//       [xs, xe] (child.end < xs or child.start > xe: dropped and the path is marked
//       approximate); each clipped to [xs, xe].
//     - skew = 1 % of X's effective duration (integer ns, rounded down).
//     - cursor = limit. Visit eligible children by clipped end descending (ties: clipped
//       start ascending, then display order). A child c with c.end <= cursor + skew joins
//       the path: it owns segment [min(c.start, segEnd), segEnd] with
//       segEnd = min(c.end, cursor), it is walked as walk(c, max(segEnd, c.start)), and
//       cursor becomes min(cursor, c.start). Children ending later than cursor + skew
//       overlap a path child that returned later and are skipped (they never become
//       eligible again because cursor only decreases).
//     - X owns (limit - xs) minus the segments of its path children.
//  3. Hence the owned times along one root's path partition [root.start, root.end]
//     (with skew overlap clipped), and a span is on the path iff it was walked.
struct CriticalPath {
  std::vector<std::uint8_t> onPath;    // 1 per span on the path
  std::vector<std::uint64_t> ownedNs;  // path time the span owns exclusively
  bool approximate = false;            // some child wholly outside its parent was dropped
};

// Needs the structure of buildTraceStructure (children in start order, roots).
CriticalPath computeCriticalPath(const LoadedTrace& trace, const TraceTree& tree);

}  // namespace sightline
