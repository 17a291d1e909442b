#include "model/debt/debt_table.h"

#include "model/debt/debt_analysis.h"

namespace sightline {

Status loadDebtTable(Workspace& workspace, const DebtTableOptions& options, DebtTable* table) {
  DebtAnalysis analysis;
  if (Status s = analyseDebt(workspace, options, &analysis); !s)
    return s;
  *table = DebtTable{};
  const DebtUnitTree& tree = analysis.tree;
  // Services in name order, each followed by its directories and files depth-first.
  for (const auto& [service, root] : tree.services) {
    std::vector<int> rowOf(tree.nodes.size(), -1);
    for (int node : tree.subtree(root)) {
      const DebtUnitNode& unit = tree.nodes[static_cast<std::size_t>(node)];
      DebtRow row = debtRowOf(unit);
      row.parent = unit.parent >= 0 ? rowOf[static_cast<std::size_t>(unit.parent)] : -1;
      rowOf[static_cast<std::size_t>(node)] = static_cast<int>(table->rows.size());
      table->rows.push_back(std::move(row));
    }
  }
  table->rules = std::move(analysis.rules);
  table->unmappedPaths = tree.unmappedPaths;
  for (const DebtSourceInfo& source : analysis.inputs.sources)
    table->sourceIds.push_back(source.id);
  return Status::ok();
}

}  // namespace sightline
