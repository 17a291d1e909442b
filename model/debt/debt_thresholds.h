#pragma once

#include <optional>
#include <string>

#include "model/common/status.h"

namespace sightline {

struct DebtFigures;

// The heatmap's columns, in display order.
enum class DebtColumn {
  Coverage,
  Duplication,
  VulnerabilityDensity,
  CodeSmells,
  DebtMinutes,
  Churn,
  P99,
  ErrorRate,
  CriticalPathShare,
  CpuShare,
  Findings,
};

inline constexpr int kDebtColumnCount = 11;

// A cell's colour: within the threshold, near it (warn), past it, or no data.
enum class DebtCellStatus { Good, Warn, Bad, Absent };

// Thresholds of the cell colours. The defaults are SonarQube's "Sonar way" quality gate for
// the three code axes (coverage ≥ 80 %, duplication ≤ 3 %, no vulnerabilities) and the
// diagnosis rules' budgets for the runtime ones. A "warn" band lies within `warnMargin`
// (relative) of the threshold on the good side.
struct DebtThresholds {
  double minCoverage = 80;             // %
  double maxDuplication = 3;           // %
  double maxVulnerabilityDensity = 0;  // per 1,000 lines
  double maxCodeSmellsPerKloc = 10;
  double maxDebtMinutesPerKloc = 60;
  double maxChurn = 30;  // commits in the window
  double p99BudgetMs = 1000;
  double maxErrorRate = 0.01;
  double maxCriticalPathShare = 0.5;
  double maxCpuShare = 0.5;
  double maxFindings = 0;  // findings of severity high or above
  double warnMargin = 0.1;
};

const char* debtColumnId(DebtColumn column);     // "coverage", "duplication", … (JSON, CLI)
const char* debtColumnTitle(DebtColumn column);  // "Coverage %", …

// The colour status of one cell.
DebtCellStatus debtCellStatus(DebtColumn column, const DebtFigures& figures,
                              const DebtThresholds& thresholds);
// The cell's figure as a number (for sorting), absent when the figure is.
std::optional<double> debtColumnValue(DebtColumn column, const DebtFigures& figures);

// Thresholds as JSON ({"min_coverage": 80, …}; unknown keys are an error) and back.
Status parseDebtThresholds(const std::string& json, DebtThresholds* thresholds);
std::string debtThresholdsJson(const DebtThresholds& thresholds);

}  // namespace sightline
