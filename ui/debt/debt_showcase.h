#pragma once

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"

namespace sightline {

// The cell a screenshot (and a first look) should show: a red cell of one of the three code
// axes (coverage, duplication, vulnerabilities) of the service that weighs most at runtime
// (CPU share, else critical-path share, else score): the debt on the hot path. `row` is an
// index into table.rows; -1 when no code cell is red.
struct DebtCellRef {
  int row = -1;
  DebtColumn column = DebtColumn::Coverage;
};
DebtCellRef pickShowcaseCell(const DebtTable& table, const DebtThresholds& thresholds);

// The service row to expand first: the showcase cell's, else the first service with rows
// below it; -1 when there is none.
int pickShowcaseService(const DebtTable& table, const DebtThresholds& thresholds);

}  // namespace sightline
