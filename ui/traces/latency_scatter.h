#pragma once

#include <vector>

#include <QWidget>

#include "model/common/ids.h"
#include "model/traces/trace_data.h"
#include "ui/traces/trace_list_model.h"

class QCustomPlot;
class QCPGraph;
class QMouseEvent;

namespace sightline {

// Latency over time for the traces of the list: x = start time, y = duration, error
// traces in red. Clicking a point (nearest within a few pixels) asks to open that trace.
class LatencyScatter : public QWidget {
  Q_OBJECT
 public:
  explicit LatencyScatter(QWidget* parent = nullptr);

  // Shows exactly these traces (the currently filtered list).
  void setTraces(const std::vector<TraceSummary>& traces);
  void setLogScale(bool logScale);
  bool logScale() const { return m_logScale; }
  int pointCount() const { return static_cast<int>(m_points.size()); }
  // Index into the last setTraces() vector of the point nearest to a widget position, or -1
  // when none lies within `maxDistancePx`.
  int pointNear(const QPoint& widgetPos, double maxDistancePx = 6.0) const;
  QCustomPlot* plot() const { return m_plot; }

 signals:
  void traceClicked(const sightline::TraceId& traceId);

 private:
  struct Point {
    double x = 0;  // seconds since the epoch
    double y = 0;  // milliseconds
    TraceSummary summary;
  };
  void rebuild();
  void onMousePress(QMouseEvent* event);
  void onMouseMove(QMouseEvent* event);

  QCustomPlot* m_plot = nullptr;
  QCPGraph* m_okGraph = nullptr;
  QCPGraph* m_errorGraph = nullptr;
  std::vector<Point> m_points;
  bool m_logScale = true;
};

}  // namespace sightline
