#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/finding.h"
#include "model/store/workspace.h"

namespace sightline {

// A stored finding (table `findings`) as the heatmap weighs it.
struct DebtFindingRow {
  std::int64_t id = 0;
  std::string rule;
  Severity severity = Severity::Low;
  std::string service;
  std::string operation;
  std::string function;
  std::uint64_t impactNs = 0;
  std::uint64_t impactPerRequestNs = 0;
  std::vector<std::string> traceIds;  // lowercase hex
};

struct DebtFindings {
  bool diagnosed = false;  // the diagnosis ran (a run is recorded, or findings are stored)
  std::vector<DebtFindingRow> rows;
};

// The findings the last diagnosis stored (`sightline import` stores them after each batch).
Status loadDebtFindings(Workspace& workspace, DebtFindings* findings);

// What one finding adds to the debt factor (docs/DEBT.md): its severity's weight (critical
// 1, high 0.6, medium 0.3, low 0.1) times 1 + the share of `referenceNs` its estimated
// saving would give back (at most 1); a regression finding adds 0.5 more.
double findingDebt(const DebtFindingRow& finding, std::uint64_t impactNs, double referenceNs);

}  // namespace sightline
