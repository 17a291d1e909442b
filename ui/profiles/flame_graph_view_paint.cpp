// Painting of FlameGraphView: only the rows inside the viewport, from the cached layout,
// with cached labels.
#include <algorithm>

#include <QPaintEvent>
#include <QPainter>

#include "ui/profiles/flame_graph_view.h"

namespace sightline {

namespace {

// Qt's raster engine hands fills taller than ~96 scan lines to a thread pool; on a busy
// machine waiting for those threads costs milliseconds per frame, so tall fills go in
// bands that stay on the painting thread.
constexpr int kBandHeight = 64;
constexpr int kLabelPadding = 3;
// Bars with less room than this for text are not worth a label lookup.
constexpr int kMinLabelWidth = 8;
// Bars at least this wide leave their last column empty so that neighbours stay apart.
constexpr int kMinWidthForGap = 3;

const QColor kTextColor(0x1a, 0x1a, 0x1a);
const QColor kDimmedTextColor(0x80, 0x80, 0x80);

void fillTall(QPainter& painter, const QRect& rect, const QColor& color) {
  for (int top = rect.top(); top <= rect.bottom(); top += kBandHeight) {
    painter.fillRect(rect.left(), top, rect.width(), std::min(kBandHeight, rect.bottom() + 1 - top),
                     color);
  }
}

// A border of `width` pixels drawn inside `rect`, exactly on pixel columns and rows.
void strokeInside(QPainter& painter, const QRect& rect, int width, const QColor& color) {
  width = std::min({width, rect.width(), rect.height()});
  if (width <= 0)
    return;
  painter.fillRect(rect.left(), rect.top(), rect.width(), width, color);
  painter.fillRect(rect.left(), rect.bottom() - width + 1, rect.width(), width, color);
  painter.fillRect(rect.left(), rect.top(), width, rect.height(), color);
  painter.fillRect(rect.right() - width + 1, rect.top(), width, rect.height(), color);
}

}  // namespace

QColor FlameGraphView::baseColor(std::uint32_t node) const {
  const CallTreeNode& n = m_tree->nodes[node];
  if (m_tree->differential)
    return diffColor(normalisedDelta(*m_tree, node), m_data->diffScale);
  const std::vector<QColor>& colors = m_data->nameColors;
  return n.name < colors.size() ? colors[n.name] : mergedSliverColor();
}

QColor FlameGraphView::itemColor(const FlameItem& item, bool mergedHidesMatch) const {
  const QColor background = palette().base().color();
  switch (item.kind) {
    case FlameItemKind::Merged:
      return mergedHidesMatch ? mergedMatchColor() : mergedSliverColor();
    case FlameItemKind::Ancestor:
      return dimmedColor(baseColor(item.node), background);
    case FlameItemKind::Node:
      break;
  }
  if (m_search.active && (m_search.marks[item.node] & kSearchMatch) == 0)
    return dimmedColor(baseColor(item.node), background);
  return baseColor(item.node);
}

void FlameGraphView::prepareItems() {
  m_prepared.assign(m_layout.items.size(), PreparedItem{});
  for (std::size_t i = 0; i < m_layout.items.size(); ++i) {
    const FlameItem& item = m_layout.items[i];
    PreparedItem& prepared = m_prepared[i];
    prepared.span = snapToPixels(item.x, item.width);
    bool hidesMatch = false;
    if (item.kind == FlameItemKind::Merged && m_search.active) {
      for (std::uint32_t n = item.node; n - item.node < item.count && !hidesMatch; ++n)
        hidesMatch = (m_search.marks[n] & kSearchSubtreeMatch) != 0;
    }
    prepared.fill = itemColor(item, hidesMatch).rgb();
    prepared.dimmed = item.kind == FlameItemKind::Ancestor ||
                      (item.kind == FlameItemKind::Node && m_search.active &&
                       (m_search.marks[item.node] & kSearchMatch) == 0);
  }
}

void FlameGraphView::paintEvent(QPaintEvent* event) {
  QPainter painter(viewport());
  const QRect clip = event->rect();
  fillTall(painter, clip, palette().base().color());
  if (!m_tree) {
    painter.setPen(palette().placeholderText().color());
    painter.drawText(viewport()->rect(), Qt::AlignCenter, tr("No profile selected"));
    return;
  }
  const FlameRowRange rows =
      flameVisibleRows(rowCount(), m_rowHeight, viewport()->height(), scrollY(), rootAtBottom());
  for (int row = rows.first; row < rows.last; ++row) {
    const int top = rowTop(row);
    if (top + m_rowHeight > clip.top() && top <= clip.bottom())
      paintRow(painter, row, clip);
  }
  if (m_hoveredItem < m_layout.items.size()) {
    strokeInside(painter, itemRect(m_layout.items[m_hoveredItem], m_hoveredRow), 1,
                 palette().text().color());
  }
  if (m_selected != kNoNode)
    paintOutline(painter, m_selected, palette().highlight().color(), 2);
  if (m_firstFramePending) {
    m_firstFramePending = false;
    emit firstFramePainted();
  }
}

void FlameGraphView::paintRow(QPainter& painter, int row, const QRect& clip) {
  const int top = rowTop(row);
  const int barHeight = m_rowHeight - 1;
  const int textTop = top + (barHeight - m_textHeight) / 2;
  const QColor* pen = nullptr;
  const auto first = static_cast<std::size_t>(m_layout.rowStart[static_cast<std::size_t>(row)]);
  const auto last = static_cast<std::size_t>(m_layout.rowStart[static_cast<std::size_t>(row) + 1]);
  for (std::size_t i = first; i < last; ++i) {
    PreparedItem& item = m_prepared[i];
    if (item.span.right <= clip.left() || item.span.left > clip.right())
      continue;
    const int width = item.span.right - item.span.left;
    const int barWidth = width >= kMinWidthForGap ? width - 1 : width;
    painter.fillRect(item.span.left, top, barWidth, barHeight, QColor::fromRgb(item.fill));
    if (barWidth - 2 * kLabelPadding < kMinLabelWidth)
      continue;
    if (!item.labelReady) {
      // Slivers have no label; a node's label is looked up once per layout.
      const std::uint64_t generation = m_texts.generation();
      const QStaticText* label =
          m_layout.items[i].kind == FlameItemKind::Merged
              ? nullptr
              : m_texts.label(m_layout.items[i].node, barWidth - 2 * kLabelPadding);
      if (m_texts.generation() != generation) {
        // The cache was full and started over: every remembered label is gone.
        for (PreparedItem& other : m_prepared) {
          other.labelReady = false;
          other.label = nullptr;
        }
      }
      item.label = label;
      item.labelReady = true;
    }
    if (!item.label)
      continue;
    // Dimmed bars get grey text; the pen changes only when it has to.
    const QColor* wanted = item.dimmed ? &kDimmedTextColor : &kTextColor;
    if (pen != wanted) {
      painter.setPen(*wanted);
      pen = wanted;
    }
    painter.drawStaticText(item.span.left + kLabelPadding, textTop, *item.label);
  }
}

void FlameGraphView::paintOutline(QPainter& painter, std::uint32_t node, const QColor& color,
                                  int width) {
  const FlameItem* item = itemOfNode(m_layout, *m_tree, offsets(), node);
  if (!item)
    return;
  strokeInside(painter, itemRect(*item, static_cast<int>(m_tree->nodes[node].depth)), width, color);
}

}  // namespace sightline
