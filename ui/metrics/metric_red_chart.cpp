#include "ui/metrics/metric_red_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QVBoxLayout>

#include "ui/metrics/metric_axis_ticker.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

namespace {

constexpr int kPanels = 3;

double signalValue(const RedInterval& interval, RedSignal signal) {
  switch (signal) {
    case RedSignal::Rate:
      return interval.requestsPerSecond;
    case RedSignal::Errors:
      return interval.errorRatio;
    case RedSignal::Latency:
      return interval.latencySeconds;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

ChartLine redLine(const RedServiceOverview& service, RedSignal signal) {
  ChartLine line;
  line.name = QString::fromStdString(service.service + " · " + service.protocol);
  for (const RedInterval& interval : service.intervals) {
    const double value = signalValue(interval, signal);
    if (std::isnan(value))
      continue;
    line.xSeconds.push_back(static_cast<double>(interval.endMs) / 1000.0);
    line.y.push_back(value);
  }
  return line;
}

MetricRedChart::MetricRedChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  setMinimumHeight(300);
  m_plot->plotLayout()->clear();
  auto* margins = new QCPMarginGroup(m_plot);
  for (int panel = 0; panel < kPanels; ++panel) {
    auto* rect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(panel, 0, rect);
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    rect->setupFullAxesBox(false);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    auto dateTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    dateTicker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    dateTicker->setDateTimeSpec(Qt::LocalTime);
    rect->axis(QCPAxis::atBottom)->setTicker(dateTicker);
  }
  // Clearing the layout deleted the default legend with its axis rect: the services' legend
  // goes into the top panel.
  auto* legend = new QCPLegend;
  m_plot->axisRect(0)->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
  legend->setLayer(QStringLiteral("legend"));
  legend->setBrush(QColor(255, 255, 255, 220));
  m_plot->legend = legend;
  // Panning or zooming one panel moves the time axis of all three.
  for (int panel = 0; panel < kPanels; ++panel) {
    QCPAxis* bottom = m_plot->axisRect(panel)->axis(QCPAxis::atBottom);
    connect(bottom, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            [this](const QCPRange& range) {
              for (int other = 0; other < kPanels; ++other) {
                QCPAxis* axis = m_plot->axisRect(other)->axis(QCPAxis::atBottom);
                if (axis->range() != range)
                  axis->setRange(range);
              }
            });
  }
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
}

void MetricRedChart::setServices(const std::vector<RedServiceOverview>& services, double quantile) {
  m_plot->clearGraphs();
  const RedSignal signals_[kPanels] = {RedSignal::Rate, RedSignal::Errors, RedSignal::Latency};
  const QString labels[kPanels] = {tr("requests/s"), tr("error ratio"),
                                   quantileName(quantile) + tr(" latency")};
  const MetricValueUnit units[kPanels] = {MetricValueUnit::Plain, MetricValueUnit::Ratio,
                                          MetricValueUnit::Seconds};
  double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
  for (int panel = 0; panel < kPanels; ++panel) {
    QCPAxisRect* rect = m_plot->axisRect(panel);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    y->setLabel(labels[panel]);
    y->setTicker(
        QSharedPointer<MetricAxisTicker>::create(units[panel], signals_[panel] == RedSignal::Rate));
    double maxY = 0;
    for (std::size_t i = 0; i < services.size(); ++i) {
      const ChartLine line = redLine(services[i], signals_[panel]);
      QCPGraph* graph = addChartLine(m_plot, line, i, x, y);
      // One legend entry per service, from the first panel.
      if (panel != 0)
        graph->removeFromLegend();
      for (std::size_t p = 0; p < line.y.size(); ++p) {
        minX = std::min(minX, line.xSeconds[p]);
        maxX = std::max(maxX, line.xSeconds[p]);
        if (std::isfinite(line.y[p]))
          maxY = std::max(maxY, line.y[p]);
      }
    }
    const double top = signals_[panel] == RedSignal::Errors ? std::max(maxY * 1.1, 0.05)
                                                            : (maxY > 0 ? maxY * 1.1 : 1);
    y->setRange(0, top);
  }
  if (minX <= maxX) {
    const double span = std::max(maxX - minX, 1.0);
    m_plot->axisRect(0)->axis(QCPAxis::atBottom)->setRange(minX - span * 0.05, maxX + span * 0.05);
  }
  m_plot->legend->setVisible(!services.empty());
  replotIfSized(m_plot);
}

int MetricRedChart::lineCount(RedSignal signal) const {
  const int panel = static_cast<int>(signal);
  int count = 0;
  for (int i = 0; i < m_plot->graphCount(); ++i) {
    if (m_plot->graph(i)->keyAxis()->axisRect() == m_plot->axisRect(panel) &&
        !m_plot->graph(i)->data()->isEmpty()) {
      ++count;
    }
  }
  return count;
}

}  // namespace sightline
