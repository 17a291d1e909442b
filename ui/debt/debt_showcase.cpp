#include "ui/debt/debt_showcase.h"

namespace sightline {

namespace {

double runtimeWeight(const DebtFigures& f) {
  if (f.cpuShare)
    return *f.cpuShare;
  if (f.criticalPathShare)
    return *f.criticalPathShare;
  return f.score.value_or(0) * 1e-6;
}

}  // namespace

DebtCellRef pickShowcaseCell(const DebtTable& table, const DebtThresholds& thresholds) {
  DebtCellRef best;
  double bestWeight = -1;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const DebtRow& row = table.rows[i];
    if (row.parent >= 0)
      continue;
    for (const DebtColumn column :
         {DebtColumn::Coverage, DebtColumn::Duplication, DebtColumn::VulnerabilityDensity}) {
      if (debtCellStatus(column, row.figures, thresholds) != DebtCellStatus::Bad)
        continue;
      const double weight = runtimeWeight(row.figures);
      if (weight > bestWeight) {
        bestWeight = weight;
        best = {static_cast<int>(i), column};
      }
      break;
    }
  }
  return best;
}

int pickShowcaseService(const DebtTable& table, const DebtThresholds& thresholds) {
  const DebtCellRef cell = pickShowcaseCell(table, thresholds);
  if (cell.row >= 0)
    return cell.row;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    if (table.rows[i].parent >= 0)
      return table.rows[i].parent;
  }
  return -1;
}

}  // namespace sightline
