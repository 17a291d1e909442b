#include <QFontMetricsF>
#include <QPainterPath>
#include <memory>

#include "ui/report/pdf/report_pdf_painters.h"
#include "ui/report/pdf/report_pdf_parts.h"
#include "ui/report/report_health_charts.h"

namespace sightline::report_pdf {

namespace {

constexpr double kRowHeight = 100;
constexpr double kGap = 10;
constexpr double kLeft = 34;
constexpr double kTop = 16;  // the title, and below it what is off the scale
constexpr double kBottom = 11;
constexpr double kRight = 4;

// `points` on paper: the painter draws in points scaled to the device.
QFont fontOf(const QPainter& painter, double points, bool bold = false) {
  QFont font = reportPdfFont();
  const double dpi = painter.device() ? painter.device()->logicalDpiY() : 72.0;
  font.setPointSizeF(points * 72.0 / dpi);
  font.setBold(bold);
  return font;
}

struct Plot {
  QRectF area;
  double axisSeconds, yMax;
  double x(double seconds) const {
    return area.left() + (axisSeconds > 0 ? area.width() * seconds / axisSeconds : 0);
  }
  double y(double value) const {
    return area.bottom() - (yMax > 0 ? area.height() * std::min(value, yMax) / yMax : 0);
  }
};

void paintAxes(QPainter& painter, const HealthCharts& charts, const HealthChart& chart,
               const Plot& plot) {
  const QFontMetricsF metrics(painter.font());
  for (double tick : chart.yTicks) {
    const double y = plot.y(tick);
    painter.setPen(QPen(QColor(0xe3, 0xe7, 0xee), 0.4));
    painter.drawLine(QPointF(plot.area.left(), y), QPointF(plot.area.right(), y));
    const QString label = healthAxisValue(tick, chart.unit);
    painter.setPen(kMuted);
    painter.drawText(QPointF(plot.area.left() - 2 - metrics.horizontalAdvance(label), y + 2),
                     label);
  }
  painter.setPen(QPen(kMuted, 0.5));
  painter.drawLine(plot.area.bottomLeft(), plot.area.bottomRight());
  for (double tick : charts.xTicks) {
    const double x = plot.x(tick);
    painter.setPen(QPen(kMuted, 0.5));
    painter.drawLine(QPointF(x, plot.area.bottom()), QPointF(x, plot.area.bottom() + 2));
    const QString label = healthOffset(tick);
    painter.setPen(kMuted);
    // The axis' end label ends at the axis, not past the panel.
    const double width = metrics.horizontalAdvance(label);
    const double left = std::min(x - width / 2, plot.area.right() - width);
    painter.drawText(QPointF(left, plot.area.bottom() + 8.5), label);
  }
}

void paintChart(QPainter& painter, const HealthCharts& charts, const HealthChart& chart,
                const QRectF& rect) {
  painter.setFont(fontOf(painter, 6.5, true));
  painter.setPen(kInk);
  painter.drawText(QPointF(rect.left() + 2, rect.top() + 7), chart.title);
  painter.setFont(fontOf(painter, 5.5));
  const Plot plot{QRectF(rect.left() + kLeft, rect.top() + kTop, rect.width() - kLeft - kRight,
                         rect.height() - kTop - kBottom),
                  charts.axisSeconds, chart.yMax};
  if (chart.empty()) {
    painter.setPen(kMuted);
    painter.drawText(plot.area, Qt::AlignCenter, QStringLiteral("no data in the window"));
    return;
  }
  paintAxes(painter, charts, chart, plot);
  const QFontMetricsF metrics(painter.font());
  for (const HealthRule& rule : chart.rules) {
    const double y = plot.y(rule.y);
    QPen pen(kHealthRule, 0.5);
    pen.setDashPattern({4, 3});
    painter.setPen(pen);
    painter.drawLine(QPointF(plot.area.left(), y), QPointF(plot.area.right(), y));
    painter.setPen(kMuted);
    painter.drawText(QPointF(plot.area.right() - 1 - metrics.horizontalAdvance(rule.label),
                             y - 1.5 < plot.area.top() + 5 ? y + 5.5 : y - 1.5),
                     rule.label);
  }
  for (const HealthLine& line : chart.lines) {
    for (const std::vector<HealthMark>& run : line.runs) {
      QPainterPath path;
      for (std::size_t i = 0; i < run.size(); ++i) {
        const QPointF at(plot.x(run[i].at.x()), plot.y(run[i].at.y()));
        if (i == 0)
          path.moveTo(at);
        else
          path.lineTo(at);
      }
      // The baseline wider, so that it shows where the two coincide.
      QPen pen(line.colour, line.colour == kHealthBefore ? 1.6 : 0.8);
      pen.setJoinStyle(Qt::RoundJoin);
      painter.setPen(pen);
      painter.setBrush(Qt::NoBrush);
      painter.drawPath(path);
      if (line.dots || run.size() == 1) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(line.colour);
        for (const HealthMark& mark : run)
          painter.drawEllipse(QPointF(plot.x(mark.at.x()), plot.y(mark.at.y())), 1.2, 1.2);
      }
    }
  }
  if (!chart.offScale.isEmpty()) {
    painter.setPen(kMuted);
    painter.drawText(
        QPointF(plot.area.right() - metrics.horizontalAdvance(chart.offScale), rect.top() + 13),
        chart.offScale);
  }
}

void paintRow(QPainter& painter, const QRectF& rect, const HealthCharts& charts,
              const HealthRow& row) {
  painter.save();
  const double width = (rect.width() - 2 * kGap) / 3;
  for (std::size_t i = 0; i < row.charts.size(); ++i) {
    const QRectF panel(rect.left() + static_cast<double>(i) * (width + kGap), rect.top(), width,
                       rect.height());
    paintChart(painter, charts, row.charts[i], panel);
  }
  painter.restore();
}

void paintLegend(QPainter& painter, const QRectF& rect, const HealthCharts& charts) {
  painter.save();
  painter.setFont(fontOf(painter, 6.5));
  const QFontMetricsF metrics(painter.font());
  const double column = rect.width() / 2;
  for (std::size_t i = 0; i < charts.legend.size(); ++i) {
    const double x = rect.left() + column * static_cast<double>(i);
    painter.setPen(QPen(charts.legend[i].second, 2));
    painter.drawLine(QPointF(x, rect.top() + 5), QPointF(x + 14, rect.top() + 5));
    painter.setPen(kInk);
    painter.drawText(QPointF(x + 18, rect.top() + 7.5),
                     metrics.elidedText(charts.legend[i].first, Qt::ElideMiddle, column - 24));
  }
  painter.restore();
}

void writeRows(PdfDocumentBuilder& pdf, const std::shared_ptr<HealthCharts>& charts,
               const std::vector<HealthRow>& rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    pdf.heading(rows[i].heading, 4);
    const HealthRow* row = &rows[i];
    pdf.figure(QSizeF(pdf.width(), kRowHeight),
               [charts, row](QPainter& painter, const QRectF& rect) {
                 paintRow(painter, rect, *charts, *row);
               });
  }
}

}  // namespace

void writeServiceHealth(PdfDocumentBuilder& pdf, const ReportContent& content) {
  pdf.heading(QStringLiteral("Service health over time"), 2);
  auto charts = std::make_shared<HealthCharts>(healthCharts(content));
  if (content.health.axisNs == 0) {
    pdf.paragraph(QStringLiteral("No traces or metric snapshots with a time window."), kMuted);
    return;
  }
  pdf.paragraph(
      (content.hasBaseline
           ? QStringLiteral("Both sides on one time axis: the time since each "
                            "side's start (its first span). ")
           : QStringLiteral(
                 "The time since the first span (without traces: the first snapshot). ")) +
      QStringLiteral("Requests are the root spans of the traces (their rate, the share in error "
                     "and their p95 duration) in ") +
      charts->bucketText +
      QStringLiteral("; processes are the Prometheus snapshots taken in the window, every "
                     "instance of a job summed."));
  if (charts->legend.size() > 1) {
    pdf.figure(QSizeF(pdf.width(), 11), [charts](QPainter& painter, const QRectF& rect) {
      paintLegend(painter, rect, *charts);
    });
  }
  pdf.paragraph(charts->sloText, kMuted);
  pdf.heading(QStringLiteral("Requests"), 3);
  if (charts->requests.empty())
    pdf.paragraph(QStringLiteral("No traces in the window: no requests to chart."), kMuted);
  writeRows(pdf, charts, charts->requests);
  pdf.heading(QStringLiteral("Processes"), 3);
  if (charts->processes.empty()) {
    pdf.paragraph(QStringLiteral("No process metrics (process_cpu_seconds_total, go_goroutines, "
                                 "heap or resident memory) in the window."),
                  kMuted);
  }
  writeRows(pdf, charts, charts->processes);
  for (const QString& line : charts->omitted)
    pdf.paragraph(line, kMuted);
}

}  // namespace sightline::report_pdf
