#include "ui/debt/debt_colors.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace sightline::debt_colors {

QColor statusFill(DebtCellStatus status) {
  switch (status) {
    case DebtCellStatus::Bad:
      return QColor(0xef, 0x9a, 0x9a);
    case DebtCellStatus::Warn:
      return QColor(0xff, 0xe0, 0x82);
    case DebtCellStatus::Good:
      return QColor(0xa5, 0xd6, 0xa7);
    case DebtCellStatus::Absent:
      break;
  }
  return {};
}

QColor statusText(DebtCellStatus status) {
  switch (status) {
    case DebtCellStatus::Bad:
      return QColor(0x4a, 0x0b, 0x0b);
    case DebtCellStatus::Warn:
      return QColor(0x3e, 0x2c, 0x00);
    case DebtCellStatus::Good:
      return QColor(0x0d, 0x33, 0x10);
    case DebtCellStatus::Absent:
      break;
  }
  return QColor(0x75, 0x75, 0x75);
}

QColor percentileFill(double percentile) {
  // A sequential ramp (ColorBrewer's "OrRd"): pale for the low ranks, dark red at the top.
  static const std::array<QColor, 6> kStops = {QColor(0xff, 0xf7, 0xec), QColor(0xfd, 0xd4, 0x9e),
                                               QColor(0xfc, 0x8d, 0x59), QColor(0xef, 0x65, 0x48),
                                               QColor(0xd7, 0x30, 0x1f), QColor(0x99, 0x00, 0x00)};
  const double p = std::clamp(std::isfinite(percentile) ? percentile : 0.0, 0.0, 1.0);
  const double position = p * (kStops.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(position));
  const std::size_t high = std::min(low + 1, kStops.size() - 1);
  const double t = position - static_cast<double>(low);
  auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
  return QColor(mix(kStops[low].red(), kStops[high].red()),
                mix(kStops[low].green(), kStops[high].green()),
                mix(kStops[low].blue(), kStops[high].blue()));
}

QColor percentileText(double percentile) {
  return percentile >= 0.7 ? QColor(Qt::white) : QColor(0x21, 0x21, 0x21);
}

QColor betterText() {
  return QColor(0x1b, 0x5e, 0x20);
}
QColor betterFill() {
  return QColor(0xe3, 0xf4, 0xe4);
}
QColor worseText() {
  return QColor(0xb7, 0x1c, 0x1c);
}
QColor worseFill() {
  return QColor(0xfd, 0xe4, 0xe4);
}
QColor mutedText() {
  return QColor(0x75, 0x75, 0x75);
}

QColor separator() {
  return QColor(0x42, 0x42, 0x42);
}

}  // namespace sightline::debt_colors
