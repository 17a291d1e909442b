#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <QAbstractScrollArea>
#include <QRegularExpression>
#include <QString>

#include "model/profiles/call_tree.h"
#include "ui/profiles/flame_graph_colors.h"
#include "ui/profiles/flame_graph_data.h"
#include "ui/profiles/flame_graph_layout.h"
#include "ui/profiles/flame_graph_text_cache.h"
#include "ui/profiles/flame_graph_view_search.h"
#include "ui/widgets/click_or_drag.h"

class QPainter;

namespace sightline {

// A custom-painted flame graph (root at the bottom) or icicle graph (root at the top) of a
// CallTree. Paints only what is visible; nodes narrower than a pixel are drawn merged with
// their narrow neighbours at paint time but stay in the tree, reachable by zoom and search
// (nothing is cut into an "other" node). Colour by function (hue by package, shade by
// function: functionColor), or by delta for differential trees (red = grew, blue = shrank,
// saturation by the size of the change after normalising each side to its own total).
class FlameGraphView : public QAbstractScrollArea {
  Q_OBJECT

 public:
  enum class Orientation { Flame, Icicle };

  explicit FlameGraphView(QWidget* parent = nullptr);
  ~FlameGraphView() override;

  // Shows `tree` (built on a worker); resets zoom, selection and history, keeps the search.
  void setCallTree(std::shared_ptr<const CallTree> tree);
  // The same with the derived data already prepared (on a worker: prepareFlameGraph).
  void setFlameGraph(std::shared_ptr<const FlameGraphData> data);
  const CallTree* callTree() const { return m_tree.get(); }

  void setOrientation(Orientation orientation);
  Orientation orientation() const { return m_orientation; }

  // Zoom: the node whose total fills the width. zoomTo pushes the current zoom on the history
  // that back() pops; resetZoom goes to the root and clears the history.
  void zoomTo(std::uint32_t node);
  bool back();
  void resetZoom();
  std::uint32_t zoomedNode() const { return m_zoomed; }
  // Root … zoomed node, for the breadcrumb.
  std::vector<std::uint32_t> zoomPath() const;

  // Selection (kNoNode = none); selecting does not zoom.
  void selectNode(std::uint32_t node);
  std::uint32_t selectedNode() const { return m_selected; }
  // Selects (and scrolls to) the function's node with the largest total, e.g. when the top
  // table's row is clicked, zooming out to the root first when the node is outside the zoomed
  // subtree; returns false when the function is not in the tree.
  bool selectFunction(const QString& name);

  // Highlights nodes whose name matches; an invalid or empty pattern clears the search.
  // Returns the matched share of the root total (0..1), counting nested matches once.
  double setSearchPattern(const QRegularExpression& pattern);
  double searchMatchedFraction() const { return m_matchedFraction; }

  // The rectangle of a node in viewport coordinates (empty when not visible), and the node
  // under a viewport point (kNoNode when none); for tests and tooltips. A node merged into a
  // sliver has the sliver's rectangle; a point on a sliver gives the run's largest node (the
  // one a click zooms into).
  QRectF nodeRect(std::uint32_t node) const;
  std::uint32_t nodeAt(const QPointF& viewportPoint) const;

 signals:
  void zoomChanged(std::uint32_t node);
  void selectionChanged(std::uint32_t node);
  void searchMatched(double fraction);
  // Right click on a node: the page offers focus/ignore/hide/sandwich on its function.
  void contextMenuRequested(std::uint32_t node, const QPoint& globalPos);
  // The first paint of a tree given to setCallTree is done: the graph is on screen (for
  // measuring how long a profile takes to appear).
  void firstFramePainted();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void scrollContentsBy(int dx, int dy) override;
  bool viewportEvent(QEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  enum class Step { TowardsRoot, TowardsLeaves, Left, Right };

  bool rootAtBottom() const { return m_orientation == Orientation::Flame; }
  int rowCount() const { return m_layout.rowCount(); }
  int scrollY() const;
  void setScrollY(int y);
  void updateMetrics();
  void updateScrollBars();
  // Lays the zoom node's subtree out again (zoom, width or tree changed).
  void relayout();
  void setZoom(std::uint32_t node);
  void applySearch();
  // Fills m_prepared from the layout, the search and the palette.
  void prepareItems();
  void scrollToRow(int row);

  // Geometry and hit testing over the current layout.
  int rowTop(int row) const;
  QRect itemRect(const FlameItem& item, int row) const;
  const FlameItem* itemAtPoint(const QPointF& point, int* row = nullptr) const;
  std::uint32_t zoomTargetOf(const FlameItem& item) const;

  // Painting (flame_graph_view_paint.cpp).
  QColor baseColor(std::uint32_t node) const;
  QColor itemColor(const FlameItem& item, bool mergedHidesMatch) const;
  void paintRow(QPainter& painter, int row, const QRect& clip);
  void paintOutline(QPainter& painter, std::uint32_t node, const QColor& color, int width);

  // Input (flame_graph_view_input.cpp).
  void moveSelection(Step step);
  void setHovered(const FlameItem* item, int row);
  QString toolTipText(const FlameItem& item) const;

  std::shared_ptr<const CallTree> m_tree;
  bool m_firstFramePending = false;  // m_tree has not been painted yet
  Orientation m_orientation = Orientation::Flame;
  std::uint32_t m_zoomed = 0;
  std::uint32_t m_selected = kNoNode;
  double m_matchedFraction = 0;

  // Derived from the tree (prepareFlameGraph); null with no tree.
  std::shared_ptr<const FlameGraphData> m_data;
  const std::vector<std::uint32_t>& order() const;
  const std::vector<std::int64_t>& offsets() const;

  std::vector<std::uint32_t> m_history;  // zoom nodes back() returns to
  FlameLayout m_layout;

  QRegularExpression m_pattern;
  FlameSearchResult m_search;

  // Per layout item, what a repaint needs, so that painting reads no tree node: a flame graph
  // of millions of nodes would otherwise miss the cache on every bar.
  struct PreparedItem {
    PixelSpan span;
    QRgb fill = 0;
    bool dimmed = false;
    bool labelReady = false;  // `label` was looked up for the current layout and font
    const QStaticText* label = nullptr;
  };
  std::vector<PreparedItem> m_prepared;

  FlameGraphTextCache m_texts;
  int m_rowHeight = 18;
  int m_textHeight = 0;

  // Hover (an index into m_layout.items) and press/drag state.
  std::size_t m_hoveredItem = SIZE_MAX;
  int m_hoveredRow = -1;
  ClickOrDrag m_press;
};

}  // namespace sightline
