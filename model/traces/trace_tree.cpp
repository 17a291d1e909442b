#include "model/traces/trace_tree.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "model/traces/critical_path.h"
#include "model/traces/self_time.h"

namespace sightline {

namespace {

std::uint64_t idKey(const SpanId& id) {
  std::uint64_t v = 0;
  for (auto b : id.bytes)
    v = v << 8 | b;
  return v;
}

// A span whose end precedes its start is treated as zero-length at its start.
std::uint64_t clampedEnd(const LoadedSpan& s) {
  return std::max(s.endUnixNano, s.startUnixNano);
}

// Maps span ids to the index of the span that owns the id.
class SpanIdIndex {
 public:
  SpanIdIndex(const std::vector<LoadedSpan>& spans, std::uint32_t& duplicates) {
    m_entries.reserve(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
      m_entries.push_back({idKey(spans[i].spanId), spans[i].startUnixNano, spans[i].rowId,
                           static_cast<std::int32_t>(i)});
    }
    // Among spans sharing an id, the earliest start wins (then the lower rowId) so that
    // the result does not depend on the order the store returned them in.
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.key, a.start, a.rowId, a.index) <
             std::tie(b.key, b.start, b.rowId, b.index);
    });
    for (std::size_t i = 1; i < m_entries.size(); ++i) {
      if (m_entries[i].key == m_entries[i - 1].key)
        ++duplicates;
    }
  }

  // -1 when no span has this id.
  std::int32_t find(const SpanId& id) const {
    const std::uint64_t key = idKey(id);
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), key,
                               [](const Entry& e, std::uint64_t k) { return e.key < k; });
    return it != m_entries.end() && it->key == key ? it->index : -1;
  }

 private:
  struct Entry {
    std::uint64_t key;
    std::uint64_t start;
    std::int64_t rowId;
    std::int32_t index;
  };
  std::vector<Entry> m_entries;
};

// Detaches one span of every parent cycle; returns how many cycles were broken.
std::uint32_t breakCycles(const std::vector<LoadedSpan>& spans, std::vector<std::int32_t>& parent) {
  const auto n = static_cast<std::int32_t>(parent.size());
  // 0 = not visited yet, otherwise 1 + the index of the walk that visited the span.
  std::vector<std::int32_t> visitedBy(parent.size(), 0);
  std::uint32_t broken = 0;
  for (std::int32_t i = 0; i < n; ++i) {
    if (visitedBy[static_cast<std::size_t>(i)] != 0)
      continue;
    const std::int32_t stamp = i + 1;
    std::int32_t j = i;
    while (j != -1 && visitedBy[static_cast<std::size_t>(j)] == 0) {
      visitedBy[static_cast<std::size_t>(j)] = stamp;
      j = parent[static_cast<std::size_t>(j)];
    }
    // Reaching a span of this same walk again means the walk closed a loop.
    if (j == -1 || visitedBy[static_cast<std::size_t>(j)] != stamp)
      continue;
    std::int32_t newRoot = j;
    for (std::int32_t k = parent[static_cast<std::size_t>(j)]; k != j;
         k = parent[static_cast<std::size_t>(k)]) {
      const auto& candidate = spans[static_cast<std::size_t>(k)];
      const auto& best = spans[static_cast<std::size_t>(newRoot)];
      if (candidate.startUnixNano < best.startUnixNano ||
          (candidate.startUnixNano == best.startUnixNano && k < newRoot)) {
        newRoot = k;
      }
    }
    parent[static_cast<std::size_t>(newRoot)] = -1;
    ++broken;
  }
  return broken;
}

// All span indices in sibling display order: start asc, end desc, span id asc, position.
std::vector<std::int32_t> siblingOrder(const std::vector<LoadedSpan>& spans) {
  struct Key {
    std::uint64_t start;
    std::uint64_t negatedEnd;  // so that one ascending comparison puts longer spans first
    std::uint64_t id;
    std::int32_t index;
  };
  std::vector<Key> keys;
  keys.reserve(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const LoadedSpan& s = spans[i];
    keys.push_back(
        {s.startUnixNano, ~clampedEnd(s), idKey(s.spanId), static_cast<std::int32_t>(i)});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return std::tie(a.start, a.negatedEnd, a.id, a.index) <
           std::tie(b.start, b.negatedEnd, b.id, b.index);
  });
  std::vector<std::int32_t> order;
  order.reserve(keys.size());
  for (const Key& k : keys)
    order.push_back(k.index);
  return order;
}

void fillChildren(const std::vector<LoadedSpan>& spans, TraceTree& tree) {
  const std::size_t n = spans.size();
  tree.firstChild.assign(n, 0);
  tree.childCount.assign(n, 0);
  for (std::int32_t p : tree.parent) {
    if (p >= 0)
      ++tree.childCount[static_cast<std::size_t>(p)];
  }
  std::int32_t offset = 0;
  for (std::size_t i = 0; i < n; ++i) {
    tree.firstChild[i] = offset;
    offset += tree.childCount[i];
  }
  tree.childIndex.assign(static_cast<std::size_t>(offset), 0);
  // Distributing the globally sorted spans keeps every child list (and the roots) sorted.
  std::vector<std::int32_t> fill = tree.firstChild;
  for (std::int32_t i : siblingOrder(spans)) {
    const std::int32_t p = tree.parent[static_cast<std::size_t>(i)];
    if (p < 0) {
      tree.roots.push_back(i);
    } else {
      tree.childIndex[static_cast<std::size_t>(fill[static_cast<std::size_t>(p)]++)] = i;
    }
  }
}

void fillDepthAndPreorder(TraceTree& tree) {
  const std::size_t n = tree.parent.size();
  tree.depth.assign(n, 0);
  tree.preorder.clear();
  tree.preorder.reserve(n);
  std::vector<std::int32_t> stack(tree.roots.rbegin(), tree.roots.rend());
  while (!stack.empty()) {
    const std::int32_t i = stack.back();
    stack.pop_back();
    tree.preorder.push_back(i);
    const std::int32_t p = tree.parent[static_cast<std::size_t>(i)];
    tree.depth[static_cast<std::size_t>(i)] =
        p < 0 ? 0 : tree.depth[static_cast<std::size_t>(p)] + 1;
    // Pushed in reverse so that the earliest child is visited first.
    for (const std::int32_t* c = tree.childrenEnd(i); c != tree.childrenBegin(i);) {
      stack.push_back(*--c);
    }
  }
}

}  // namespace

TraceTree buildTraceStructure(const LoadedTrace& trace) {
  const std::vector<LoadedSpan>& spans = trace.spans;
  TraceTree tree;
  const SpanIdIndex index(spans, tree.duplicateSpanIdCount);
  tree.parent.assign(spans.size(), -1);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].parentSpanId.isZero())
      continue;
    const std::int32_t p = index.find(spans[i].parentSpanId);
    if (p != static_cast<std::int32_t>(i))
      tree.parent[i] = p;
  }
  tree.brokenCycleCount = breakCycles(spans, tree.parent);
  fillChildren(spans, tree);
  fillDepthAndPreorder(tree);
  return tree;
}

TraceTree buildTraceTree(const LoadedTrace& trace) {
  TraceTree tree = buildTraceStructure(trace);
  tree.selfTimeNs = computeSelfTimes(trace, tree);
  CriticalPath path = computeCriticalPath(trace, tree);
  tree.onCriticalPath = std::move(path.onPath);
  tree.criticalPathNs = std::move(path.ownedNs);
  tree.criticalPathApproximate = path.approximate;
  return tree;
}

}  // namespace sightline
