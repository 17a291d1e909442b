// Mouse, wheel, keyboard and tooltip handling of WaterfallView.
#include <algorithm>
#include <cmath>

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include "model/text/duration_text.h"
#include "ui/traces/waterfall_view.h"

namespace sightline {

namespace {

constexpr double kWheelZoomPerStep = 1.25;
constexpr double kKeyZoom = 1.5;
// A Shift+wheel notch pans this fraction of the visible window.
constexpr double kWheelPanFraction = 0.1;
// How close to the label/bar divider a press starts resizing the label column.
constexpr int kDividerGrabPx = 3;

std::size_t at(std::int32_t i) {
  return static_cast<std::size_t>(i);
}

}  // namespace

bool WaterfallView::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    showToolTip(static_cast<QHelpEvent*>(event));
    return true;
  }
  return QAbstractScrollArea::viewportEvent(event);
}

void WaterfallView::showToolTip(const QHelpEvent* event) {
  const WaterfallHit hit = hitTest(event->pos().x(), event->pos().y());
  if (hit.span < 0) {
    QToolTip::hideText();
    return;
  }
  const LoadedSpan& s = m_trace->spans[at(hit.span)];
  const QString service = s.serviceIndex < m_trace->services.size()
                              ? QString::fromStdString(m_trace->services[s.serviceIndex])
                              : QString();
  QString text =
      QStringLiteral("<b>") + QString::fromStdString(s.name).toHtmlEscaped() +
      QStringLiteral("</b><br>") + tr("Service: %1").arg(service.toHtmlEscaped()) +
      QStringLiteral("<br>") + tr("Duration: %1").arg(formatDuration(s.durationNs())) +
      QStringLiteral("<br>") +
      tr("Self time: %1")
          .arg(formatDuration(m_tree->selfTimeNs.empty() ? s.durationNs()
                                                         : m_tree->selfTimeNs[at(hit.span)])) +
      QStringLiteral("<br>") +
      tr("Start: +%1")
          .arg(formatDuration(s.startUnixNano - std::min(s.startUnixNano, m_traceStartNs))) +
      QStringLiteral("<br>") + tr("Span ID: %1").arg(QString::fromStdString(s.spanId.toHex()));
  if (!m_tree->onCriticalPath.empty() && m_tree->onCriticalPath[at(hit.span)] != 0) {
    text += QStringLiteral("<br>") + tr("On the critical path");
  }
  if (s.statusCode == StatusCode::Error) {
    text += QStringLiteral("<br><font color=\"#d62728\">") + tr("Error") +
            (s.statusMessage.empty()
                 ? QString()
                 : QStringLiteral(": ") + QString::fromStdString(s.statusMessage).toHtmlEscaped()) +
            QStringLiteral("</font>");
  }
  QToolTip::showText(event->globalPos(), text, viewport());
}

void WaterfallView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) {
    QAbstractScrollArea::mousePressEvent(event);
    return;
  }
  m_press.press(event->position().toPoint(), scrollY());
  m_resizingLabels = isOnDivider(m_press.pressPos().x());
  m_pressWindow = m_window;
}

bool WaterfallView::isOnDivider(int x) const {
  return std::abs(x - m_metrics.labelWidth) <= kDividerGrabPx;
}

void WaterfallView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (!m_press.isPressed()) {
    // Hovering: show that the column divider can be dragged.
    viewport()->setCursor(isOnDivider(pos.x()) ? Qt::SplitHCursor : Qt::ArrowCursor);
    return;
  }
  if (m_resizingLabels) {
    setLabelWidth(std::min(pos.x(), viewport()->width() - 100));
    return;
  }
  const std::optional<QPoint> delta = m_press.dragTo(pos);
  if (!delta)
    return;
  // Dragging grabs the content: time follows the cursor in the bar column, rows everywhere.
  if (m_press.pressPos().x() > m_metrics.labelWidth) {
    const double nsPerPixel = TimeAxis{m_pressWindow, 0, barAxis().width}.nsPerPixel();
    setTimeWindow(panWindow(m_pressWindow, m_traceNs, -delta->x() * nsPerPixel));
  }
  setScrollY(m_press.pressScrollY() - delta->y());
}

void WaterfallView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !m_press.isPressed())
    return;
  const bool click = m_press.release();
  if (m_resizingLabels) {
    m_resizingLabels = false;
    return;
  }
  if (!click)
    return;
  const WaterfallHit hit = hitTest(m_press.pressPos().x(), m_press.pressPos().y());
  if (hit.part == WaterfallPart::Toggle) {
    toggleCollapsed(hit.span);
    return;
  }
  selectSpan(hit.span);
}

void WaterfallView::mouseDoubleClickEvent(QMouseEvent* event) {
  const WaterfallHit hit =
      hitTest(event->position().toPoint().x(), event->position().toPoint().y());
  if (hit.span < 0)
    return;
  if (hit.part == WaterfallPart::Bar) {
    // Zoom to the span with a little air on both sides.
    const double start = spanStartNs(hit.span);
    const double length = static_cast<double>(m_trace->spans[at(hit.span)].durationNs());
    setTimeWindow({start - length * 0.05, start + length * 1.05});
  } else if (hit.part == WaterfallPart::Label) {
    toggleCollapsed(hit.span);
  }
}

void WaterfallView::wheelEvent(QWheelEvent* event) {
  const QPoint angle = event->angleDelta();
  // Some platforms turn Shift+wheel into a horizontal wheel.
  const int notches = angle.y() != 0 ? angle.y() : angle.x();
  if (event->modifiers() & Qt::ControlModifier) {
    const TimeAxis axis = barAxis();
    const double x = event->position().x();
    const double anchor =
        x >= axis.left ? axis.xToTime(x) : m_window.startNs + m_window.lengthNs() / 2;
    zoomBy(std::pow(kWheelZoomPerStep, notches / 120.0), anchor);
    event->accept();
    return;
  }
  if ((event->modifiers() & Qt::ShiftModifier) || (angle.y() == 0 && angle.x() != 0)) {
    setTimeWindow(
        panWindow(m_window, m_traceNs, -notches / 120.0 * kWheelPanFraction * m_window.lengthNs()));
    event->accept();
    return;
  }
  QAbstractScrollArea::wheelEvent(event);
}

void WaterfallView::moveSelectionToRow(int row) {
  if (m_rows.empty())
    return;
  row = std::clamp(row, 0, static_cast<int>(m_rows.size()) - 1);
  selectSpan(m_rows[static_cast<std::size_t>(row)]);
}

void WaterfallView::keyPressEvent(QKeyEvent* event) {
  if (!m_tree || m_rows.empty()) {
    QAbstractScrollArea::keyPressEvent(event);
    return;
  }
  const int row = m_selected >= 0 ? m_rowOfSpan[at(m_selected)] : -1;
  const int pageRows = std::max(1, viewport()->height() / m_metrics.rowHeight - 1);
  const double centre = m_window.startNs + m_window.lengthNs() / 2;
  switch (event->key()) {
    case Qt::Key_Up:
      moveSelectionToRow(row < 0 ? visibleRows().first : row - 1);
      break;
    case Qt::Key_Down:
      moveSelectionToRow(row < 0 ? visibleRows().first : row + 1);
      break;
    case Qt::Key_PageUp:
      moveSelectionToRow(row - pageRows);
      break;
    case Qt::Key_PageDown:
      moveSelectionToRow(row < 0 ? pageRows : row + pageRows);
      break;
    case Qt::Key_Home:
      moveSelectionToRow(0);
      break;
    case Qt::Key_End:
      moveSelectionToRow(static_cast<int>(m_rows.size()) - 1);
      break;
    case Qt::Key_Left:
      if (m_selected < 0)
        break;
      if (m_tree->childCount[at(m_selected)] > 0 && !isCollapsed(m_selected)) {
        setCollapsed(m_selected, true);
      } else if (m_tree->parent[at(m_selected)] >= 0) {
        selectSpan(m_tree->parent[at(m_selected)]);
      }
      break;
    case Qt::Key_Right:
      if (m_selected < 0)
        break;
      if (isCollapsed(m_selected)) {
        setCollapsed(m_selected, false);
      } else if (m_tree->childCount[at(m_selected)] > 0) {
        selectSpan(*m_tree->childrenBegin(m_selected));
      }
      break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
      if (m_selected >= 0)
        toggleCollapsed(m_selected);
      break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      zoomBy(kKeyZoom, centre);
      break;
    case Qt::Key_Minus:
      zoomBy(1 / kKeyZoom, centre);
      break;
    case Qt::Key_0:
      resetZoom();
      break;
    case Qt::Key_Escape:
      selectSpan(-1);
      break;
    default:
      QAbstractScrollArea::keyPressEvent(event);
      return;
  }
  event->accept();
}

}  // namespace sightline
