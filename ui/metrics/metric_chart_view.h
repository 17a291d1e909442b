#pragma once

#include <QWidget>

#include "ui/metrics/metric_chart_data.h"

class QCPAxis;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace sightline {

// Metric lines over time (QCustomPlot): several series overlaid with a legend, a tooltip
// naming the point under the mouse, drag to pan, wheel to zoom, double-click to fit.
// Intervals in which a counter restarted are ringed in red.
class MetricChartView : public QWidget {
  Q_OBJECT
 public:
  explicit MetricChartView(QWidget* parent = nullptr);

  void setChart(ChartData chart);
  const ChartData& chart() const { return m_chart; }
  // Fits both axes to the data.
  void fitToData();
  // The tooltip text for the point nearest to a position in the plot (empty if none is
  // within `maxDistancePx`).
  QString tooltipAt(const QPoint& plotPos, double maxDistancePx = 8.0) const;
  QCustomPlot* plot() const { return m_plot; }
  QLabel* noteLabel() const { return m_note; }

 private:
  void onMouseMove(QMouseEvent* event);

  QCustomPlot* m_plot = nullptr;
  QLabel* m_note = nullptr;
  ChartData m_chart;
};

// Replots unless the plot has no area yet (a pane just shown): QCustomPlot replots by itself
// when it gets its size, and painting into an empty buffer only produces warnings.
void replotIfSized(QCustomPlot* plot);

// A palette that keeps neighbouring lines apart (Tableau 10).
QColor metricLineColor(std::size_t index);

// `line` as a graph of `plot` in the `index`th palette colour, points as dots, on the axes
// `x` and `y` (the plot's bottom and left axes when null).
QCPGraph* addChartLine(QCustomPlot* plot, const ChartLine& line, std::size_t index,
                       QCPAxis* x = nullptr, QCPAxis* y = nullptr);

}  // namespace sightline
