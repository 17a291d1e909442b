#include "ui/traces/waterfall_scroll_bar.h"

#include <algorithm>

#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>

namespace sightline {

namespace {

// Tall fills are split so that Qt's raster engine keeps them on this thread (see
// waterfall_view_paint.cpp).
void fillBanded(QPainter& painter, const QRect& rect, const QColor& color) {
  constexpr int kBand = 64;
  for (int top = rect.top(); top <= rect.bottom(); top += kBand) {
    painter.fillRect(rect.left(), top, rect.width(), std::min(kBand, rect.bottom() + 1 - top),
                     color);
  }
}

}  // namespace

WaterfallScrollBar::WaterfallScrollBar(Qt::Orientation orientation, QWidget* parent)
    : QScrollBar(orientation, parent) {}

void WaterfallScrollBar::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  QStyleOptionSlider option;
  initStyleOption(&option);
  const QColor groove = palette().window().color().darker(104);
  fillBanded(painter, rect(), groove);
  if (maximum() <= minimum())
    return;
  const QRect handle =
      style()->subControlRect(QStyle::CC_ScrollBar, &option, QStyle::SC_ScrollBarSlider, this);
  const bool active = isSliderDown() || underMouse();
  const QColor handleColor = palette().mid().color().darker(active ? 125 : 100);
  fillBanded(painter, handle.adjusted(2, 2, -2, -2), handleColor);
  // The step buttons, where the style has them, as small arrows.
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(Qt::NoPen);
  painter.setBrush(palette().windowText().color());
  for (const auto control : {QStyle::SC_ScrollBarSubLine, QStyle::SC_ScrollBarAddLine}) {
    const QRect button = style()->subControlRect(QStyle::CC_ScrollBar, &option, control, this);
    if (button.isEmpty())
      continue;
    const QPointF c = QRectF(button).center();
    const double r = std::min(button.width(), button.height()) * 0.2;
    const double dir = control == QStyle::SC_ScrollBarAddLine ? 1 : -1;
    QPointF arrow[3];
    if (orientation() == Qt::Vertical) {
      arrow[0] = {c.x() - r, c.y() - dir * r / 2};
      arrow[1] = {c.x() + r, c.y() - dir * r / 2};
      arrow[2] = {c.x(), c.y() + dir * r / 2};
    } else {
      arrow[0] = {c.x() - dir * r / 2, c.y() - r};
      arrow[1] = {c.x() - dir * r / 2, c.y() + r};
      arrow[2] = {c.x() + dir * r / 2, c.y()};
    }
    painter.drawPolygon(arrow, 3);
  }
}

}  // namespace sightline
