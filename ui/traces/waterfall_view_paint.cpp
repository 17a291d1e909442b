// Painting of WaterfallView: only the rows inside the viewport, with cached texts.
#include <algorithm>
#include <cmath>

#include <QPainter>

#include "ui/traces/waterfall_view.h"

namespace sightline {

namespace {

const QColor kErrorColor(0xd6, 0x27, 0x28);
const QColor kMatchColor(0xff, 0xf1, 0x9c);
const QColor kCurrentMatchColor(0xff, 0xd5, 0x4f);
const QColor kCriticalColor(0x20, 0x20, 0x28);

std::size_t at(std::int32_t i) {
  return static_cast<std::size_t>(i);
}

// Qt's raster engine hands fills taller than ~96 scan lines to a thread pool; on a busy
// machine waiting for those threads costs milliseconds per frame, so tall fills go in
// bands that stay on the painting thread.
constexpr int kBandHeight = 64;

void fillTall(QPainter& painter, int x, int y, int w, int h, const QColor& color) {
  for (int top = y; top < y + h; top += kBandHeight) {
    painter.fillRect(x, top, w, std::min(kBandHeight, y + h - top), color);
  }
}

}  // namespace

void WaterfallView::paintEvent(QPaintEvent*) {
  QPainter painter(viewport());
  const int width = viewport()->width();
  const int height = viewport()->height();
  fillTall(painter, 0, 0, width, height, palette().base().color());
  if (!m_tree || m_rows.empty()) {
    painter.setPen(palette().placeholderText().color());
    painter.drawText(QRect(0, 0, width, height), Qt::AlignCenter, tr("No trace selected"));
    return;
  }
  // Grid lines at the ruler's ticks help reading off times far from the ruler.
  const TimeAxis axis = barAxis();
  const std::uint64_t step = tickStepNs(m_window.lengthNs(), axis.width, kRulerTickSpacingPx);
  const QColor gridColor = palette().midlight().color();
  for (double t =
           std::ceil(m_window.startNs / static_cast<double>(step)) * static_cast<double>(step);
       t <= m_window.endNs; t += static_cast<double>(step)) {
    const int x = static_cast<int>(axis.timeToX(t));
    fillTall(painter, x, 0, 1, height, gridColor);
  }

  const RowRange range = visibleRows();
  for (int row = range.first; row < range.last; ++row) {
    paintRow(painter, row, rowTop(row, m_metrics.rowHeight, scrollY()), width);
  }
  fillTall(painter, m_metrics.labelWidth, 0, 1, height, palette().mid().color());
}

void WaterfallView::paintRow(QPainter& painter, int row, int top, int width) {
  const std::int32_t span = m_rows[static_cast<std::size_t>(row)];
  const LoadedSpan& s = m_trace->spans[at(span)];
  const int depth = m_tree->depth[at(span)];
  const int rh = m_metrics.rowHeight;

  if (span == m_selected) {
    QColor highlight = palette().highlight().color();
    highlight.setAlpha(70);
    painter.fillRect(0, top, width, rh, highlight);
  } else if (m_isMatch[at(span)] != 0) {
    const bool current = m_currentMatch >= 0 && m_matches[at(m_currentMatch)] == span;
    painter.fillRect(0, top, m_metrics.labelWidth, rh, current ? kCurrentMatchColor : kMatchColor);
  }

  const QColor textColor = palette().text().color();
  if (m_tree->childCount[at(span)] > 0) {
    const double size = m_metrics.toggleSize;
    const double x = toggleLeft(depth, m_metrics);
    const double y = top + (rh - size) / 2.0;
    QPointF triangle[3];
    if (m_collapsed[at(span)] != 0) {
      triangle[0] = {x + size * 0.25, y + size * 0.1};
      triangle[1] = {x + size * 0.85, y + size * 0.5};
      triangle[2] = {x + size * 0.25, y + size * 0.9};
    } else {
      triangle[0] = {x + size * 0.1, y + size * 0.25};
      triangle[1] = {x + size * 0.9, y + size * 0.25};
      triangle[2] = {x + size * 0.5, y + size * 0.85};
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(textColor);
    painter.drawPolygon(triangle, 3);
  }
  const int swatch = m_metrics.swatchSize;
  painter.fillRect(swatchLeft(depth, m_metrics), top + (rh - swatch) / 2, swatch, swatch,
                   barColor(static_cast<int>(s.serviceIndex)));

  const bool error = s.statusCode == StatusCode::Error;
  const int iconSize = swatch + 2;
  const int textLeft = labelTextLeft(depth, m_metrics);
  const int available = m_metrics.labelWidth - textLeft - m_metrics.padding -
                        (error ? iconSize + m_metrics.padding : 0);
  const int textTop = top + (rh - m_textHeight) / 2;
  if (available > 0) {
    painter.setPen(error ? kErrorColor : textColor);
    painter.drawStaticText(textLeft, textTop, m_texts.label(span, available));
  }
  if (error) {
    // A filled red dot at the end of the label column marks the error even when elided.
    painter.setPen(Qt::NoPen);
    painter.setBrush(kErrorColor);
    painter.drawEllipse(m_metrics.labelWidth - m_metrics.padding - iconSize,
                        top + (rh - iconSize) / 2, iconSize, iconSize);
  }
  paintBar(painter, span, top, m_metrics.labelWidth + 1, width);
}

void WaterfallView::paintBar(QPainter& painter, std::int32_t span, int top, double clipLeft,
                             double clipRight) {
  const LoadedSpan& s = m_trace->spans[at(span)];
  const TimeAxis axis = barAxis();
  const double start = spanStartNs(span);
  const BarExtent bar = barExtent(axis, start, start + static_cast<double>(s.durationNs()), 2.0);
  const double left = std::max(bar.left, clipLeft);
  const double right = std::min(bar.right, clipRight);
  const int rh = m_metrics.rowHeight;
  const double barTop = top + 3;
  const double barHeight = rh - 6;

  if (right > left) {
    // The bar is the self-time colour; the time its children run is painted over it in the
    // lighter service colour, so the darker parts are the span's self time.
    const int service = static_cast<int>(s.serviceIndex);
    painter.fillRect(QRectF(left, barTop, right - left, barHeight), selfTimeColor(service));
    if (right - left >= 2) {
      const QColor childColor = barColor(service);
      double runLeft = 0;
      double runRight = -1;
      for (const std::int32_t* child = m_tree->childrenBegin(span);
           child != m_tree->childrenEnd(span); ++child) {
        const double childStart = spanStartNs(*child);
        double cl = std::max(axis.timeToX(childStart), left);
        double cr = std::min(
            axis.timeToX(childStart + static_cast<double>(m_trace->spans[at(*child)].durationNs())),
            right);
        if (cl >= right)
          break;
        if (cr <= cl)
          continue;
        if (runRight >= runLeft && cl <= runRight + 0.5) {
          runRight = std::max(runRight, cr);
          continue;
        }
        if (runRight > runLeft) {
          painter.fillRect(QRectF(runLeft, barTop, runRight - runLeft, barHeight), childColor);
        }
        runLeft = cl;
        runRight = cr;
      }
      if (runRight > runLeft) {
        painter.fillRect(QRectF(runLeft, barTop, runRight - runLeft, barHeight), childColor);
      }
    }
    if (m_showCriticalPath && !m_tree->onCriticalPath.empty() &&
        m_tree->onCriticalPath[at(span)] != 0) {
      painter.fillRect(QRectF(left, barTop + barHeight - 3, right - left, 3), kCriticalColor);
    }
    if (s.statusCode == StatusCode::Error) {
      painter.setPen(QPen(kErrorColor, 2));
      painter.setBrush(Qt::NoBrush);
      painter.drawRect(QRectF(left + 1, barTop + 1, right - left - 2, barHeight - 2));
    }
  }

  const int textWidth = m_texts.durationWidth(span);
  const double textTop = top + (rh - m_textHeight) / 2;
  double textX = bar.right + m_metrics.padding;
  if (textX + textWidth > clipRight)
    textX = bar.left - m_metrics.padding - textWidth;
  if (textX < clipLeft)
    textX = clipRight - textWidth - m_metrics.padding;
  painter.setPen(palette().text().color());
  painter.drawStaticText(QPointF(textX, textTop), m_texts.duration(span));
}

}  // namespace sightline
