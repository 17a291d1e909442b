#include "ui/metrics/metric_chart_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>

#include "model/text/timestamp_text.h"
#include "ui/metrics/metric_axis_ticker.h"
#include "ui/widgets/plot_setup.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

QColor metricLineColor(std::size_t index) {
  static const QRgb kPalette[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2,
                                  0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
  return QColor(kPalette[index % std::size(kPalette)]);
}

void replotIfSized(QCustomPlot* plot) {
  if (!plot->viewport().isEmpty())
    plot->replot();
}

QCPGraph* addChartLine(QCustomPlot* plot, const ChartLine& line, std::size_t index, QCPAxis* x,
                       QCPAxis* y) {
  QCPGraph* graph = plot->addGraph(x, y);
  const QColor color = metricLineColor(index);
  graph->setName(line.name);
  graph->setPen(QPen(color, 2));
  graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 6));
  graph->setData(QVector<double>(line.xSeconds.begin(), line.xSeconds.end()),
                 QVector<double>(line.y.begin(), line.y.end()), true);
  return graph;
}

MetricChartView::MetricChartView(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot), m_note(new QLabel) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  m_note->setWordWrap(true);
  m_note->setStyleSheet(QStringLiteral("color: #666"));
  m_note->hide();
  layout->addWidget(m_note);
  layout->addWidget(m_plot, 1);
  setMinimumHeight(200);

  setLocalTimeAxis(m_plot->xAxis);
  m_plot->axisRect()->setupFullAxesBox(false);
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->setMouseTracking(true);
  placeLegendBeside(m_plot);

  connect(m_plot, &QCustomPlot::mouseMove, this, &MetricChartView::onMouseMove);
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { fitToData(); });
}

void MetricChartView::setChart(ChartData chart) {
  m_chart = std::move(chart);
  m_plot->clearGraphs();
  for (std::size_t i = 0; i < m_chart.lines.size(); ++i)
    addChartLine(m_plot, m_chart.lines[i], i);
  // Restarts on top of their line, one legend entry for all of them.
  QCPGraph* resets = nullptr;
  for (const ChartLine& line : m_chart.lines) {
    for (std::size_t point : line.resets) {
      if (!resets) {
        resets = m_plot->addGraph();
        resets->setName(tr("counter reset (counted from 0)"));
        resets->setLineStyle(QCPGraph::lsNone);
        resets->setScatterStyle(QCPScatterStyle(
            QCPScatterStyle::ssCircle, QPen(QColor(0xd3, 0x2f, 0x2f), 2), Qt::NoBrush, 13));
      }
      resets->addData(line.xSeconds[point], line.y[point]);
    }
  }
  m_plot->yAxis->setTicker(
      QSharedPointer<MetricAxisTicker>::create(m_chart.unit, m_chart.perSecond));
  m_plot->yAxis->setLabel(m_chart.yLabel);
  m_plot->legend->setVisible(!m_chart.lines.empty());
  m_note->setText(m_chart.note);
  m_note->setVisible(!m_chart.note.isEmpty());
  fitToData();
}

void MetricChartView::fitToData() {
  double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
  double minY = std::numeric_limits<double>::max(), maxY = std::numeric_limits<double>::lowest();
  for (const ChartLine& line : m_chart.lines) {
    for (std::size_t i = 0; i < line.y.size(); ++i) {
      if (!std::isfinite(line.y[i]))
        continue;
      minX = std::min(minX, line.xSeconds[i]);
      maxX = std::max(maxX, line.xSeconds[i]);
      minY = std::min(minY, line.y[i]);
      maxY = std::max(maxY, line.y[i]);
    }
  }
  if (minX > maxX) {
    const double now = static_cast<double>(QDateTime::currentSecsSinceEpoch());
    m_plot->xAxis->setRange(now - 60, now);
    m_plot->yAxis->setRange(0, 1);
  } else {
    // Pad so that the first and last points are not cut by the axis rect; start values at 0
    // when they are all positive, as rates and latencies read best from zero.
    const double spanX = std::max(maxX - minX, 1.0);
    m_plot->xAxis->setRange(minX - spanX * 0.04, maxX + spanX * 0.04);
    const double low = minY >= 0 ? 0 : minY;
    const double spanY = maxY - low > 0 ? maxY - low : std::max(std::fabs(maxY), 1.0);
    m_plot->yAxis->setRange(low - (minY >= 0 ? 0 : spanY * 0.05), maxY + spanY * 0.08);
  }
  replotIfSized(m_plot);
}

QString MetricChartView::tooltipAt(const QPoint& plotPos, double maxDistancePx) const {
  const ChartLine* bestLine = nullptr;
  std::size_t bestPoint = 0;
  double bestDistance = maxDistancePx * maxDistancePx;
  for (const ChartLine& line : m_chart.lines) {
    for (std::size_t i = 0; i < line.y.size(); ++i) {
      const double dx = m_plot->xAxis->coordToPixel(line.xSeconds[i]) - plotPos.x();
      const double dy = m_plot->yAxis->coordToPixel(line.y[i]) - plotPos.y();
      const double distance = dx * dx + dy * dy;
      if (distance <= bestDistance) {
        bestDistance = distance;
        bestLine = &line;
        bestPoint = i;
      }
    }
  }
  if (!bestLine)
    return {};
  const double y = bestLine->y[bestPoint];
  QString text =
      bestLine->name + QLatin1Char('\n') +
      formatLocalTimestampMs(
          static_cast<std::int64_t>(std::llround(bestLine->xSeconds[bestPoint] * 1000.0))) +
      QLatin1Char('\n') +
      (m_chart.perSecond ? formatMetricRate(y, m_chart.unit) : formatMetricValue(y, m_chart.unit));
  if (std::find(bestLine->resets.begin(), bestLine->resets.end(), bestPoint) !=
      bestLine->resets.end()) {
    text += QLatin1Char('\n') + tr("the counter restarted in this interval");
  }
  return text;
}

void MetricChartView::onMouseMove(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  showPlotToolTip(m_plot, pos, tooltipAt(pos));
}

}  // namespace sightline
