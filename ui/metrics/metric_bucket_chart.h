#pragma once

#include <vector>

#include <QWidget>

#include "ui/metrics/metric_chart_data.h"

class QCustomPlot;
class QCPBars;
class QMouseEvent;

namespace sightline {

// The bucket distribution of a histogram in one snapshot as a bar chart: one bar per bucket
// (observations in (previous bound, bound]), labelled by its bound; hover for the count and
// its share.
class MetricBucketChart : public QWidget {
  Q_OBJECT
 public:
  explicit MetricBucketChart(QWidget* parent = nullptr);

  void setBuckets(std::vector<BucketBar> bars, const QString& title);
  const std::vector<BucketBar>& bars() const { return m_bars; }
  // Tooltip text of the bar under a plot position (empty when none).
  QString tooltipAt(const QPoint& plotPos) const;
  QCustomPlot* plot() const { return m_plot; }

 private:
  void onMouseMove(QMouseEvent* event);

  QCustomPlot* m_plot = nullptr;
  QCPBars* m_barsItem = nullptr;
  std::vector<BucketBar> m_bars;
  double m_total = 0;
};

}  // namespace sightline
