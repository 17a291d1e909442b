#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"

namespace sightline {

class Workspace;

// Section 7 of the report, the tech-debt heatmap: the service rows of `sightline debt` (the
// GUI's Signals mode, loadDebtTable with the workspace's thresholds and its default choice of
// debt sources), ranked as the model ranks units. Debt data has no time window: the rows are
// of the whole workspace, with or without a baseline.
struct ReportDebt {
  DebtThresholds thresholds;            // the workspace's own, else the defaults
  std::vector<DebtRow> services;        // every service row, rankDebtRows() order
  std::size_t unmappedPaths = 0;        // paths of the inputs that no rule maps to a service
  std::vector<std::int64_t> sourceIds;  // the debt sources read
};

// The model's ranking: the highest score (runtime cost × debt) first, rows without a score
// after those with one, then by service and path.
void rankDebtRows(std::vector<DebtRow>& rows);

// Whether the workspace holds code-quality data (`debt_measures` or `debt_issues` rows); git
// history or CODEOWNERS alone make no heatmap.
bool hasDebtData(Workspace& workspace);

// Reads the heatmap; leaves `debt` empty when the workspace holds no debt data (no scan of
// the traces then).
Status readReportDebt(Workspace& workspace, std::optional<ReportDebt>* debt);

}  // namespace sightline
