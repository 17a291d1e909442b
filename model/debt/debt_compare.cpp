// Two debt snapshots side by side (compareDebt): the code figures per service of each set of
// sources. The runtime figures are left out: spans and profiles are not snapshots of the code.
#include <map>
#include <set>

#include "model/debt/debt_inputs.h"
#include "model/debt/debt_unit_figures.h"
#include "model/debt/service_path_proposals.h"
#include "model/debt/service_path_rules.h"

namespace sightline {

namespace {

Status serviceFigures(Workspace& workspace, const ServicePathMatcher& rules,
                      const std::vector<std::int64_t>& sources,
                      std::map<std::string, DebtFigures>* figures) {
  DebtInputs inputs;
  if (Status s = loadDebtInputs(workspace, sources, &inputs); !s)
    return s;
  const DebtTableOptions defaults;
  const DebtUnitTree tree = buildDebtUnitTree(inputs, rules, {}, {}, defaults.churnWindowDays);
  for (const auto& [service, node] : tree.services)
    (*figures)[service] = tree.nodes[static_cast<std::size_t>(node)].figures;
  return Status::ok();
}

}  // namespace

Status compareDebt(Workspace& workspace, const std::vector<std::int64_t>& baselineSources,
                   const std::vector<std::int64_t>& targetSources,
                   std::vector<DebtServiceChange>* changes) {
  if (baselineSources.empty() || targetSources.empty())
    return Status::error("comparing debt needs at least one source on each side");
  Status status;
  const ServicePathMatcher rules(effectiveServicePathRules(workspace, &status));
  if (!status)
    return status;
  std::map<std::string, DebtFigures> baseline;
  std::map<std::string, DebtFigures> target;
  if (Status s = serviceFigures(workspace, rules, baselineSources, &baseline); !s)
    return Status::error("baseline: " + s.message());
  if (Status s = serviceFigures(workspace, rules, targetSources, &target); !s)
    return Status::error("target: " + s.message());
  std::set<std::string> services;
  for (const auto& [service, figures] : baseline)
    services.insert(service);
  for (const auto& [service, figures] : target)
    services.insert(service);
  changes->clear();
  for (const std::string& service : services) {
    DebtServiceChange change;
    change.service = service;
    if (auto it = baseline.find(service); it != baseline.end())
      change.baseline = it->second;
    if (auto it = target.find(service); it != target.end())
      change.target = it->second;
    changes->push_back(std::move(change));
  }
  return Status::ok();
}

}  // namespace sightline
