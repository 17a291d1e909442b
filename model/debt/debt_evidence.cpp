// What a heatmap cell stands on (loadDebtEvidence).
#include <algorithm>

#include "model/debt/debt_analysis.h"
#include "model/debt/hot_untested.h"
#include "model/profiles/call_tree.h"

namespace sightline {

Status loadDebtEvidence(Workspace& workspace, const DebtTableOptions& options,
                        const std::string& service, const std::string& unitPath,
                        DebtEvidence* evidence) {
  // "." is cost × debt's name for the service's root package: the whole service here.
  const std::string path = unitPath == "." ? std::string() : unitPath;
  DebtAnalysis analysis;
  if (Status s = analyseDebt(workspace, options, &analysis); !s)
    return s;
  *evidence = DebtEvidence{};
  const DebtUnitTree& tree = analysis.tree;
  const int unit = tree.find(service, path);
  if (unit < 0) {
    return Status::error("no code unit \"" + path + "\" in service \"" + service +
                         "\" (sightline debt --files lists them)");
  }
  for (int node : tree.subtree(unit)) {
    const DebtUnitNode& n = tree.nodes[static_cast<std::size_t>(node)];
    if (n.kind == DebtUnitKind::File)
      evidence->files.push_back(debtRowOf(n));
  }
  for (const DebtIssueInput& issue : analysis.inputs.issues) {
    const auto match = analysis.matcher.match(issue.row.path);
    if (match && match->service == service && insideUnit(path, match->relative))
      evidence->issues.push_back(issue.row);
  }
  std::stable_sort(evidence->issues.begin(), evidence->issues.end(),
                   [](const DebtIssueRow& a, const DebtIssueRow& b) {
                     if (a.securitySeverity.has_value() != b.securitySeverity.has_value())
                       return a.securitySeverity.has_value();
                     if (a.path != b.path)
                       return a.path < b.path;
                     return a.line < b.line;
                   });
  for (HotUntestedFunction& hot : hotUntestedFunctions(analysis, options)) {
    if (hot.service == service && insideUnit(path, hot.file))
      evidence->hotUntested.push_back(std::move(hot));
  }
  for (const DebtFindingRow& finding : analysis.runtime.findings.rows) {
    if (finding.service != service)
      continue;
    if (!path.empty()) {
      const auto [where, relative] = analysis.runtime.locationOf(finding.function);
      if (where != service || !insideUnit(path, relative))
        continue;
    }
    evidence->findingIds.push_back(finding.id);
  }
  // The profile where the unit spends most, focused on its hottest function (a file) or on
  // that function's package (a directory or service).
  double best = 0;
  for (const DebtCpuProfile& profile : analysis.runtime.cpu.profiles) {
    double inUnit = 0;
    std::size_t hottest = SIZE_MAX;
    for (std::size_t f = 0; f < profile.functions.size(); ++f) {
      const DebtCpuFunction& function = profile.functions[f];
      if (function.service != service || !insideUnit(path, function.relative) ||
          profile.own[f] <= 0)
        continue;
      inUnit += profile.own[f];
      if (hottest == SIZE_MAX || profile.own[f] > profile.own[hottest])
        hottest = f;
    }
    if (inUnit > best) {
      best = inUnit;
      evidence->profileId = profile.id;
      const std::string& name = profile.functions[hottest].name;
      const int node = tree.find(service, path);
      const bool file =
          node >= 0 && tree.nodes[static_cast<std::size_t>(node)].kind == DebtUnitKind::File;
      evidence->focus = file ? name : packageOfFunction(name);
    }
  }
  return Status::ok();
}

}  // namespace sightline
