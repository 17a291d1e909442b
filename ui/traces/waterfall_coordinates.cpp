#include "ui/traces/waterfall_coordinates.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace sightline {

double TimeAxis::timeToX(double ns) const {
  const double length = window.lengthNs();
  if (length <= 0)
    return left;
  return left + (ns - window.startNs) * width / length;
}

double TimeAxis::xToTime(double x) const {
  if (width <= 0)
    return window.startNs;
  return window.startNs + (x - left) * window.lengthNs() / width;
}

double TimeAxis::nsPerPixel() const {
  return width > 0 ? window.lengthNs() / width : 0;
}

TimeWindow clampWindow(TimeWindow window, double traceNs) {
  traceNs = std::max(traceNs, 0.0);
  const double minLength = std::min(kMinWindowNs, traceNs);
  double length = std::clamp(window.lengthNs(), minLength, traceNs);
  if (!(length == length))
    length = traceNs;  // NaN from a degenerate caller
  double start = std::clamp(window.startNs, 0.0, traceNs - length);
  return {start, start + length};
}

TimeWindow zoomWindow(TimeWindow window, double traceNs, double factor, double anchorNs) {
  if (factor <= 0)
    return clampWindow(window, traceNs);
  const double length = window.lengthNs();
  const double newLength = std::max(length / factor, std::min(kMinWindowNs, traceNs));
  // The anchor keeps its fraction of the window so the point under the cursor stays put.
  const double fraction = length > 0 ? (anchorNs - window.startNs) / length : 0.5;
  const double start = anchorNs - fraction * newLength;
  return clampWindow({start, start + newLength}, traceNs);
}

TimeWindow panWindow(TimeWindow window, double traceNs, double deltaNs) {
  return clampWindow({window.startNs + deltaNs, window.endNs + deltaNs}, traceNs);
}

TimeWindow windowBetween(double aNs, double bNs, double traceNs) {
  return clampWindow({std::min(aNs, bNs), std::max(aNs, bNs)}, traceNs);
}

int rowTop(int row, int rowHeight, int scrollY) {
  return row * rowHeight - scrollY;
}

int rowAt(int y, int rowHeight, int scrollY, int rowCount) {
  if (rowHeight <= 0)
    return -1;
  const int content = y + scrollY;
  if (content < 0)
    return -1;
  const int row = content / rowHeight;
  return row < rowCount ? row : -1;
}

RowRange visibleRowRange(int scrollY, int height, int rowHeight, int rowCount) {
  if (rowHeight <= 0 || height <= 0 || rowCount <= 0)
    return {};
  const int first = std::clamp(std::max(scrollY, 0) / rowHeight, 0, rowCount);
  const int bottom = std::max(scrollY, 0) + height;
  const int last = std::clamp((bottom + rowHeight - 1) / rowHeight, first, rowCount);
  return {first, last};
}

int maxScrollY(int rowCount, int rowHeight, int height) {
  return std::max(0, rowCount * rowHeight - height);
}

int scrollToShowRow(int row, int rowHeight, int scrollY, int height) {
  const int top = row * rowHeight;
  if (top < scrollY)
    return top;
  if (top + rowHeight > scrollY + height)
    return std::max(0, top + rowHeight - height);
  return scrollY;
}

std::uint64_t tickStepNs(double windowNs, double widthPx, double minSpacingPx) {
  if (windowNs <= 0 || widthPx <= 0)
    return 1;
  const double minStep = windowNs * std::max(minSpacingPx, 1.0) / widthPx;
  std::uint64_t decade = 1;
  // 10^19 overflows; 10^18 ns is 31 years, far beyond any trace.
  for (int exponent = 0; exponent <= 18; ++exponent) {
    for (std::uint64_t mantissa : {1ull, 2ull, 5ull}) {
      if (static_cast<double>(mantissa * decade) >= minStep)
        return mantissa * decade;
    }
    if (exponent < 18)
      decade *= 10;
  }
  return 5 * decade;
}

QString formatTickLabel(std::uint64_t valueNs, std::uint64_t stepNs) {
  struct Unit {
    double ns;
    const char* suffix;
  };
  static constexpr std::array<Unit, 4> kUnits = {
      {{1e9, " s"}, {1e6, " ms"}, {1e3, " µs"}, {1, " ns"}}};
  if (valueNs == 0)
    return QStringLiteral("0");
  const double value = static_cast<double>(valueNs);
  Unit unit = kUnits.back();
  for (const Unit& candidate : kUnits) {
    if (value >= candidate.ns) {
      unit = candidate;
      break;
    }
  }
  // Enough decimals that neighbouring ticks never print the same text.
  int decimals = 0;
  double step = static_cast<double>(std::max<std::uint64_t>(stepNs, 1)) / unit.ns;
  while (decimals < 9 && step < 0.999999) {
    step *= 10;
    ++decimals;
  }
  QString text = QString::number(value / unit.ns, 'f', decimals);
  if (decimals > 0) {
    while (text.endsWith(QLatin1Char('0')))
      text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
      text.chop(1);
  }
  return text + QString::fromUtf8(unit.suffix);
}

}  // namespace sightline
