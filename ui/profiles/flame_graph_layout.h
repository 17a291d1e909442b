#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/profiles/call_tree.h"

namespace sightline {

// Pure geometry of the flame graph: where each node of a CallTree goes for a zoom node and a
// width, which rows a viewport shows, and what lies under a point. Row r holds the nodes of
// depth r; the zoom node fills the width, its ancestors are drawn full width below (flame)
// or above (icicle) it, and children sit left-aligned inside their parent in tree order, so
// the parent's self value is the gap on their right. No widget state is involved.

// Nodes narrower than this many pixels are not drawn alone: runs of them become one sliver.
inline constexpr double kMinNodeWidthPx = 1.0;

// Every node reachable from the root, parents before children (breadth first).
std::vector<std::uint32_t> breadthFirstOrder(const CallTree& tree);

// Parents before children, reading the nodes as sequentially as possible: index order when
// every parent precedes its children in `nodes` (as buildCallTree lays them out), else
// breadthFirstOrder. Passes over millions of nodes then stream through memory.
std::vector<std::uint32_t> parentsFirstOrder(const CallTree& tree);

// The left edge of every node in value units from the root's left edge: a child starts where
// its parent starts plus the totals of the siblings before it. Negative totals count as 0.
std::vector<std::int64_t> nodeOffsets(const CallTree& tree, std::span<const std::uint32_t> order);

// Root … node, both included; empty for an invalid node.
std::vector<std::uint32_t> pathFromRoot(const CallTree& tree, std::uint32_t node);

// True when `node` is `ancestor` or lies in its subtree.
bool isInSubtree(const CallTree& tree, std::uint32_t ancestor, std::uint32_t node);

// The horizontal extent in pixels of a node relative to the zoom node, which spans
// [0, width). Nodes outside the zoom node's range may come out negative or past the width.
struct FlameExtent {
  double x = 0;
  double width = 0;
};
FlameExtent nodeExtent(std::int64_t offset, std::int64_t total, std::int64_t zoomOffset,
                       std::int64_t zoomTotal, double width);

// One drawn rectangle of a row.
enum class FlameItemKind : std::uint8_t {
  Node,      // a node of the zoom node's subtree
  Ancestor,  // an ancestor of the zoom node, drawn full width and dimmed
  Merged,    // a run of consecutive siblings each narrower than the minimum, drawn as one
};

struct FlameItem {
  double x = 0;
  double width = 0;
  std::uint32_t node = 0;   // Merged: the run's first node
  std::uint32_t count = 1;  // Merged: the run's length (siblings node … node + count - 1)
  FlameItemKind kind = FlameItemKind::Node;

  bool contains(std::uint32_t n) const { return n >= node && n - node < count; }
};

// The items of every shown row for one zoom node and width, rows from the root (row 0) up;
// items of a row are ordered left to right. Merged runs are not descended into, so their
// descendants take no room here; they stay in the tree for search and zoom.
struct FlameLayout {
  std::uint32_t zoom = 0;
  double width = 0;
  std::vector<FlameItem> items;
  std::vector<std::uint32_t> rowStart;  // row r is items[rowStart[r] .. rowStart[r + 1])

  int rowCount() const { return rowStart.empty() ? 0 : static_cast<int>(rowStart.size()) - 1; }
  std::span<const FlameItem> row(int r) const;
};

// Lays out the zoom node's subtree over `width` pixels, at most `maxRows` rows (0 = all).
// O(items): only nodes at least `minNodeWidth` wide are visited, plus their children.
FlameLayout layoutFlameGraph(const CallTree& tree, std::uint32_t zoom, double width,
                             int maxRows = 0, double minNodeWidth = kMinNodeWidthPx);

// The item of `row` covering pixel column x, or nullptr.
const FlameItem* itemAt(const FlameLayout& layout, int row, double x);

// The item that draws `node` (its own, or the sliver it was merged into), or nullptr when the
// node is outside the zoom node's subtree, inside a merged run's subtree or unknown.
// `offsets` come from nodeOffsets.
const FlameItem* itemOfNode(const FlameLayout& layout, const CallTree& tree,
                            std::span<const std::int64_t> offsets, std::uint32_t node);

// The largest node of a merged run (the one a click on the sliver zooms into).
std::uint32_t largestInRun(const CallTree& tree, const FlameItem& item);

// Vertical geometry. The content is rowCount rows tall; when it is shorter than the viewport,
// a flame graph keeps its root row at the bottom edge and an icicle at the top edge.
int flameContentHeight(int rowCount, int rowHeight, int viewportHeight);
int flameMaxScrollY(int rowCount, int rowHeight, int viewportHeight);
// The top of `row` in viewport coordinates.
int flameRowTop(int row, int rowCount, int rowHeight, int viewportHeight, int scrollY,
                bool rootAtBottom);
// The row under viewport y, or -1 outside [0, rowCount).
int flameRowAt(int y, int rowCount, int rowHeight, int viewportHeight, int scrollY,
               bool rootAtBottom);
// Half-open range of rows at least partly inside the viewport.
struct FlameRowRange {
  int first = 0;
  int last = 0;
  friend bool operator==(const FlameRowRange&, const FlameRowRange&) = default;
};
FlameRowRange flameVisibleRows(int rowCount, int rowHeight, int viewportHeight, int scrollY,
                               bool rootAtBottom);
// The scroll offset that brings `row` fully into view while moving as little as possible.
int flameScrollToShowRow(int row, int rowCount, int rowHeight, int viewportHeight, int scrollY,
                         bool rootAtBottom);

// Pixel snapping shared by painting and tests: an item's [left, right) columns. Items at
// least a pixel wide round both edges, so neighbours tile without gaps or overlaps; narrower
// slivers still get one column.
struct PixelSpan {
  int left = 0;
  int right = 0;
};
PixelSpan snapToPixels(double x, double width);

}  // namespace sightline
