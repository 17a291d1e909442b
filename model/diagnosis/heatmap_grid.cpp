#include "model/diagnosis/heatmap_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sightline {

namespace {

double pow10(int exponent) {
  return std::pow(10.0, exponent);
}

int clampInt(long long value, int low, int high) {
  return static_cast<int>(std::clamp<long long>(value, low, high));
}

}  // namespace

int durationDecade(std::uint64_t durationNs) {
  int decade = 0;
  for (std::uint64_t bound = 10; durationNs >= bound; bound *= 10) {
    ++decade;
    if (bound > std::numeric_limits<std::uint64_t>::max() / 10)
      break;
  }
  return decade;
}

int HeatmapGrid::columnOf(std::uint64_t start) const {
  if (start <= startNs)
    return 0;
  return clampInt(static_cast<long long>((start - startNs) / columnWidthNs), 0, columns - 1);
}

int HeatmapGrid::rowOf(std::uint64_t durationNs) const {
  const std::uint64_t duration = std::max<std::uint64_t>(durationNs, 1);
  const int decade = durationDecade(duration);
  // Inside its decade by the mantissa's logarithm; the decade itself is exact, so a
  // duration of exactly 10^k ns always starts row (k − minDecade) · rowsPerDecade.
  const double mantissa = static_cast<double>(duration) / pow10(decade);
  const long long within = std::clamp<long long>(
      static_cast<long long>(std::floor(std::log10(mantissa) * rowsPerDecade)), 0,
      rowsPerDecade - 1);
  return clampInt(static_cast<long long>(decade - minDecade) * rowsPerDecade + within, 0,
                  rows() - 1);
}

long long HeatmapGrid::columnAt(double timeNs) const {
  return static_cast<long long>(
      std::floor((timeNs - static_cast<double>(startNs)) / static_cast<double>(columnWidthNs)));
}

long long HeatmapGrid::rowAt(double durationNs) const {
  if (!(durationNs > 0))
    return std::numeric_limits<int>::min();
  return static_cast<long long>(std::floor((std::log10(durationNs) - minDecade) * rowsPerDecade));
}

std::uint64_t HeatmapGrid::columnStartNs(int column) const {
  return startNs + columnWidthNs * static_cast<std::uint64_t>(std::max(column, 0));
}

double HeatmapGrid::rowLowerLog10(int row) const {
  return minDecade + static_cast<double>(row) / rowsPerDecade;
}

double HeatmapGrid::rowLowerNs(int row) const {
  if (row % rowsPerDecade == 0)
    return pow10(minDecade + row / rowsPerDecade);  // exact at decades
  return std::pow(10.0, rowLowerLog10(row));
}

HeatmapGrid makeHeatmapGrid(const std::vector<HeatmapPoint>& points, int columns, int rows,
                            std::uint64_t minColumnWidthNs) {
  HeatmapGrid grid;
  if (points.empty())
    return grid;
  std::uint64_t minStart = std::numeric_limits<std::uint64_t>::max(), maxStart = 0;
  std::uint64_t minDuration = std::numeric_limits<std::uint64_t>::max(), maxDuration = 0;
  for (const HeatmapPoint& point : points) {
    minStart = std::min(minStart, point.startNs);
    maxStart = std::max(maxStart, point.startNs);
    minDuration = std::min(minDuration, point.durationNs);
    maxDuration = std::max(maxDuration, point.durationNs);
  }
  grid.columns = std::max(columns, 1);
  grid.startNs = minStart;
  // Whole nanoseconds, rounded up, so that the latest start falls in the last column.
  const std::uint64_t span = maxStart - minStart + 1;
  const auto count = static_cast<std::uint64_t>(grid.columns);
  grid.columnWidthNs = std::max<std::uint64_t>({(span + count - 1) / count, minColumnWidthNs, 1});
  grid.minDecade = durationDecade(minDuration);
  grid.maxDecade = durationDecade(maxDuration) + 1;
  const int decades = grid.maxDecade - grid.minDecade;
  grid.rowsPerDecade =
      std::max(1, static_cast<int>(std::lround(static_cast<double>(std::max(rows, 1)) / decades)));
  return grid;
}

HeatmapCounts binHeatmap(const std::vector<HeatmapPoint>& points, const HeatmapGrid& grid) {
  HeatmapCounts result;
  result.grid = grid;
  result.counts.assign(
      static_cast<std::size_t>(grid.rows()) * static_cast<std::size_t>(grid.columns), 0);
  for (const HeatmapPoint& point : points) {
    const std::size_t cell = static_cast<std::size_t>(grid.rowOf(point.durationNs)) *
                                 static_cast<std::size_t>(grid.columns) +
                             static_cast<std::size_t>(grid.columnOf(point.startNs));
    result.maxCount = std::max(result.maxCount, ++result.counts[cell]);
  }
  result.total = points.size();
  return result;
}

HeatmapCellRange cellsTouching(const HeatmapGrid& grid, double time1Ns, double time2Ns,
                               double duration1Ns, double duration2Ns) {
  const long long c1 = grid.columnAt(std::min(time1Ns, time2Ns));
  const long long c2 = grid.columnAt(std::max(time1Ns, time2Ns));
  const long long r1 = grid.rowAt(std::min(duration1Ns, duration2Ns));
  const long long r2 = grid.rowAt(std::max(duration1Ns, duration2Ns));
  HeatmapCellRange range;
  if (c2 < 0 || c1 >= grid.columns || r2 < 0 || r1 >= grid.rows())
    return range;  // outside: empty
  range.firstColumn = clampInt(c1, 0, grid.columns - 1);
  range.lastColumn = clampInt(c2, 0, grid.columns - 1);
  range.firstRow = clampInt(r1, 0, grid.rows() - 1);
  range.lastRow = clampInt(r2, 0, grid.rows() - 1);
  return range;
}

bool pointInCells(const HeatmapGrid& grid, const HeatmapCellRange& range,
                  const HeatmapPoint& point) {
  return range.contains(grid.columnOf(point.startNs), grid.rowOf(point.durationNs));
}

std::vector<std::size_t> pointsInCells(const std::vector<HeatmapPoint>& points,
                                       const HeatmapGrid& grid, const HeatmapCellRange& range) {
  std::vector<std::size_t> inside;
  if (range.empty())
    return inside;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (pointInCells(grid, range, points[i]))
      inside.push_back(i);
  }
  return inside;
}

HeatmapRegion regionOfCells(const HeatmapGrid& grid, const HeatmapCellRange& range) {
  HeatmapRegion region;
  if (range.empty())
    return region;
  region.startNs = grid.columnStartNs(range.firstColumn);
  region.endNs = grid.columnStartNs(range.lastColumn + 1);
  region.minDurationNs = grid.rowLowerNs(range.firstRow);
  region.maxDurationNs = grid.rowLowerNs(range.lastRow + 1);
  return region;
}

HeatmapCellRange slowestRows(const HeatmapCounts& counts, double fraction) {
  HeatmapCellRange range;
  if (counts.total == 0)
    return range;
  const HeatmapGrid& grid = counts.grid;
  const double wanted = std::max(1.0, fraction * static_cast<double>(counts.total));
  std::size_t inside = 0;
  for (int row = grid.rows() - 1; row >= 0; --row) {
    std::size_t inRow = 0;
    for (int column = 0; column < grid.columns; ++column)
      inRow += counts.at(column, row);
    if (inRow > 0 && range.lastRow < 0)
      range.lastRow = row;
    inside += inRow;
    if (static_cast<double>(inside) >= wanted) {
      range.firstRow = row;
      break;
    }
  }
  range.firstColumn = 0;
  range.lastColumn = grid.columns - 1;
  return range;
}

}  // namespace sightline
