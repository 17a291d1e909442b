#include "model/traces/self_time.h"

#include <algorithm>

namespace sightline {

namespace {

// Folds one interval into a running union whose intervals arrive sorted by start.
struct UnionCursor {
  std::uint64_t lo;
  std::uint64_t hi;
  std::uint64_t reached;  // everything before this point is already counted (or outside)
  std::uint64_t covered = 0;

  UnionCursor(std::uint64_t low, std::uint64_t high) : lo(low), hi(high), reached(low) {}

  void add(std::uint64_t start, std::uint64_t end) {
    const std::uint64_t s = std::max({start, lo, reached});
    const std::uint64_t e = std::min(end, hi);
    if (e <= s)
      return;
    covered += e - s;
    reached = e;
  }
};

}  // namespace

std::uint64_t clippedUnionLength(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& sorted,
                                 std::uint64_t lo, std::uint64_t hi) {
  if (hi <= lo)
    return 0;
  UnionCursor cursor(lo, hi);
  for (const auto& [start, end] : sorted)
    cursor.add(start, end);
  return cursor.covered;
}

std::vector<std::uint64_t> computeSelfTimes(const LoadedTrace& trace, const TraceTree& tree) {
  const std::vector<LoadedSpan>& spans = trace.spans;
  std::vector<std::uint64_t> self(spans.size(), 0);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const LoadedSpan& span = spans[i];
    const std::uint64_t duration = span.durationNs();
    if (duration == 0)
      continue;
    UnionCursor cursor(span.startUnixNano, span.endUnixNano);
    const auto node = static_cast<std::int32_t>(i);
    for (const std::int32_t* c = tree.childrenBegin(node); c != tree.childrenEnd(node); ++c) {
      const LoadedSpan& child = spans[static_cast<std::size_t>(*c)];
      cursor.add(child.startUnixNano, child.endUnixNano);
    }
    self[i] = duration - cursor.covered;
  }
  return self;
}

}  // namespace sightline
