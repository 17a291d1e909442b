#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_cpu_scan.h"
#include "model/debt/debt_findings.h"
#include "model/debt/debt_span_scan.h"
#include "model/debt/debt_thresholds.h"
#include "model/debt/debt_unit_figures.h"

namespace sightline {

// What the heatmap reads of the runtime signals: the spans (one pass with critical paths),
// the CPU profiles (attributed to the application's code through the rules) and the stored
// findings.
struct DebtRuntime {
  DebtSpanScan spans;
  DebtCpuScan cpu;
  DebtFindings findings;

  // Services with runtime data: of the spans and of the profiled code.
  std::set<std::string> services() const;
  // The application's files the profiles and spans name (to list them as units).
  std::set<std::string> files() const;
  // Where a finding's function lives, through the profiles: (service, file in it), or
  // empty strings when no profile names the function or no rule maps its file.
  std::pair<std::string, std::string> locationOf(const std::string& function) const;

  std::map<std::string, std::pair<std::string, std::string>> functionFiles;  // for locationOf
  // Per spans.codeSpans entry: the (service, file in it) its file maps to, or empty strings.
  std::vector<std::pair<std::string, std::string>> codeSpanUnits;
};

Status scanDebtRuntime(Workspace& workspace, const ServicePathMatcher& rules, DebtRuntime* runtime);

// How much code-quality debt a unit carries (docs/DEBT.md): per code column (coverage,
// duplication, vulnerability density, code smells, debt minutes, churn) 1 when past its
// threshold, 0.5 in the warn band.
double codeDebt(const DebtFigures& figures, const DebtThresholds& thresholds);

// Fills the runtime figures of the tree's units and their score = cost × debt, cost =
// max(critical-path share, CPU share), debt = 1 + codeDebt + the findings' findingDebt (the
// saving against all traced time) + the error rate (docs/DEBT.md).
void addRuntimeFigures(DebtUnitTree& tree, const DebtRuntime& runtime,
                       const DebtThresholds& thresholds);

}  // namespace sightline
