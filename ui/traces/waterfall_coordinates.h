#pragma once

#include <cstdint>

#include <QString>

namespace sightline {

// Pure geometry of the waterfall: time <-> pixel, row <-> y, ruler ticks. Times are
// nanoseconds relative to the trace start; no widget state is involved so that every
// mapping can be tested on its own.

// The visible part of the trace's time axis, [startNs, endNs) relative to the trace start.
struct TimeWindow {
  double startNs = 0;
  double endNs = 0;

  double lengthNs() const { return endNs - startNs; }
  friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};

// Narrowest window zooming may reach, so that a pixel never spans less than a nanosecond.
inline constexpr double kMinWindowNs = 100.0;

// Maps a time window onto the pixel interval [left, left + width).
struct TimeAxis {
  TimeWindow window;
  double left = 0;
  double width = 1;

  double timeToX(double ns) const;
  double xToTime(double x) const;
  double nsPerPixel() const;
};

// Keeps `window` inside [0, traceNs] and at least min(kMinWindowNs, traceNs) long, moving it
// rather than shrinking it when it sticks out.
TimeWindow clampWindow(TimeWindow window, double traceNs);

// Zooms by `factor` (> 1 zooms in) keeping `anchorNs` at the same screen position, clamped.
TimeWindow zoomWindow(TimeWindow window, double traceNs, double factor, double anchorNs);

// Shifts the window by `deltaNs` (positive = later), clamped to the trace.
TimeWindow panWindow(TimeWindow window, double traceNs, double deltaNs);

// The window covering [aNs, bNs] in either order, clamped.
TimeWindow windowBetween(double aNs, double bNs, double traceNs);

// Rows: row r occupies [r * rowHeight - scrollY, (r + 1) * rowHeight - scrollY).
int rowTop(int row, int rowHeight, int scrollY);
// The row under viewport y, or -1 outside [0, rowCount).
int rowAt(int y, int rowHeight, int scrollY, int rowCount);

// Half-open range of rows at least partly visible in a viewport `height` pixels tall.
struct RowRange {
  int first = 0;
  int last = 0;  // exclusive

  int count() const { return last - first; }
  friend bool operator==(const RowRange&, const RowRange&) = default;
};
RowRange visibleRowRange(int scrollY, int height, int rowHeight, int rowCount);

// Largest scroll offset that still fills the viewport (0 when everything fits).
int maxScrollY(int rowCount, int rowHeight, int height);
// The scroll offset that brings `row` into view while moving as little as possible.
int scrollToShowRow(int row, int rowHeight, int scrollY, int height);

// The ruler's tick step: the smallest 1, 2 or 5 x 10^k ns that keeps ticks at least
// `minSpacingPx` apart when `windowNs` is spread over `widthPx`.
std::uint64_t tickStepNs(double windowNs, double widthPx, double minSpacingPx);

// The tick spacing the ruler and the view's grid lines share, so that they line up.
inline constexpr double kRulerTickSpacingPx = 90;

// A tick label such as "250 ms", "1.5 s" or "800 µs": the largest unit in which `valueNs`
// is at least 1, with as many decimals as `stepNs` needs in that unit.
QString formatTickLabel(std::uint64_t valueNs, std::uint64_t stepNs);

}  // namespace sightline
