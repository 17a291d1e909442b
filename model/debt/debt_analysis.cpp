#include "model/debt/debt_analysis.h"

#include "model/debt/service_path_proposals.h"

namespace sightline {

Status analyseDebt(Workspace& workspace, const DebtTableOptions& options, DebtAnalysis* analysis) {
  Status status;
  analysis->rules = effectiveServicePathRules(workspace, &status);
  if (!status)
    return status;
  analysis->matcher = ServicePathMatcher(analysis->rules);
  if (Status s = loadDebtInputs(workspace, options.sourceIds, &analysis->inputs); !s)
    return s;
  if (Status s = scanDebtRuntime(workspace, analysis->matcher, &analysis->runtime); !s)
    return s;
  analysis->tree =
      buildDebtUnitTree(analysis->inputs, analysis->matcher, analysis->runtime.services(),
                        analysis->runtime.files(), options.churnWindowDays);
  addRuntimeFigures(analysis->tree, analysis->runtime, options.thresholds);
  return Status::ok();
}

DebtRow debtRowOf(const DebtUnitNode& node) {
  DebtRow row;
  row.service = node.service;
  row.path = node.path;
  row.kind = node.kind;
  row.figures = node.figures;
  row.owners = node.owners;
  return row;
}

bool insideUnit(const std::string& unitPath, const std::string& relative) {
  if (unitPath.empty() || relative == unitPath)
    return true;
  return relative.size() > unitPath.size() && relative.compare(0, unitPath.size(), unitPath) == 0 &&
         relative[unitPath.size()] == '/';
}

}  // namespace sightline
