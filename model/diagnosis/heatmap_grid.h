#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sightline {

// The latency heatmap's binning: time × log10(duration), a count per cell. Pure functions,
// shared by the Traces page's heatmap and its tests; what a point stands for (a trace, a
// span) is the caller's business.

// One thing that started at `startNs` (Unix ns) and lasted `durationNs`.
struct HeatmapPoint {
  std::uint64_t startNs = 0;
  std::uint64_t durationNs = 0;
};

// Columns of equal whole-nanosecond width from `startNs`; rows of equal height in
// log10(duration), `rowsPerDecade` to each decade from 10^minDecade ns up to (not including)
// 10^maxDecade ns, so that every decade starts on a row boundary. A duration of 0 counts as
// 1 ns. Column c holds [startNs + c·width, startNs + (c+1)·width).
struct HeatmapGrid {
  std::uint64_t startNs = 0;
  std::uint64_t columnWidthNs = 1;
  int columns = 1;
  int minDecade = 0;
  int maxDecade = 1;
  int rowsPerDecade = 1;

  int rows() const { return (maxDecade - minDecade) * rowsPerDecade; }
  std::uint64_t endNs() const {
    return startNs + columnWidthNs * static_cast<std::uint64_t>(columns);
  }
  // The cell of a point, clamped into the grid.
  int columnOf(std::uint64_t startNs) const;
  int rowOf(std::uint64_t durationNs) const;
  // The unclamped column / row of a position in (time, duration) space (doubles: a mouse
  // position); may lie outside [0, columns) / [0, rows).
  long long columnAt(double timeNs) const;
  long long rowAt(double durationNs) const;
  // Cell edges: a column's start time, and a row's lower bound in log10(ns) and in ns.
  std::uint64_t columnStartNs(int column) const;
  double rowLowerLog10(int row) const;
  double rowLowerNs(int row) const;
};

inline constexpr int kHeatmapColumns = 120;
inline constexpr int kHeatmapRows = 60;

// The decade of a duration: floor(log10(max(d, 1))), exactly (no floating point).
int durationDecade(std::uint64_t durationNs);

// A grid over `points`: `columns` columns spanning the earliest to the latest start (each at
// least `minColumnWidthNs` wide, so that a few points close together still get a readable time
// axis), and about `rows` rows (a whole number per decade: round(rows / decades), at least 1)
// spanning the decades from the shortest duration's to just above the longest's. Without
// points: one column at 0 and the decade [1 ns, 10 ns).
HeatmapGrid makeHeatmapGrid(const std::vector<HeatmapPoint>& points, int columns = kHeatmapColumns,
                            int rows = kHeatmapRows, std::uint64_t minColumnWidthNs = 1);

// The count of points per cell, row-major from the shortest durations' row.
struct HeatmapCounts {
  HeatmapGrid grid;
  std::vector<std::uint32_t> counts;  // grid.rows() × grid.columns
  std::uint32_t maxCount = 0;
  std::size_t total = 0;

  std::uint32_t at(int column, int row) const {
    return counts[static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.columns) +
                  static_cast<std::size_t>(column)];
  }
};

HeatmapCounts binHeatmap(const std::vector<HeatmapPoint>& points, const HeatmapGrid& grid);

// A block of cells, bounds inclusive. Empty when first > last on either axis.
struct HeatmapCellRange {
  int firstColumn = 0;
  int lastColumn = -1;
  int firstRow = 0;
  int lastRow = -1;

  bool empty() const { return firstColumn > lastColumn || firstRow > lastRow; }
  bool contains(int column, int row) const {
    return column >= firstColumn && column <= lastColumn && row >= firstRow && row <= lastRow;
  }
  friend bool operator==(const HeatmapCellRange&, const HeatmapCellRange&) = default;
};

// The cells a rectangle in (time ns, duration ns) space touches, corners in any order; cut to
// the grid, empty when the rectangle lies outside it.
HeatmapCellRange cellsTouching(const HeatmapGrid& grid, double time1Ns, double time2Ns,
                               double duration1Ns, double duration2Ns);

// The inverse of binning: whether a point's cell is in `range`, and the indices (in order) of
// the points whose cells are. Exactly the points the range's cells counted.
bool pointInCells(const HeatmapGrid& grid, const HeatmapCellRange& range,
                  const HeatmapPoint& point);
std::vector<std::size_t> pointsInCells(const std::vector<HeatmapPoint>& points,
                                       const HeatmapGrid& grid, const HeatmapCellRange& range);

// What a range covers in (time, duration) space: starts in [startNs, endNs), durations in
// [minDurationNs, maxDurationNs) (the rows' bounds).
struct HeatmapRegion {
  std::uint64_t startNs = 0;
  std::uint64_t endNs = 0;
  double minDurationNs = 0;
  double maxDurationNs = 0;
};
HeatmapRegion regionOfCells(const HeatmapGrid& grid, const HeatmapCellRange& range);

// The rows, over all columns, that hold the slowest points: from the top row down until at
// least `fraction` of the points (and at least one) are inside. Empty without points.
HeatmapCellRange slowestRows(const HeatmapCounts& counts, double fraction);

}  // namespace sightline
