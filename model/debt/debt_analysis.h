#pragma once

#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_inputs.h"
#include "model/debt/debt_runtime.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_unit_figures.h"
#include "model/debt/service_path_rules.h"
#include "model/store/workspace.h"

namespace sightline {

// Everything the heatmap's views are made of, read once: the rules in force (stored ones
// plus the current proposals), the chosen debt inputs, the runtime signals and the unit
// tree with every figure.
struct DebtAnalysis {
  std::vector<ServicePathRule> rules;
  ServicePathMatcher matcher;
  DebtInputs inputs;
  DebtRuntime runtime;
  DebtUnitTree tree;
};

Status analyseDebt(Workspace& workspace, const DebtTableOptions& options, DebtAnalysis* analysis);

// A unit of the tree as a heatmap row (parent left at -1).
DebtRow debtRowOf(const DebtUnitNode& node);

// Whether `relative` (a path inside a service) lies in the unit `unitPath` ("" = the whole
// service; else the unit itself or below it).
bool insideUnit(const std::string& unitPath, const std::string& relative);

}  // namespace sightline
