#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <QAbstractScrollArea>
#include <QRegularExpression>
#include <QString>

#include "model/call_tree.h"

namespace sightline {

// A custom-painted flame graph (root at the bottom) or icicle graph (root at the top) of a
// CallTree. Paints only what is visible; nodes narrower than a pixel are drawn merged with
// their narrow neighbours at paint time but stay in the tree, reachable by zoom and search
// (nothing is cut into an "other" node). Colour by package (packageOfFunction), or by
// delta for differential trees (red = grew, blue = shrank, saturation by the size of the
// change after normalising each side to its own total).
class FlameGraphView : public QAbstractScrollArea {
  Q_OBJECT

 public:
  enum class Orientation { Flame, Icicle };

  explicit FlameGraphView(QWidget* parent = nullptr);
  ~FlameGraphView() override;

  // Shows `tree` (built on a worker); resets zoom, selection and history, keeps the search.
  void setCallTree(std::shared_ptr<const CallTree> tree);
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
  // Selects (and scrolls to) the first node of the function, e.g. when the top table's row
  // is clicked; returns false when the function is not in the tree.
  bool selectFunction(const QString& name);

  // Highlights nodes whose name matches; an invalid or empty pattern clears the search.
  // Returns the matched share of the root total (0..1), counting nested matches once.
  double setSearchPattern(const QRegularExpression& pattern);
  double searchMatchedFraction() const { return m_matchedFraction; }

  // The rectangle of a node in viewport coordinates (empty when not visible), and the node
  // under a viewport point (kNoNode when none); for tests and tooltips.
  QRectF nodeRect(std::uint32_t node) const;
  std::uint32_t nodeAt(const QPointF& viewportPoint) const;

 signals:
  void zoomChanged(std::uint32_t node);
  void selectionChanged(std::uint32_t node);
  void searchMatched(double fraction);
  // Right click on a node: the page offers focus/ignore/hide/sandwich on its function.
  void contextMenuRequested(std::uint32_t node, const QPoint& globalPos);

 private:
  // Private members are the implementation's (ui/flame_graph_view*.cpp) to choose; the
  // members named by the inline accessors above must exist.
  std::shared_ptr<const CallTree> m_tree;
  Orientation m_orientation = Orientation::Flame;
  std::uint32_t m_zoomed = 0;
  std::uint32_t m_selected = kNoNode;
  double m_matchedFraction = 0;
};

}  // namespace sightline
