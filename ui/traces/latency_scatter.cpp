#include "ui/traces/latency_scatter.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "ui/widgets/plot_setup.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

namespace {

// Durations of zero cannot be drawn on a log axis; a microsecond floor keeps them visible.
constexpr double kMinDurationMs = 0.001;

QCPGraph* makeGraph(QCustomPlot* plot, const QColor& color) {
  QCPGraph* graph = plot->addGraph();
  graph->setLineStyle(QCPGraph::lsNone);
  QColor fill = color;
  fill.setAlpha(150);
  graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, fill, 6));
  graph->setSelectable(QCP::stNone);
  return graph;
}

}  // namespace

LatencyScatter::LatencyScatter(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  setMinimumHeight(140);

  setLocalTimeAxis(m_plot->xAxis);
  m_plot->yAxis->setLabel(tr("duration (ms)"));
  m_plot->setMouseTracking(true);
  m_plot->axisRect()->setupFullAxesBox(false);

  m_okGraph = makeGraph(m_plot, QColor(0x1e, 0x88, 0xe5));
  m_okGraph->setName(tr("traces"));
  m_errorGraph = makeGraph(m_plot, QColor(0xd3, 0x2f, 0x2f));
  m_errorGraph->setName(tr("with errors"));

  placeLegendBeside(m_plot);
  m_plot->legend->setMaximumSize(140, 48);

  connect(m_plot, &QCustomPlot::mousePress, this, &LatencyScatter::onMousePress);
  connect(m_plot, &QCustomPlot::mouseMove, this, &LatencyScatter::onMouseMove);
  setLogScale(true);
}

void LatencyScatter::setTraces(const std::vector<TraceSummary>& traces) {
  m_points.clear();
  m_points.reserve(traces.size());
  for (const TraceSummary& trace : traces) {
    Point point;
    point.x = static_cast<double>(trace.startUnixNano) / 1e9;
    point.y = std::max(static_cast<double>(trace.durationNs) / 1e6, kMinDurationMs);
    point.summary = trace;
    m_points.push_back(std::move(point));
  }
  rebuild();
}

void LatencyScatter::setLogScale(bool logScale) {
  m_logScale = logScale;
  if (logScale) {
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
  } else {
    m_plot->yAxis->setScaleType(QCPAxis::stLinear);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
  }
  rebuild();
}

void LatencyScatter::rebuild() {
  QVector<double> okX, okY, errorX, errorY;
  double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
  double minY = std::numeric_limits<double>::max(), maxY = 0;
  for (const Point& point : m_points) {
    const bool error = point.summary.errorCount > 0;
    (error ? errorX : okX).append(point.x);
    (error ? errorY : okY).append(point.y);
    minX = std::min(minX, point.x);
    maxX = std::max(maxX, point.x);
    minY = std::min(minY, point.y);
    maxY = std::max(maxY, point.y);
  }
  m_okGraph->setData(okX, okY);
  m_errorGraph->setData(errorX, errorY);
  if (m_points.empty()) {
    const double now = static_cast<double>(QDateTime::currentSecsSinceEpoch());
    m_plot->xAxis->setRange(now - 60, now);
    m_plot->yAxis->setRange(m_logScale ? 1 : 0, m_logScale ? 1000 : 100);
  } else {
    // Pad so that the extreme points are not cut in half by the axis rect.
    const double spanX = std::max(maxX - minX, 1.0);
    m_plot->xAxis->setRange(minX - spanX * 0.03, maxX + spanX * 0.03);
    if (m_logScale) {
      m_plot->yAxis->setRange(minY / 1.5, maxY * 1.5);
    } else {
      m_plot->yAxis->setRange(0, maxY * 1.08);
    }
  }
  m_plot->replot();
}

int LatencyScatter::pointNear(const QPoint& widgetPos, double maxDistancePx) const {
  const QPoint pos = m_plot->mapFrom(this, widgetPos);
  int best = -1;
  double bestDistance = maxDistancePx * maxDistancePx;
  for (size_t i = 0; i < m_points.size(); ++i) {
    const double dx = m_plot->xAxis->coordToPixel(m_points[i].x) - pos.x();
    const double dy = m_plot->yAxis->coordToPixel(m_points[i].y) - pos.y();
    const double distance = dx * dx + dy * dy;
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = static_cast<int>(i);
    }
  }
  return best;
}

void LatencyScatter::onMousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton)
    return;
  const int index = pointNear(m_plot->mapTo(this, event->position().toPoint()));
  if (index >= 0)
    emit traceClicked(m_points[static_cast<size_t>(index)].summary.traceId);
}

void LatencyScatter::onMouseMove(QMouseEvent* event) {
  const QPoint plotPos = event->position().toPoint();
  const int index = pointNear(m_plot->mapTo(this, plotPos));
  if (index < 0) {
    QToolTip::hideText();
    return;
  }
  const TraceSummary& trace = m_points[static_cast<size_t>(index)].summary;
  QString text = QString::fromStdString(trace.rootService) + QStringLiteral(": ") +
                 QString::fromStdString(trace.rootName) + QLatin1Char('\n') +
                 formatDuration(trace.durationNs) + QStringLiteral(", ") +
                 tr("%n span(s)", nullptr, static_cast<int>(trace.spanCount));
  if (trace.errorCount > 0) {
    text += QStringLiteral(", ") + tr("%n error(s)", nullptr, static_cast<int>(trace.errorCount));
  }
  text += QLatin1Char('\n') + formatLocalTimestamp(trace.startUnixNano);
  QToolTip::showText(m_plot->mapToGlobal(plotPos), text, m_plot);
}

}  // namespace sightline
