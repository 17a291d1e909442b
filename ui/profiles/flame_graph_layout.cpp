#include "ui/profiles/flame_graph_layout.h"

#include <algorithm>
#include <cmath>

#include "model/common/big_buffers.h"

namespace sightline {

namespace {

std::int64_t nonNegative(std::int64_t value) {
  return std::max<std::int64_t>(0, value);
}

bool validNode(const CallTree& tree, std::uint32_t node) {
  return node < tree.nodes.size();
}

// Floor division that rounds towards minus infinity for negative numerators too.
int floorDiv(int a, int b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int ceilDiv(int a, int b) {
  return -floorDiv(-a, b);
}

// The index of the last item of `items` whose snapped left edge is at or before `column`,
// or -1.
std::ptrdiff_t lastItemStartingBy(std::span<const FlameItem> items, double column) {
  const auto it = std::upper_bound(
      items.begin(), items.end(), column,
      [](double c, const FlameItem& item) { return c < snapToPixels(item.x, item.width).left; });
  return (it - items.begin()) - 1;
}

}  // namespace

std::vector<std::uint32_t> breadthFirstOrder(const CallTree& tree) {
  std::vector<std::uint32_t> order;
  if (tree.nodes.empty())
    return order;
  order.reserve(tree.nodes.size());
  order.push_back(0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const CallTreeNode& n = tree.nodes[order[i]];
    // A malformed child range would read past the vector; such children are left out.
    if (n.firstChild > tree.nodes.size() || n.childCount > tree.nodes.size() - n.firstChild)
      continue;
    for (std::uint32_t c = 0; c < n.childCount; ++c)
      order.push_back(n.firstChild + c);
  }
  return order;
}

std::vector<std::uint32_t> parentsFirstOrder(const CallTree& tree) {
  const std::size_t n = tree.nodes.size();
  bool indexOrder = n == 0 || tree.nodes[0].parent == kNoNode;
  for (std::size_t i = 1; i < n && indexOrder; ++i) {
    const CallTreeNode& node = tree.nodes[i];
    // Children must also be where their parent says, or index order would visit orphans.
    indexOrder = node.parent < i &&
                 i - tree.nodes[node.parent].firstChild < tree.nodes[node.parent].childCount;
  }
  if (!indexOrder)
    return breadthFirstOrder(tree);
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i)
    order[i] = static_cast<std::uint32_t>(i);
  return order;
}

std::vector<std::int64_t> nodeOffsets(const CallTree& tree, std::span<const std::uint32_t> order) {
  std::vector<std::int64_t> offsets;
  reserveBig(offsets, tree.nodes.size());
  offsets.assign(tree.nodes.size(), 0);
  for (std::uint32_t node : order) {
    const CallTreeNode& n = tree.nodes[node];
    std::int64_t x = offsets[node];
    for (std::uint32_t c = 0; c < n.childCount; ++c) {
      offsets[n.firstChild + c] = x;
      x += nonNegative(tree.nodes[n.firstChild + c].total);
    }
  }
  return offsets;
}

std::vector<std::uint32_t> pathFromRoot(const CallTree& tree, std::uint32_t node) {
  std::vector<std::uint32_t> path;
  for (std::uint32_t n = node; validNode(tree, n) && path.size() <= tree.nodes.size();
       n = tree.nodes[n].parent) {
    path.push_back(n);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

bool isInSubtree(const CallTree& tree, std::uint32_t ancestor, std::uint32_t node) {
  if (!validNode(tree, ancestor) || !validNode(tree, node))
    return false;
  const std::uint32_t depth = tree.nodes[ancestor].depth;
  while (validNode(tree, node) && tree.nodes[node].depth > depth)
    node = tree.nodes[node].parent;
  return node == ancestor;
}

FlameExtent nodeExtent(std::int64_t offset, std::int64_t total, std::int64_t zoomOffset,
                       std::int64_t zoomTotal, double width) {
  if (zoomTotal <= 0)
    return {};
  const double scale = width / static_cast<double>(zoomTotal);
  return {static_cast<double>(offset - zoomOffset) * scale,
          static_cast<double>(nonNegative(total)) * scale};
}

std::span<const FlameItem> FlameLayout::row(int r) const {
  if (r < 0 || r >= rowCount())
    return {};
  const auto begin = static_cast<std::size_t>(rowStart[static_cast<std::size_t>(r)]);
  const auto end = static_cast<std::size_t>(rowStart[static_cast<std::size_t>(r) + 1]);
  return std::span<const FlameItem>(items).subspan(begin, end - begin);
}

FlameLayout layoutFlameGraph(const CallTree& tree, std::uint32_t zoom, double width, int maxRows,
                             double minNodeWidth) {
  FlameLayout layout;
  layout.zoom = zoom;
  layout.width = width;
  if (!validNode(tree, zoom) || width <= 0)
    return layout;
  const auto rowLimit = maxRows > 0 ? static_cast<std::size_t>(maxRows) : SIZE_MAX;
  layout.rowStart.push_back(0);
  for (std::uint32_t node : pathFromRoot(tree, zoom)) {
    if (layout.rowStart.size() > rowLimit)
      return layout;
    layout.items.push_back(
        {0, width, node, 1, node == zoom ? FlameItemKind::Node : FlameItemKind::Ancestor});
    layout.rowStart.push_back(static_cast<std::uint32_t>(layout.items.size()));
  }

  const std::int64_t zoomTotal = tree.nodes[zoom].total;
  const double scale = zoomTotal > 0 ? width / static_cast<double>(zoomTotal) : 0;
  // Each row is built from the Node items of the row below it, left to right, which keeps
  // every row sorted by x. Items are read by index since the vector grows meanwhile.
  std::size_t previousBegin = layout.rowStart[layout.rowStart.size() - 2];
  std::size_t previousEnd = layout.items.size();
  while (previousBegin < previousEnd && layout.rowStart.size() <= rowLimit) {
    for (std::size_t i = previousBegin; i < previousEnd; ++i) {
      const FlameItem parent = layout.items[i];
      if (parent.kind != FlameItemKind::Node)
        continue;
      const CallTreeNode& p = tree.nodes[parent.node];
      double x = parent.x;
      FlameItem run{0, 0, 0, 0, FlameItemKind::Merged};
      std::int64_t runValue = 0;
      auto flushRun = [&] {
        // A run worth nothing (e.g. nodes only the base of a diff has) takes no room at all.
        if (run.count > 0 && runValue > 0)
          layout.items.push_back(run);
        run.count = 0;
        runValue = 0;
      };
      for (std::uint32_t c = 0; c < p.childCount; ++c) {
        const std::uint32_t child = p.firstChild + c;
        const std::int64_t value = nonNegative(tree.nodes[child].total);
        const double w = static_cast<double>(value) * scale;
        if (w >= minNodeWidth) {
          flushRun();
          layout.items.push_back({x, w, child, 1, FlameItemKind::Node});
        } else if (run.count == 0) {
          run = {x, w, child, 1, FlameItemKind::Merged};
          runValue = value;
        } else {
          run.width += w;
          ++run.count;
          runValue += value;
        }
        x += w;
      }
      flushRun();
    }
    previousBegin = previousEnd;
    previousEnd = layout.items.size();
    if (previousBegin == previousEnd)
      break;
    layout.rowStart.push_back(static_cast<std::uint32_t>(previousEnd));
  }
  return layout;
}

const FlameItem* itemAt(const FlameLayout& layout, int row, double x) {
  const std::span<const FlameItem> items = layout.row(row);
  const double column = std::floor(x);
  // A one-column sliver may share its column with the next item's first column; the later
  // item is painted on top, so it wins here too.
  for (std::ptrdiff_t i = lastItemStartingBy(items, column); i >= 0; --i) {
    const FlameItem& item = items[static_cast<std::size_t>(i)];
    const PixelSpan span = snapToPixels(item.x, item.width);
    if (column >= span.left && column < span.right)
      return &item;
    if (span.right <= column)
      break;
  }
  return nullptr;
}

const FlameItem* itemOfNode(const FlameLayout& layout, const CallTree& tree,
                            std::span<const std::int64_t> offsets, std::uint32_t node) {
  if (!validNode(tree, node) || !validNode(tree, layout.zoom) || offsets.size() <= node)
    return nullptr;
  const int row = static_cast<int>(tree.nodes[node].depth);
  const std::span<const FlameItem> items = layout.row(row);
  if (items.empty())
    return nullptr;
  if (isInSubtree(tree, node, layout.zoom)) {
    // The zoom node itself or one of its ancestors: the row's only item.
    return &items.front();
  }
  if (!isInSubtree(tree, layout.zoom, node))
    return nullptr;
  const FlameExtent extent = nodeExtent(offsets[node], tree.nodes[node].total, offsets[layout.zoom],
                                        tree.nodes[layout.zoom].total, layout.width);
  // Items are sorted by x; the node's item starts at (or, merged, before) its x. Rounding
  // differences between the layout's running sums and the offsets are far below a pixel.
  const auto it = std::upper_bound(items.begin(), items.end(), extent.x + 0.5,
                                   [](double x, const FlameItem& item) { return x < item.x; });
  for (auto candidate = it; candidate != items.begin();) {
    --candidate;
    if (candidate->contains(node) &&
        tree.nodes[candidate->node].parent == tree.nodes[node].parent) {
      return &*candidate;
    }
    if (candidate->x + candidate->width < extent.x - 0.5)
      break;
  }
  return nullptr;
}

std::uint32_t largestInRun(const CallTree& tree, const FlameItem& item) {
  std::uint32_t best = item.node;
  for (std::uint32_t n = item.node; n - item.node < item.count && validNode(tree, n); ++n) {
    if (tree.nodes[n].total > tree.nodes[best].total)
      best = n;
  }
  return best;
}

int flameContentHeight(int rowCount, int rowHeight, int viewportHeight) {
  return std::max(rowCount * rowHeight, viewportHeight);
}

int flameMaxScrollY(int rowCount, int rowHeight, int viewportHeight) {
  return std::max(0, rowCount * rowHeight - viewportHeight);
}

int flameRowTop(int row, int rowCount, int rowHeight, int viewportHeight, int scrollY,
                bool rootAtBottom) {
  if (!rootAtBottom)
    return row * rowHeight - scrollY;
  return flameContentHeight(rowCount, rowHeight, viewportHeight) - (row + 1) * rowHeight - scrollY;
}

int flameRowAt(int y, int rowCount, int rowHeight, int viewportHeight, int scrollY,
               bool rootAtBottom) {
  if (rowHeight <= 0)
    return -1;
  int row;
  if (rootAtBottom) {
    // Distance of the pixel row below y from the content's bottom edge.
    const int fromBottom = flameContentHeight(rowCount, rowHeight, viewportHeight) - scrollY - y;
    row = ceilDiv(fromBottom, rowHeight) - 1;
  } else {
    row = floorDiv(y + scrollY, rowHeight);
  }
  return row >= 0 && row < rowCount ? row : -1;
}

FlameRowRange flameVisibleRows(int rowCount, int rowHeight, int viewportHeight, int scrollY,
                               bool rootAtBottom) {
  if (rowHeight <= 0 || rowCount <= 0 || viewportHeight <= 0)
    return {};
  int first;
  int last;
  if (rootAtBottom) {
    const int top = flameContentHeight(rowCount, rowHeight, viewportHeight) - scrollY;
    first = floorDiv(top - viewportHeight, rowHeight);
    last = ceilDiv(top, rowHeight);
  } else {
    first = floorDiv(scrollY, rowHeight);
    last = ceilDiv(scrollY + viewportHeight, rowHeight);
  }
  first = std::clamp(first, 0, rowCount);
  last = std::clamp(last, first, rowCount);
  return {first, last};
}

int flameScrollToShowRow(int row, int rowCount, int rowHeight, int viewportHeight, int scrollY,
                         bool rootAtBottom) {
  const int top = flameRowTop(row, rowCount, rowHeight, viewportHeight, scrollY, rootAtBottom);
  int target = scrollY;
  if (top < 0)
    target += top;
  else if (top + rowHeight > viewportHeight)
    target += top + rowHeight - viewportHeight;
  return std::clamp(target, 0, flameMaxScrollY(rowCount, rowHeight, viewportHeight));
}

PixelSpan snapToPixels(double x, double width) {
  const int left = static_cast<int>(std::lround(x));
  const int right = static_cast<int>(std::lround(x + width));
  return {left, std::max(right, left + 1)};
}

}  // namespace sightline
