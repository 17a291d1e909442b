#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <QColor>

#include "model/profiles/call_tree.h"

namespace sightline {

// What the flame graph view derives from a call tree before it can paint it: the
// parents-first order, each node's left offset, and the colours. For a tree of millions of
// nodes that is tens of milliseconds, so the call-tree worker prepares it beside the tree
// and the GUI thread only swaps it in. Immutable once made.
struct FlameGraphData {
  std::shared_ptr<const CallTree> tree;
  std::vector<std::uint32_t> order;   // parents before children (parentsFirstOrder)
  std::vector<std::int64_t> offsets;  // nodeOffsets
  std::vector<QColor> nameColors;     // functionColor by name index; empty for diffs
  double diffScale = 0;               // diffColorScale; differential trees only
};

// Null for a null or empty tree. Pure: runs on any thread.
std::shared_ptr<const FlameGraphData> prepareFlameGraph(std::shared_ptr<const CallTree> tree);

}  // namespace sightline
