#include "model/report/report_debt.h"

#include <algorithm>
#include <tuple>

#include "model/debt/debt_threshold_settings.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"

namespace sightline {

void rankDebtRows(std::vector<DebtRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const DebtRow& a, const DebtRow& b) {
    const std::optional<double>& x = a.figures.score;
    const std::optional<double>& y = b.figures.score;
    if (x.has_value() != y.has_value())
      return x.has_value();
    if (x && *x != *y)
      return *x > *y;
    return std::tie(a.service, a.path) < std::tie(b.service, b.path);
  });
}

bool hasDebtData(Workspace& workspace) {
  // A workspace older than the debt tables has none (the statement does not prepare).
  StoreStatement query(workspace.db(),
                       "SELECT EXISTS (SELECT 1 FROM debt_measures) OR "
                       "EXISTS (SELECT 1 FROM debt_issues)");
  return query.valid() && query.step() && query.columnInt(0) != 0;
}

Status readReportDebt(Workspace& workspace, std::optional<ReportDebt>* debt) {
  debt->reset();
  if (!hasDebtData(workspace))
    return Status::ok();
  ReportDebt result;
  if (Status s = loadWorkspaceDebtThresholds(workspace, &result.thresholds); !s)
    return s;
  DebtTableOptions options;
  options.thresholds = result.thresholds;
  DebtTable table;
  if (Status s = loadDebtTable(workspace, options, &table); !s)
    return s;
  for (DebtRow& row : table.rows) {
    if (row.parent < 0)
      result.services.push_back(std::move(row));
  }
  rankDebtRows(result.services);
  result.unmappedPaths = table.unmappedPaths.size();
  result.sourceIds = std::move(table.sourceIds);
  *debt = std::move(result);
  return Status::ok();
}

}  // namespace sightline
