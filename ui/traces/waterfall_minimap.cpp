#include "ui/traces/waterfall_minimap.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <QMouseEvent>
#include <QPainter>

#include "ui/traces/waterfall_view.h"
#include "ui/widgets/service_colors.h"

namespace sightline {

namespace {

// Union-find "next unpainted pixel" of one image line: every pixel is written at most once
// however many spans cover it, so a line costs O(width + spans).
int nextFree(std::vector<int>& next, int x) {
  int root = x;
  while (next[static_cast<std::size_t>(root)] != root)
    root = next[static_cast<std::size_t>(root)];
  while (next[static_cast<std::size_t>(x)] != root) {
    const int up = next[static_cast<std::size_t>(x)];
    next[static_cast<std::size_t>(x)] = root;
    x = up;
  }
  return root;
}

}  // namespace

WaterfallMinimap::WaterfallMinimap(WaterfallView* view, QWidget* parent)
    : QWidget(parent), m_view(view) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setCursor(Qt::PointingHandCursor);
  setToolTip(tr("Overview of the whole trace: click or drag to move the view"));
}

QRect WaterfallMinimap::barArea() const {
  const TimeAxis axis = m_view->barAxis();
  return QRect(static_cast<int>(axis.left), 2, std::max(1, static_cast<int>(axis.width)),
               std::max(1, height() - 4));
}

void WaterfallMinimap::invalidate() {
  m_dirty = true;
  update();
}

const QImage& WaterfallMinimap::overviewImage() {
  if (m_dirty)
    rebuildImage();
  return m_image;
}

void WaterfallMinimap::rebuildImage() {
  m_dirty = false;
  const QRect area = barArea();
  m_image = QImage(area.size(), QImage::Format_RGB32);
  m_image.fill(palette().base().color());
  const LoadedTrace* trace = m_view->trace();
  const std::vector<std::int32_t>& rows = m_view->rows();
  const double traceNs = m_view->traceDurationNs();
  if (trace == nullptr || rows.empty() || traceNs <= 0)
    return;

  std::vector<QRgb> colors;
  colors.reserve(trace->services.size());
  for (const std::string& service : trace->services)
    colors.push_back(serviceColor(service).rgb());
  const QRgb errorColor = qRgb(0xd6, 0x27, 0x28);

  const int w = m_image.width();
  const int h = m_image.height();
  const auto n = static_cast<std::int64_t>(rows.size());
  const double scale = w / traceNs;
  const std::uint64_t traceStart = m_view->traceStartNs();
  std::vector<int> next(static_cast<std::size_t>(w) + 1);
  for (int y = 0; y < h; ++y) {
    // Rows are spread evenly over the lines; a line shows all the rows binned into it.
    const std::int64_t first = y * n / h;
    const std::int64_t last = std::max(first + 1, (y + 1) * n / h);
    if (first >= n)
      break;
    for (int x = 0; x <= w; ++x)
      next[static_cast<std::size_t>(x)] = x;
    auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(y));
    for (std::int64_t r = first; r < last; ++r) {
      const LoadedSpan& s =
          trace->spans[static_cast<std::size_t>(rows[static_cast<std::size_t>(r)])];
      const double start =
          static_cast<double>(s.startUnixNano - std::min(s.startUnixNano, traceStart));
      const int x0 = std::clamp(static_cast<int>(start * scale), 0, w - 1);
      const int x1 = std::clamp(
          static_cast<int>(std::ceil((start + static_cast<double>(s.durationNs())) * scale)),
          x0 + 1, w);
      const QRgb color = s.statusCode == StatusCode::Error ? errorColor
                         : s.serviceIndex < colors.size()  ? colors[s.serviceIndex]
                                                           : qRgb(128, 128, 128);
      for (int x = nextFree(next, x0); x < x1; x = nextFree(next, x)) {
        line[x] = color;
        next[static_cast<std::size_t>(x)] = x + 1;
      }
    }
  }
}

void WaterfallMinimap::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  const QRect area = barArea();
  if (m_dirty || m_image.size() != area.size())
    rebuildImage();
  painter.drawImage(area.topLeft(), m_image);
  painter.setPen(palette().windowText().color());
  painter.drawText(QRect(4, 0, m_view->metrics().labelWidth - 8, height()),
                   Qt::AlignVCenter | Qt::AlignLeft, tr("Overview"));
  const double traceNs = m_view->traceDurationNs();
  const int rowCount = static_cast<int>(m_view->rows().size());
  if (traceNs <= 0 || rowCount == 0)
    return;

  const TimeWindow window = m_view->timeWindow();
  const RowRange visible = m_view->visibleRows();
  const double x0 = area.left() + window.startNs / traceNs * area.width();
  const double x1 = area.left() + window.endNs / traceNs * area.width();
  const double y0 = area.top() + static_cast<double>(visible.first) / rowCount * area.height();
  const double y1 = area.top() + static_cast<double>(visible.last) / rowCount * area.height();
  QColor fill = palette().highlight().color();
  fill.setAlpha(50);
  const QRectF frame(x0, y0, std::max(2.0, x1 - x0), std::max(2.0, y1 - y0));
  painter.fillRect(frame, fill);
  painter.setPen(QPen(palette().highlight().color(), 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(frame);
}

void WaterfallMinimap::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  m_dirty = true;
}

void WaterfallMinimap::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton)
    moveViewTo(event->position().toPoint());
}

void WaterfallMinimap::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton)
    moveViewTo(event->position().toPoint());
}

void WaterfallMinimap::moveViewTo(QPoint pos) {
  const QRect area = barArea();
  const double traceNs = m_view->traceDurationNs();
  const int rowCount = static_cast<int>(m_view->rows().size());
  if (traceNs <= 0 || rowCount == 0)
    return;
  // The point becomes the centre of the view, keeping the zoom.
  const double t =
      std::clamp(static_cast<double>(pos.x() - area.left()) / area.width(), 0.0, 1.0) * traceNs;
  const TimeWindow window = m_view->timeWindow();
  const double half = window.lengthNs() / 2;
  m_view->setTimeWindow({t - half, t + half});
  const double rowFraction =
      std::clamp(static_cast<double>(pos.y() - area.top()) / area.height(), 0.0, 1.0);
  const int row = static_cast<int>(rowFraction * rowCount);
  const int visibleHeight = m_view->visibleRows().count() * m_view->metrics().rowHeight;
  m_view->setScrollY(row * m_view->metrics().rowHeight - visibleHeight / 2);
}

}  // namespace sightline
