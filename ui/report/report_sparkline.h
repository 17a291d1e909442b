#pragma once

#include <QPointF>
#include <QRectF>
#include <QString>
#include <vector>

#include "model/report/report_finding_figures.h"

namespace sightline {

// A finding card's sparkline laid out in a box of width × height (the HTML in pixels, the
// PDF in points): the line's points, the evidence's time range as a band, and the labels of
// the largest and smallest value (kept clear of the line at the right).
struct SparklineGeometry {
  double width = 0;
  double height = 0;
  std::vector<QPointF> points;
  QRectF highlight;
  QString maxLabel;
  QString minLabel;
};

SparklineGeometry sparklineGeometry(const FindingSparkline& line, double width, double height);

}  // namespace sightline
