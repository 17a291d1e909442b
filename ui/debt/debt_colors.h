#pragma once

#include <QColor>

#include "model/debt/debt_thresholds.h"

namespace sightline::debt_colors {

// The heatmap's cell fill per status (none for an absent figure) and the text drawn on it:
// fills light enough that dark text keeps a contrast of at least 4.5.
QColor statusFill(DebtCellStatus status);
QColor statusText(DebtCellStatus status);

// Cost × debt: the fill of a percentile rank (0 pale … 1 dark red) and the text on it.
QColor percentileFill(double percentile);
QColor percentileText(double percentile);

// A change between two snapshots: better or worse.
QColor betterText();
QColor betterFill();
QColor worseText();
QColor worseFill();
QColor mutedText();

// The line between the code columns and the runtime columns.
QColor separator();

}  // namespace sightline::debt_colors
