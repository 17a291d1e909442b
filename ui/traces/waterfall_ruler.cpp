#include "ui/traces/waterfall_ruler.h"

#include <cmath>
#include <cstdlib>

#include <QMouseEvent>
#include <QPainter>

#include "model/text/duration_text.h"
#include "ui/traces/waterfall_view.h"

namespace sightline {

namespace {
constexpr int kMinDragPx = 4;
}  // namespace

WaterfallRuler::WaterfallRuler(WaterfallView* view, QWidget* parent)
    : QWidget(parent), m_view(view) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setCursor(Qt::IBeamCursor);
  // A new trace may reuse the old one's address: forget the summary whenever rows change.
  connect(view, &WaterfallView::rowsChanged, this, [this] { m_summaryTrace = nullptr; });
  setToolTip(tr("Drag to zoom into a time range; double-click to show the whole trace"));
}

QSize WaterfallRuler::sizeHint() const {
  return {200, fontMetrics().height() + 10};
}

void WaterfallRuler::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  const int labelWidth = m_view->metrics().labelWidth;
  const QColor textColor = palette().windowText().color();
  painter.setPen(textColor);
  const QFontMetrics fm = fontMetrics();
  const int baseline = (height() + fm.ascent() - fm.descent()) / 2;
  if (m_view->trace() != nullptr) {
    // Built and elided only when the trace or the column width changes, not per frame.
    if (m_summaryTrace != m_view->trace() || m_summaryWidth != labelWidth) {
      const auto spans = static_cast<qsizetype>(m_view->trace()->spans.size());
      const QString summary = (spans == 1 ? tr("1 span") : tr("%1 spans").arg(spans)) +
                              QStringLiteral(", ") +
                              formatDuration(static_cast<std::uint64_t>(m_view->traceDurationNs()));
      m_summary = fm.elidedText(summary, Qt::ElideRight, labelWidth - 8);
      m_summaryTrace = m_view->trace();
      m_summaryWidth = labelWidth;
    }
    painter.drawText(4, baseline, m_summary);
  }
  painter.setPen(palette().mid().color());
  painter.drawLine(0, height() - 1, width(), height() - 1);
  painter.drawLine(labelWidth, 0, labelWidth, height());
  if (m_view->traceDurationNs() <= 0)
    return;

  const TimeAxis axis = m_view->barAxis();
  const TimeWindow window = axis.window;
  const std::uint64_t step = tickStepNs(window.lengthNs(), axis.width, kRulerTickSpacingPx);
  const double stepNs = static_cast<double>(step);
  painter.setClipRect(labelWidth + 1, 0, width() - labelWidth - 1, height());
  for (double t = std::ceil(window.startNs / stepNs) * stepNs; t <= window.endNs; t += stepNs) {
    const int x = static_cast<int>(axis.timeToX(t));
    painter.setPen(palette().mid().color());
    painter.drawLine(x, height() - 6, x, height() - 1);
    painter.setPen(textColor);
    painter.drawText(x + 3, baseline,
                     formatTickLabel(static_cast<std::uint64_t>(std::llround(t)), step));
  }
  if (m_dragFrom >= 0 && m_dragTo >= 0) {
    QColor selection = palette().highlight().color();
    selection.setAlpha(80);
    painter.fillRect(QRect(QPoint(std::min(m_dragFrom, m_dragTo), 0),
                           QPoint(std::max(m_dragFrom, m_dragTo), height())),
                     selection);
  }
}

void WaterfallRuler::mousePressEvent(QMouseEvent* event) {
  const int x = event->position().toPoint().x();
  if (event->button() != Qt::LeftButton || x <= m_view->metrics().labelWidth)
    return;
  m_dragFrom = x;
  m_dragTo = -1;
}

void WaterfallRuler::mouseMoveEvent(QMouseEvent* event) {
  if (m_dragFrom < 0)
    return;
  m_dragTo = std::max(event->position().toPoint().x(), m_view->metrics().labelWidth);
  update();
}

void WaterfallRuler::mouseReleaseEvent(QMouseEvent* event) {
  if (m_dragFrom < 0 || event->button() != Qt::LeftButton)
    return;
  const int from = m_dragFrom;
  const int to = std::max(event->position().toPoint().x(), m_view->metrics().labelWidth);
  m_dragFrom = -1;
  m_dragTo = -1;
  update();
  if (std::abs(to - from) < kMinDragPx)
    return;
  const TimeAxis axis = m_view->barAxis();
  m_view->setTimeWindow(
      windowBetween(axis.xToTime(from), axis.xToTime(to), m_view->traceDurationNs()));
}

void WaterfallRuler::mouseDoubleClickEvent(QMouseEvent*) {
  m_view->resetZoom();
}

}  // namespace sightline
