#include "model/traces/critical_path.h"

#include <algorithm>

namespace sightline {

namespace {

struct Interval {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

// A CONSUMER span under a PRODUCER was handed a message; the producer did not wait for it.
bool blocksParent(const LoadedSpan& parent, const LoadedSpan& child) {
  return !(parent.kind == SpanKind::Producer && child.kind == SpanKind::Consumer);
}

struct Candidate {
  Interval clipped;
  std::int32_t rank = 0;  // position in the display order, for deterministic ties
  std::int32_t span = 0;
};

struct Work {
  std::int32_t span;
  std::uint64_t limit;
};

class PathWalker {
 public:
  PathWalker(const LoadedTrace& trace, const TraceTree& tree) : m_spans(trace.spans), m_tree(tree) {
    m_result.onPath.assign(m_spans.size(), 0);
    m_result.ownedNs.assign(m_spans.size(), 0);
    m_effective.resize(m_spans.size());
  }

  CriticalPath run() {
    for (std::int32_t root : m_tree.roots) {
      const LoadedSpan& span = m_spans[static_cast<std::size_t>(root)];
      const Interval own{span.startUnixNano, std::max(span.endUnixNano, span.startUnixNano)};
      m_effective[static_cast<std::size_t>(root)] = own;
      m_result.onPath[static_cast<std::size_t>(root)] = 1;
      m_stack.push_back({root, own.end});
      while (!m_stack.empty()) {
        const Work work = m_stack.back();
        m_stack.pop_back();
        walk(work);
      }
    }
    return std::move(m_result);
  }

 private:
  void collectCandidates(std::int32_t node, const Interval& bounds) {
    m_candidates.clear();
    const LoadedSpan& parent = m_spans[static_cast<std::size_t>(node)];
    std::int32_t rank = 0;
    for (const std::int32_t* c = m_tree.childrenBegin(node); c != m_tree.childrenEnd(node);
         ++c, ++rank) {
      const LoadedSpan& child = m_spans[static_cast<std::size_t>(*c)];
      if (!blocksParent(parent, child))
        continue;
      const std::uint64_t end = std::max(child.endUnixNano, child.startUnixNano);
      if (end < bounds.start || child.startUnixNano > bounds.end) {
        m_result.approximate = true;
        continue;
      }
      const Interval clipped{std::max(child.startUnixNano, bounds.start),
                             std::min(end, bounds.end)};
      m_candidates.push_back({clipped, rank, *c});
    }
    std::sort(m_candidates.begin(), m_candidates.end(), [](const Candidate& a, const Candidate& b) {
      if (a.clipped.end != b.clipped.end)
        return a.clipped.end > b.clipped.end;
      if (a.clipped.start != b.clipped.start)
        return a.clipped.start < b.clipped.start;
      return a.rank < b.rank;
    });
  }

  void walk(const Work& work) {
    const Interval bounds = m_effective[static_cast<std::size_t>(work.span)];
    collectCandidates(work.span, bounds);
    const std::uint64_t skew = (bounds.end - bounds.start) / 100;
    std::uint64_t cursor = work.limit;
    std::uint64_t childSegments = 0;
    for (const Candidate& c : m_candidates) {
      if (c.clipped.end > cursor + skew)
        continue;
      const std::uint64_t segEnd = std::min(c.clipped.end, cursor);
      const std::uint64_t segStart = std::min(c.clipped.start, segEnd);
      childSegments += segEnd - segStart;
      m_effective[static_cast<std::size_t>(c.span)] = c.clipped;
      m_result.onPath[static_cast<std::size_t>(c.span)] = 1;
      m_stack.push_back({c.span, std::max(segEnd, c.clipped.start)});
      cursor = std::min(cursor, c.clipped.start);
    }
    m_result.ownedNs[static_cast<std::size_t>(work.span)] =
        work.limit - bounds.start - childSegments;
  }

  const std::vector<LoadedSpan>& m_spans;
  const TraceTree& m_tree;
  CriticalPath m_result;
  std::vector<Interval> m_effective;
  std::vector<Candidate> m_candidates;
  std::vector<Work> m_stack;
};

}  // namespace

CriticalPath computeCriticalPath(const LoadedTrace& trace, const TraceTree& tree) {
  return PathWalker(trace, tree).run();
}

}  // namespace sightline
