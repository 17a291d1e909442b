#pragma once

#include <optional>

#include <QString>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"

namespace sightline {

// What a heatmap cell says: the figure with its unit ("41.2 %", "1.25 s", "12"), or "–" when
// the inputs do not give it (never 0: "no coverage report" is not "0 % covered").
QString debtCellText(DebtColumn column, const DebtFigures& figures);

// The cell's tooltip: the raw figure and the threshold it is coloured against, e.g.
// "coverage 41.2 % — gate ≥ 80 %".
QString debtCellToolTip(DebtColumn column, const DebtFigures& figures,
                        const DebtThresholds& thresholds);

// The column's header tooltip: what it measures and its threshold.
QString debtColumnToolTip(DebtColumn column, const DebtThresholds& thresholds);

// The text of an absent figure.
QString debtAbsentText();

// A percentage (0–100) as "41.2 %"; a share (0–1) as a percentage.
QString debtPercentText(double percent);
QString debtShareText(double share);

// The change of a figure between two snapshots as "+34.8", "−1.2", "0"; absent when either
// side is.
std::optional<double> debtChange(DebtColumn column, const DebtFigures& baseline,
                                 const DebtFigures& target);
QString debtChangeText(DebtColumn column, double change);

// Whether a rise of the column's figure is an improvement (coverage) or not (the others).
bool debtHigherIsBetter(DebtColumn column);

// The columns in display order, for iterating.
inline DebtColumn debtColumnAt(int index) {
  return static_cast<DebtColumn>(index);
}

}  // namespace sightline
