// Mouse, keyboard and tooltip handling of FlameGraphView.
#include <cmath>

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QToolTip>

#include "model/text/profile_value_text.h"
#include "ui/profiles/flame_graph_view.h"

namespace sightline {

namespace {

QString line(const QString& label, const QString& value) {
  return QStringLiteral("<br>") + label + QStringLiteral(": ") + value;
}

// "+1.25 pp" style change of a share, in percentage points.
QString formatPointDelta(double delta) {
  const double points = delta * 100.0;
  return (points >= 0 ? QStringLiteral("+") : QString()) + QString::number(points, 'f', 2) +
         QStringLiteral(" pp");
}

}  // namespace

bool FlameGraphView::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    const FlameItem* item = itemAtPoint(help->pos());
    if (item)
      QToolTip::showText(help->globalPos(), toolTipText(*item), viewport());
    else
      QToolTip::hideText();
    return true;
  }
  return QAbstractScrollArea::viewportEvent(event);
}

QString FlameGraphView::toolTipText(const FlameItem& item) const {
  const std::string& unit = m_tree->sampleType.unit;
  const std::int64_t rootTotal = m_tree->total();
  const std::int64_t zoomTotal = m_tree->nodes[m_zoomed].total;
  if (item.kind == FlameItemKind::Merged) {
    std::int64_t total = 0;
    for (std::uint32_t n = item.node; n - item.node < item.count; ++n)
      total += m_tree->nodes[n].total;
    const std::uint32_t largest = largestInRun(*m_tree, item);
    return tr("<b>%n function(s)</b> too narrow to draw alone", nullptr,
              static_cast<int>(item.count)) +
           line(tr("Total"), formatProfileValue(total, unit) + QStringLiteral(" (") +
                                 formatProfilePercent(total, rootTotal) + QStringLiteral(")")) +
           line(tr("Largest"), m_texts.fullText(largest).toHtmlEscaped()) +
           QStringLiteral("<br><i>") + tr("Click to zoom into the largest") +
           QStringLiteral("</i>");
  }
  const CallTreeNode& n = m_tree->nodes[item.node];
  QString text =
      QStringLiteral("<b>") + m_texts.fullText(item.node).toHtmlEscaped() + QStringLiteral("</b>");
  text += line(tr("Total"), formatProfileValue(n.total, unit) + QStringLiteral(" (") +
                                tr("%1 of all").arg(formatProfilePercent(n.total, rootTotal)));
  if (m_zoomed != 0) {
    text += QStringLiteral(", ") + tr("%1 of zoomed").arg(formatProfilePercent(n.total, zoomTotal));
  }
  text += QStringLiteral(")");
  text += line(tr("Self"), formatProfileValue(n.self, unit) + QStringLiteral(" (") +
                               formatProfilePercent(n.self, rootTotal) + QStringLiteral(")"));
  if (m_tree->differential) {
    const std::int64_t baseRoot = m_tree->baseTotal();
    const std::int64_t baseTotal = m_tree->baseTotalOf(item.node);
    text +=
        line(tr("Base total"), formatProfileValue(baseTotal, unit) + QStringLiteral(" (") +
                                   formatProfilePercent(baseTotal, baseRoot) + QStringLiteral(")"));
    text += line(tr("Base self"), formatProfileValue(m_tree->baseSelfOf(item.node), unit));
    text += line(tr("Change"), formatPointDelta(normalisedDelta(*m_tree, item.node)) +
                                   QStringLiteral(" ") + tr("of the profile"));
  }
  if (!m_tree->sampleType.type.empty()) {
    text += QStringLiteral("<br><i>") + QString::fromStdString(m_tree->sampleType.type) +
            QStringLiteral("</i>");
  }
  return text;
}

void FlameGraphView::setHovered(const FlameItem* item, int row) {
  const std::size_t index =
      item ? static_cast<std::size_t>(item - m_layout.items.data()) : SIZE_MAX;
  if (index == m_hoveredItem)
    return;
  // Only the old and the new bar need painting again.
  if (m_hoveredItem < m_layout.items.size())
    viewport()->update(itemRect(m_layout.items[m_hoveredItem], m_hoveredRow));
  m_hoveredItem = index;
  m_hoveredRow = row;
  if (item)
    viewport()->update(itemRect(*item, row));
}

void FlameGraphView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) {
    QAbstractScrollArea::mousePressEvent(event);
    return;
  }
  m_press.press(event->position().toPoint(), scrollY());
}

void FlameGraphView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (!m_press.isPressed()) {
    int row = -1;
    const FlameItem* item = itemAtPoint(event->position(), &row);
    setHovered(item, row);
    return;
  }
  // Dragging grabs the content: rows follow the cursor.
  if (const std::optional<QPoint> delta = m_press.dragTo(pos))
    setScrollY(m_press.pressScrollY() - delta->y());
}

void FlameGraphView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !m_press.isPressed() || !m_press.release())
    return;
  const FlameItem* item = itemAtPoint(m_press.pressPos());
  if (!item)
    return;
  const std::uint32_t target = zoomTargetOf(*item);
  zoomTo(target);
  selectNode(target);
}

void FlameGraphView::leaveEvent(QEvent* event) {
  setHovered(nullptr, -1);
  QAbstractScrollArea::leaveEvent(event);
}

void FlameGraphView::contextMenuEvent(QContextMenuEvent* event) {
  const std::uint32_t node = nodeAt(event->pos());
  if (node == kNoNode) {
    QAbstractScrollArea::contextMenuEvent(event);
    return;
  }
  emit contextMenuRequested(node, event->globalPos());
  event->accept();
}

void FlameGraphView::moveSelection(Step step) {
  if (!m_tree)
    return;
  // The first key press selects the zoomed node, where navigation starts.
  if (m_selected == kNoNode) {
    selectNode(m_zoomed);
    return;
  }
  const std::uint32_t from = m_selected;
  const CallTreeNode& n = m_tree->nodes[from];
  std::uint32_t to = from;
  switch (step) {
    case Step::TowardsRoot:
      if (n.parent != kNoNode)
        to = n.parent;
      break;
    case Step::TowardsLeaves:
      // The widest child: where the time goes.
      for (std::uint32_t c = 0; c < n.childCount; ++c) {
        const std::uint32_t child = n.firstChild + c;
        if (to == from || m_tree->nodes[child].total > m_tree->nodes[to].total)
          to = child;
      }
      break;
    case Step::Left:
    case Step::Right: {
      // The neighbouring bar in the same row, across parents; slivers are skipped.
      const FlameItem* item = itemOfNode(m_layout, *m_tree, offsets(), from);
      const std::span<const FlameItem> row = m_layout.row(static_cast<int>(n.depth));
      if (!item || row.empty())
        break;
      const FlameItem* end = row.data() + row.size();
      const int direction = step == Step::Left ? -1 : 1;
      for (const FlameItem* other = item + direction; other >= row.data() && other < end;
           other += direction) {
        if (other->kind != FlameItemKind::Merged) {
          to = other->node;
          break;
        }
      }
      break;
    }
  }
  selectNode(to);
}

void FlameGraphView::keyPressEvent(QKeyEvent* event) {
  if (!m_tree) {
    QAbstractScrollArea::keyPressEvent(event);
    return;
  }
  // Up goes towards the leaves in a flame graph (root at the bottom), towards the root in an
  // icicle graph.
  const bool upIsRoot = !rootAtBottom();
  switch (event->key()) {
    case Qt::Key_Up:
      moveSelection(upIsRoot ? Step::TowardsRoot : Step::TowardsLeaves);
      break;
    case Qt::Key_Down:
      moveSelection(upIsRoot ? Step::TowardsLeaves : Step::TowardsRoot);
      break;
    case Qt::Key_Left:
      moveSelection(Step::Left);
      break;
    case Qt::Key_Right:
      moveSelection(Step::Right);
      break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (m_selected != kNoNode)
        zoomTo(m_selected);
      break;
    case Qt::Key_Backspace:
      back();
      break;
    case Qt::Key_Escape:
      if (!back()) {
        resetZoom();
        selectNode(kNoNode);
      }
      break;
    case Qt::Key_Home:
      resetZoom();
      break;
    default:
      QAbstractScrollArea::keyPressEvent(event);
      return;
  }
  event->accept();
}

}  // namespace sightline
