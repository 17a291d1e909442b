#include "ui/report/pdf/report_pdf_painters.h"

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>
#include <vector>

#include "model/profiles/function_label.h"
#include "model/text/duration_text.h"
#include "ui/report/report_figures.h"
#include "ui/report/report_sparkline.h"
#include "ui/report/report_text.h"

namespace sightline {

QFont reportPdfFont() {
  QFont font;
  font.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans CJK SC")});
  return font;
}

namespace {

constexpr double kRow = 11;
constexpr double kBar = 8;
constexpr double kAxis = 14;
constexpr double kFlameRow = 10;
constexpr double kFlameBox = 9;
constexpr double kMinBoxWidth = 0.6;  // points; narrower boxes are not drawn alone

// 6.5 pt on paper: the painter draws in points (scaled to the device), so the font's size
// is given in the device's points divided by that scale.
QFont smallFont(const QPainter& painter) {
  QFont font = reportPdfFont();
  const double dpi = painter.device() ? painter.device()->logicalDpiY() : 72.0;
  font.setPointSizeF(6.5 * 72.0 / dpi);
  return font;
}

double shareOf(std::int64_t value, std::int64_t total) {
  return total == 0 ? 0.0 : static_cast<double>(value) / static_cast<double>(total);
}

}  // namespace

QSizeF waterfallSize(const TraceExcerpt& excerpt, double width) {
  return {width, kAxis + kRow * static_cast<double>(excerpt.rows.size()) + 2};
}

void paintWaterfall(QPainter& painter, const QRectF& rect, const TraceExcerpt& excerpt) {
  painter.save();
  painter.setFont(smallFont(painter));
  const QFontMetricsF metrics(painter.font());
  const double labelWidth = rect.width() * 0.36;
  const double barsLeft = rect.left() + labelWidth + 4;
  const double barsWidth = rect.right() - barsLeft;
  const std::uint64_t duration =
      excerpt.endUnixNano > excerpt.startUnixNano ? excerpt.endUnixNano - excerpt.startUnixNano : 1;
  auto xOf = [&](std::uint64_t t) {
    const std::uint64_t offset = t > excerpt.startUnixNano ? t - excerpt.startUnixNano : 0;
    return barsLeft + barsWidth * static_cast<double>(offset) / static_cast<double>(duration);
  };
  painter.setPen(QPen(QColor(0xd8, 0xdd, 0xe6), 0.4));
  for (int t = 0; t <= 4; ++t) {
    const double x = barsLeft + barsWidth * t / 4;
    painter.drawLine(QPointF(x, rect.top() + kAxis - 3), QPointF(x, rect.bottom()));
  }
  painter.setPen(QColor(0x5b, 0x64, 0x75));
  for (int t = 0; t <= 4; ++t) {
    const double x = barsLeft + barsWidth * t / 4;
    const QString label = reportDuration(duration * static_cast<std::uint64_t>(t) / 4);
    const double w = metrics.horizontalAdvance(label);
    const double left = t == 0 ? x : (t == 4 ? x - w : x - w / 2);
    painter.drawText(QPointF(left, rect.top() + kAxis - 5), label);
  }
  double y = rect.top() + kAxis;
  for (const TraceExcerptRow& row : excerpt.rows) {
    const double indent = std::min(6.0 * row.depth, labelWidth / 2);
    const QString label = metrics.elidedText(
        reportText(row.service, 48) + QStringLiteral(": ") + reportText(row.name, 48),
        Qt::ElideRight, labelWidth - indent);
    painter.setPen(row.error ? QColor(0xc6, 0x28, 0x28) : QColor(0x1d, 0x23, 0x30));
    painter.drawText(QPointF(rect.left() + indent, y + kBar - 1), label);
    const double x = xOf(row.startUnixNano);
    const double w = std::max(0.5, xOf(row.endUnixNano) - x);
    const QColor fill =
        row.evidence ? QColor(0xc6, 0x28, 0x28)
                     : (row.onCriticalPath ? QColor(0x2f, 0x55, 0x97) : QColor(0xb8, 0xc2, 0xd1));
    painter.fillRect(QRectF(x, y + 1, w, kBar), fill);
    y += kRow;
  }
  painter.restore();
}

QSizeF flameSize(const CallTree& tree, double width) {
  return {width, (static_cast<double>(tree.maxDepth) + 1) * kFlameRow + 2};
}

void paintFlame(QPainter& painter, const QRectF& rect, const CallTree& tree) {
  if (tree.nodes.empty() || tree.total() <= 0)
    return;
  painter.save();
  painter.setFont(smallFont(painter));
  const QFontMetricsF metrics(painter.font());
  const double scale = rect.width() / static_cast<double>(tree.total());
  // The largest change of a function's self share, for the colour scale.
  auto change = [&](std::uint32_t node) {
    return shareOf(tree.nodes[node].self, tree.total()) -
           shareOf(tree.baseSelfOf(node), tree.baseTotal());
  };
  double maxChange = 0;
  for (std::uint32_t i = 0; i < tree.nodes.size(); ++i)
    maxChange = std::max(maxChange, std::fabs(change(i)));
  struct Box {
    std::uint32_t node;
    double x;
  };
  std::vector<Box> stack{{0, rect.left()}};
  while (!stack.empty()) {
    const Box box = stack.back();
    stack.pop_back();
    const CallTreeNode& node = tree.nodes[box.node];
    const double width = static_cast<double>(node.total) * scale;
    const double y = rect.bottom() - (node.depth + 1) * kFlameRow;
    QColor fill(200, 200, 200);
    if (box.node != 0 && tree.differential) {
      const double intensity = maxChange > 0 ? std::fabs(change(box.node)) / maxChange : 0;
      const int pale = static_cast<int>(std::lround(235 - 185 * intensity));
      fill = intensity < 1e-3
                 ? QColor(224, 224, 224)
                 : (change(box.node) > 0 ? QColor(255, pale, pale) : QColor(pale, pale, 255));
    } else if (box.node != 0) {
      fill = QColor(0xf2, 0xa3, 0x5e);
    }
    painter.fillRect(QRectF(box.x, y, width, kFlameBox), fill);
    const QString name = node.name < tree.names.size()
                             ? reportText(tree.names[node.name], kReportNameLimit)
                             : QString();
    if (width > 12) {
      const QString shown = elideFunctionName(
          box.node == 0 && name.isEmpty() ? QStringLiteral("all") : name, width - 3,
          [&](const QString& s) { return metrics.horizontalAdvance(s); });
      painter.setPen(QColor(0x1d, 0x23, 0x30));
      painter.drawText(QPointF(box.x + 1.5, y + kFlameBox - 2), shown);
    }
    double x = box.x;
    std::vector<Box> children;
    for (std::uint32_t i = 0; i < node.childCount; ++i) {
      const std::uint32_t child = node.firstChild + i;
      if (child >= tree.nodes.size())
        break;
      const double w = static_cast<double>(tree.nodes[child].total) * scale;
      if (w >= kMinBoxWidth)
        children.push_back({child, x});
      x += w;
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  painter.restore();
}

}  // namespace sightline

namespace sightline {

namespace {

constexpr double kPathRow = 12;
constexpr double kPathBar = 9;
constexpr double kLegendColumns = 3;

}  // namespace

void paintSparkline(QPainter& painter, const QRectF& rect, const FindingSparkline& line) {
  const SparklineGeometry g = sparklineGeometry(line, rect.width(), rect.height());
  painter.save();
  painter.translate(rect.topLeft());
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(0xfd, 0xe2, 0xe2));
  painter.drawRect(g.highlight);
  painter.setPen(QPen(QColor(0x4e, 0x79, 0xa7), 0.8));
  painter.setBrush(Qt::NoBrush);
  painter.drawPolyline(g.points.data(), static_cast<int>(g.points.size()));
  painter.setFont(smallFont(painter));
  painter.setPen(QColor(0x5b, 0x64, 0x75));
  const QFontMetricsF metrics(painter.font());
  painter.drawText(QPointF(g.width - metrics.horizontalAdvance(g.maxLabel), metrics.ascent()),
                   g.maxLabel);
  painter.drawText(QPointF(g.width - metrics.horizontalAdvance(g.minLabel), g.height - 1),
                   g.minLabel);
  painter.restore();
}

QSizeF pathBarsSize(const PathBarGroup& group, double width) {
  return {width, kPathRow * static_cast<double>(group.bars.size()) + 1};
}

void paintPathBars(QPainter& painter, const QRectF& rect, const PathBarGroup& group) {
  painter.save();
  painter.setFont(smallFont(painter));
  const double labelWidth = 70;
  const double valueWidth = 50;
  const double barsWidth = rect.width() - labelWidth - valueWidth;
  double y = rect.top();
  for (const PathBar& bar : group.bars) {
    painter.setPen(QColor(0x5b, 0x64, 0x75));
    const QString label = (bar.side.isEmpty() ? QStringLiteral("all") : bar.side) +
                          QStringLiteral(" (%1)").arg(bar.traces);
    painter.drawText(QPointF(rect.left(), y + kPathBar - 1.5), label);
    double x = rect.left() + labelWidth;
    painter.setPen(QPen(Qt::white, 0.3));
    for (const PathBarSegment& segment : bar.segments) {
      const double width = group.scaleNs > 0 ? barsWidth * segment.meanNs / group.scaleNs : 0;
      painter.setBrush(segment.colour);
      painter.drawRect(QRectF(x, y, std::max(width, 0.3), kPathBar));
      x += width;
    }
    painter.setPen(QColor(0x1d, 0x23, 0x30));
    painter.drawText(QPointF(x + 3, y + kPathBar - 1.5),
                     bar.traces ? reportDuration(static_cast<std::uint64_t>(bar.meanNs + 0.5))
                                : QStringLiteral("no traces"));
    y += kPathRow;
  }
  painter.restore();
}

QSizeF pathLegendSize(const PathBarChart& chart, double width) {
  const double rows = std::ceil(static_cast<double>(chart.legend.size()) / kLegendColumns);
  return {width, rows * kPathRow + 1};
}

void paintPathLegend(QPainter& painter, const QRectF& rect, const PathBarChart& chart) {
  painter.save();
  painter.setFont(smallFont(painter));
  const QFontMetricsF metrics(painter.font());
  const double columnWidth = rect.width() / kLegendColumns;
  for (std::size_t i = 0; i < chart.legend.size(); ++i) {
    const double x = rect.left() + columnWidth * static_cast<double>(i % 3);
    const double y = rect.top() + kPathRow * static_cast<double>(i / 3);
    painter.setPen(Qt::NoPen);
    painter.setBrush(chart.legend[i].second);
    painter.drawRect(QRectF(x, y + 1, 7, 7));
    painter.setPen(QColor(0x1d, 0x23, 0x30));
    painter.drawText(QPointF(x + 10, y + kPathBar - 1.5),
                     metrics.elidedText(chart.legend[i].first, Qt::ElideRight, columnWidth - 14));
  }
  painter.restore();
}

}  // namespace sightline
