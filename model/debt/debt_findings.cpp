#include "model/debt/debt_findings.h"

#include <algorithm>

#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"

namespace sightline {

Status loadDebtFindings(Workspace& workspace, DebtFindings* findings) {
  *findings = DebtFindings{};
  sqlite3* db = workspace.db();
  {
    StoreStatement query(db, "SELECT EXISTS(SELECT 1 FROM diagnosis_runs)");
    findings->diagnosed = query.step() && query.columnInt(0) != 0;
  }
  StoreStatement query(db,
                       "SELECT id, rule, severity, coalesce(service, ''), coalesce(operation, "
                       "''), coalesce(function, ''), impact_ns, impact_per_request_ns, "
                       "trace_ids FROM findings ORDER BY rank, id");
  while (query.step()) {
    DebtFindingRow row;
    row.id = query.columnInt(0);
    row.rule = query.columnText(1);
    row.severity = parseSeverity(query.columnText(2)).value_or(Severity::Low);
    row.service = query.columnText(3);
    row.operation = query.columnText(4);
    row.function = query.columnText(5);
    row.impactNs = static_cast<std::uint64_t>(std::max<std::int64_t>(0, query.columnInt(6)));
    row.impactPerRequestNs =
        static_cast<std::uint64_t>(std::max<std::int64_t>(0, query.columnInt(7)));
    row.traceIds = decodeStringListJson(query.columnText(8));
    findings->rows.push_back(std::move(row));
  }
  if (!query.ok())
    return Status::error("workspace: cannot read the findings: " + lastSqliteError(db));
  findings->diagnosed = findings->diagnosed || !findings->rows.empty();
  return Status::ok();
}

double findingDebt(const DebtFindingRow& finding, std::uint64_t impactNs, double referenceNs) {
  double weight = 0.1;
  switch (finding.severity) {
    case Severity::Critical:
      weight = 1;
      break;
    case Severity::High:
      weight = 0.6;
      break;
    case Severity::Medium:
      weight = 0.3;
      break;
    case Severity::Low:
      weight = 0.1;
      break;
  }
  const double saved =
      referenceNs > 0 ? std::min(1.0, static_cast<double>(impactNs) / referenceNs) : 0;
  const bool regression = finding.rule.find("regression") != std::string::npos;
  return weight * (1 + saved) + (regression ? 0.5 : 0);
}

}  // namespace sightline
