#pragma once

#include <vector>

#include <QWidget>

#include "model/metrics/metric_red.h"
#include "ui/metrics/metric_chart_data.h"

class QCustomPlot;

namespace sightline {

// The three RED signals, one panel each.
enum class RedSignal { Rate, Errors, Latency };

// One service's signal over time, a point at the end of each interval that has a value
// (NaN intervals left out). Errors as a ratio 0…1, latency in seconds.
ChartLine redLine(const RedServiceOverview& service, RedSignal signal);

// Rate, error ratio and latency of every service over time in three stacked panels that
// share the time axis; one colour per service across the panels. Drag and wheel pan and
// zoom the time axis of all three.
class MetricRedChart : public QWidget {
  Q_OBJECT
 public:
  explicit MetricRedChart(QWidget* parent = nullptr);

  void setServices(const std::vector<RedServiceOverview>& services, double quantile = 0.99);
  int lineCount(RedSignal signal) const;
  QCustomPlot* plot() const { return m_plot; }

 private:
  QCustomPlot* m_plot = nullptr;
};

}  // namespace sightline
