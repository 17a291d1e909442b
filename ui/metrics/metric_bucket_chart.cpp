#include "ui/metrics/metric_bucket_chart.h"

#include <algorithm>
#include <cmath>

#include <QMouseEvent>
#include <QVBoxLayout>

#include "ui/metrics/metric_chart_view.h"
#include "ui/widgets/plot_setup.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

MetricBucketChart::MetricBucketChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  setMinimumHeight(160);

  m_barsItem = new QCPBars(m_plot->xAxis, m_plot->yAxis);
  m_barsItem->setWidth(0.8);
  m_barsItem->setPen(QPen(QColor(0x2f, 0x55, 0x7f)));
  m_barsItem->setBrush(QColor(0x4e, 0x79, 0xa7, 200));
  m_plot->xAxis->setTickLabelRotation(90);
  m_plot->xAxis->grid()->setVisible(false);
  m_plot->yAxis->setLabel(tr("observations"));
  m_plot->setMouseTracking(true);
  m_plot->plotLayout()->insertRow(0);
  m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, QString()));
  connect(m_plot, &QCustomPlot::mouseMove, this, &MetricBucketChart::onMouseMove);
}

void MetricBucketChart::setBuckets(std::vector<BucketBar> bars, const QString& title) {
  m_bars = std::move(bars);
  m_total = 0;
  QVector<double> keys, values;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  double maxCount = 0;
  for (std::size_t i = 0; i < m_bars.size(); ++i) {
    keys << static_cast<double>(i);
    values << m_bars[i].count;
    ticker->addTick(static_cast<double>(i), m_bars[i].label);
    m_total += m_bars[i].count;
    maxCount = std::max(maxCount, m_bars[i].count);
  }
  m_barsItem->setData(keys, values, true);
  m_plot->xAxis->setTicker(ticker);
  m_plot->xAxis->setRange(-0.6, std::max<double>(static_cast<double>(m_bars.size()) - 0.4, 1));
  m_plot->yAxis->setRange(0, maxCount > 0 ? maxCount * 1.1 : 1);
  if (auto* text = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0)))
    text->setText(title);
  replotIfSized(m_plot);
}

QString MetricBucketChart::tooltipAt(const QPoint& plotPos) const {
  const double key = m_plot->xAxis->pixelToCoord(plotPos.x());
  const long index = std::lround(key);
  if (index < 0 || static_cast<std::size_t>(index) >= m_bars.size() ||
      std::fabs(key - static_cast<double>(index)) > 0.4) {
    return {};
  }
  const BucketBar& bar = m_bars[static_cast<std::size_t>(index)];
  const double share = m_total > 0 ? bar.count / m_total * 100 : 0;
  return tr("%1: %2 observations (%3 %)")
      .arg(bar.label, formatMetricValue(bar.count), QString::number(share, 'f', 1));
}

void MetricBucketChart::onMouseMove(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  showPlotToolTip(m_plot, pos, tooltipAt(pos));
}

}  // namespace sightline
