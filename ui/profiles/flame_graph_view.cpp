#include "ui/profiles/flame_graph_view.h"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QResizeEvent>
#include <QScrollBar>

namespace sightline {

FlameGraphView::FlameGraphView(QWidget* parent) : QAbstractScrollArea(parent) {
  setFrameShape(QFrame::NoFrame);
  setFocusPolicy(Qt::StrongFocus);
  // The zoom node always fills the width; only rows scroll.
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Hover highlights the bar under the cursor.
  viewport()->setMouseTracking(true);
  // Rows are painted opaque from scratch; Qt need not clear the viewport first.
  viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
  updateMetrics();
}

FlameGraphView::~FlameGraphView() = default;

void FlameGraphView::setCallTree(std::shared_ptr<const CallTree> tree) {
  setFlameGraph(prepareFlameGraph(std::move(tree)));
}

const std::vector<std::uint32_t>& FlameGraphView::order() const {
  static const std::vector<std::uint32_t> none;
  return m_data ? m_data->order : none;
}

const std::vector<std::int64_t>& FlameGraphView::offsets() const {
  static const std::vector<std::int64_t> none;
  return m_data ? m_data->offsets : none;
}

void FlameGraphView::setFlameGraph(std::shared_ptr<const FlameGraphData> data) {
  m_data = std::move(data);
  m_tree = m_data ? m_data->tree : nullptr;
  m_firstFramePending = m_tree != nullptr;
  m_texts.reset(m_tree.get(), font());
  m_history.clear();
  m_zoomed = 0;
  const bool selectionWasSet = m_selected != kNoNode;
  m_selected = kNoNode;
  relayout();
  // A flame graph opens on its root row, at the bottom.
  setScrollY(rootAtBottom() ? verticalScrollBar()->maximum() : 0);
  applySearch();
  emit zoomChanged(m_zoomed);
  if (selectionWasSet)
    emit selectionChanged(kNoNode);
  emit searchMatched(m_matchedFraction);
}

void FlameGraphView::setOrientation(Orientation orientation) {
  if (orientation == m_orientation)
    return;
  // Keep the same rows on screen: the distance from the top becomes the distance from the
  // bottom.
  const int fromEnd = verticalScrollBar()->maximum() - scrollY();
  m_orientation = orientation;
  setScrollY(fromEnd);
  viewport()->update();
}

void FlameGraphView::zoomTo(std::uint32_t node) {
  if (!m_tree || node >= m_tree->nodes.size() || node == m_zoomed)
    return;
  m_history.push_back(m_zoomed);
  setZoom(node);
}

bool FlameGraphView::back() {
  if (m_history.empty())
    return false;
  const std::uint32_t previous = m_history.back();
  m_history.pop_back();
  setZoom(previous);
  return true;
}

void FlameGraphView::resetZoom() {
  m_history.clear();
  if (m_zoomed != 0)
    setZoom(0);
}

void FlameGraphView::setZoom(std::uint32_t node) {
  m_zoomed = node;
  relayout();
  if (m_tree) {
    // The zoomed node goes to the root-side edge so that as much of its subtree as fits is
    // on screen; its ancestors are a scroll away.
    const int row = static_cast<int>(m_tree->nodes[node].depth);
    const int vh = viewport()->height();
    const int y = rootAtBottom()
                      ? flameContentHeight(rowCount(), m_rowHeight, vh) - row * m_rowHeight - vh
                      : row * m_rowHeight;
    setScrollY(y);
  }
  emit zoomChanged(node);
}

std::vector<std::uint32_t> FlameGraphView::zoomPath() const {
  if (!m_tree)
    return {};
  return pathFromRoot(*m_tree, m_zoomed);
}

void FlameGraphView::selectNode(std::uint32_t node) {
  if (!m_tree || node >= m_tree->nodes.size())
    node = kNoNode;
  if (node != kNoNode && itemOfNode(m_layout, *m_tree, offsets(), node))
    scrollToRow(static_cast<int>(m_tree->nodes[node].depth));
  if (node == m_selected)
    return;
  m_selected = node;
  viewport()->update();
  emit selectionChanged(node);
}

bool FlameGraphView::selectFunction(const QString& name) {
  if (!m_tree)
    return false;
  const std::string wanted = name.toStdString();
  const auto nameIt = std::find(m_tree->names.begin(), m_tree->names.end(), wanted);
  if (nameIt == m_tree->names.end())
    return false;
  const auto nameIndex = static_cast<std::uint32_t>(nameIt - m_tree->names.begin());
  std::uint32_t best = kNoNode;
  for (std::uint32_t node : order()) {
    const CallTreeNode& n = m_tree->nodes[node];
    if (node != 0 && n.name == nameIndex &&
        (best == kNoNode || n.total > m_tree->nodes[best].total)) {
      best = node;
    }
  }
  if (best == kNoNode)
    return false;
  if (!isInSubtree(*m_tree, m_zoomed, best))
    zoomTo(0);
  selectNode(best);
  return true;
}

double FlameGraphView::setSearchPattern(const QRegularExpression& pattern) {
  m_pattern = pattern;
  applySearch();
  viewport()->update();
  emit searchMatched(m_matchedFraction);
  return m_matchedFraction;
}

void FlameGraphView::applySearch() {
  m_search = {};
  if (m_tree && m_pattern.isValid() && !m_pattern.pattern().isEmpty()) {
    m_search = searchCallTree(*m_tree, order(), matchNames(m_tree->names, m_pattern));
  }
  m_matchedFraction = m_search.fraction;
  prepareItems();
}

QRectF FlameGraphView::nodeRect(std::uint32_t node) const {
  if (!m_tree)
    return {};
  const FlameItem* item = itemOfNode(m_layout, *m_tree, offsets(), node);
  if (!item)
    return {};
  const QRect rect = itemRect(*item, static_cast<int>(m_tree->nodes[node].depth));
  return rect.intersects(viewport()->rect()) ? QRectF(rect) : QRectF();
}

std::uint32_t FlameGraphView::nodeAt(const QPointF& viewportPoint) const {
  const FlameItem* item = itemAtPoint(viewportPoint);
  return item ? zoomTargetOf(*item) : kNoNode;
}

std::uint32_t FlameGraphView::zoomTargetOf(const FlameItem& item) const {
  return item.kind == FlameItemKind::Merged ? largestInRun(*m_tree, item) : item.node;
}

int FlameGraphView::scrollY() const {
  return verticalScrollBar()->value();
}

void FlameGraphView::setScrollY(int y) {
  verticalScrollBar()->setValue(y);
}

void FlameGraphView::scrollToRow(int row) {
  setScrollY(flameScrollToShowRow(row, rowCount(), m_rowHeight, viewport()->height(), scrollY(),
                                  rootAtBottom()));
}

int FlameGraphView::rowTop(int row) const {
  return flameRowTop(row, rowCount(), m_rowHeight, viewport()->height(), scrollY(), rootAtBottom());
}

QRect FlameGraphView::itemRect(const FlameItem& item, int row) const {
  const PixelSpan span = snapToPixels(item.x, item.width);
  // One pixel between rows keeps parents and children apart.
  return QRect(span.left, rowTop(row), span.right - span.left, m_rowHeight - 1);
}

const FlameItem* FlameGraphView::itemAtPoint(const QPointF& point, int* row) const {
  if (!m_tree)
    return nullptr;
  // Pixel (x, y) covers [x, x + 1) × [y, y + 1).
  const int y = static_cast<int>(std::floor(point.y()));
  const int r =
      flameRowAt(y, rowCount(), m_rowHeight, viewport()->height(), scrollY(), rootAtBottom());
  if (row)
    *row = r;
  return r < 0 ? nullptr : itemAt(m_layout, r, point.x());
}

void FlameGraphView::relayout() {
  m_layout = m_tree ? layoutFlameGraph(*m_tree, m_zoomed, viewport()->width()) : FlameLayout{};
  m_hoveredItem = SIZE_MAX;
  m_hoveredRow = -1;
  prepareItems();
  updateScrollBars();
  viewport()->update();
}

void FlameGraphView::updateMetrics() {
  const QFontMetrics metrics(font());
  m_textHeight = metrics.height();
  m_rowHeight = std::max(18, m_textHeight + 4);
  m_texts.reset(m_tree.get(), font());
  updateScrollBars();
}

void FlameGraphView::updateScrollBars() {
  const int height = viewport()->height();
  QScrollBar* bar = verticalScrollBar();
  bar->setRange(0, flameMaxScrollY(rowCount(), m_rowHeight, height));
  bar->setPageStep(std::max(1, height));
  bar->setSingleStep(m_rowHeight);
}

void FlameGraphView::resizeEvent(QResizeEvent* event) {
  QAbstractScrollArea::resizeEvent(event);
  // A flame graph stays anchored at its root row, at the bottom.
  const int fromEnd = verticalScrollBar()->maximum() - scrollY();
  if (m_layout.width != viewport()->width())
    relayout();
  else
    updateScrollBars();
  if (rootAtBottom())
    setScrollY(verticalScrollBar()->maximum() - fromEnd);
}

void FlameGraphView::scrollContentsBy(int, int) {
  m_hoveredItem = SIZE_MAX;
  viewport()->update();
}

void FlameGraphView::changeEvent(QEvent* event) {
  QAbstractScrollArea::changeEvent(event);
  if (event->type() == QEvent::FontChange) {
    updateMetrics();
    prepareItems();
    viewport()->update();
  } else if (event->type() == QEvent::PaletteChange) {
    prepareItems();
    viewport()->update();
  }
}

}  // namespace sightline
