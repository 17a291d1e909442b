#pragma once

#include <QColor>

namespace sightline::compare_colors {

// The Compare page's colours: text and cell background of a regression (more time, more
// errors, more spans) and of an improvement. Dark enough text for a contrast ≥ 4.5 on the tint.
inline QColor regressionText() {
  return QColor(0xb7, 0x1c, 0x1c);
}
inline QColor regressionBackground() {
  return QColor(0xfd, 0xe4, 0xe4);
}
inline QColor improvementText() {
  return QColor(0x1b, 0x5e, 0x20);
}
inline QColor improvementBackground() {
  return QColor(0xe3, 0xf4, 0xe4);
}
inline QColor mutedText() {
  return QColor(0x75, 0x75, 0x75);
}

}  // namespace sightline::compare_colors
