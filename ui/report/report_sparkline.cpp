#include "ui/report/report_sparkline.h"

#include <algorithm>

#include "model/text/number_text.h"

namespace sightline {

namespace {

constexpr double kLabelWidth = 60;  // right of the line, for the max and min labels
constexpr double kPad = 3;

}  // namespace

SparklineGeometry sparklineGeometry(const FindingSparkline& line, double width, double height) {
  SparklineGeometry g;
  g.width = width;
  g.height = height;
  if (line.points.empty())
    return g;
  const double plotWidth = std::max(10.0, width - kLabelWidth);
  const double top = kPad;
  const double bottom = height - kPad;
  const std::int64_t t0 = std::min(line.points.front().first, line.highlightFromMs);
  const std::int64_t t1 = std::max(line.points.back().first, line.highlightToMs);
  const double span = t1 > t0 ? static_cast<double>(t1 - t0) : 1.0;
  double low = line.points.front().second;
  double high = low;
  for (const auto& [time, value] : line.points) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
  const double range = high > low ? high - low : 1.0;
  auto x = [&](std::int64_t t) { return plotWidth * static_cast<double>(t - t0) / span; };
  auto y = [&](double v) {
    return high > low ? bottom - (bottom - top) * (v - low) / range : (top + bottom) / 2;
  };
  for (const auto& [time, value] : line.points)
    g.points.emplace_back(x(time), y(value));
  g.highlight =
      QRectF(QPointF(x(line.highlightFromMs), top), QPointF(x(line.highlightToMs), bottom));
  g.maxLabel = formatSignificant(high, 4);
  g.minLabel = formatSignificant(low, 4);
  return g;
}

}  // namespace sightline
