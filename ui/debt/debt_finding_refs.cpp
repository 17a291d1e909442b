#include "ui/debt/debt_finding_refs.h"

#include "model/store/sql_query.h"

namespace sightline {

namespace {

std::int64_t integer(const SqlValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value.value))
    return *i;
  return 0;
}

std::string text(const SqlValue& value) {
  if (const auto* s = std::get_if<std::string>(&value.value))
    return *s;
  return {};
}

}  // namespace

std::vector<DebtFindingRef> findDebtFindings(const QString& workspacePath,
                                             const std::vector<std::int64_t>& ids, QString* error) {
  std::vector<DebtFindingRef> findings;
  if (ids.empty())
    return findings;
  // Integers only: the list is safe to write into the statement.
  std::string list;
  for (const std::int64_t id : ids) {
    if (!list.empty())
      list += ',';
    list += std::to_string(id);
  }
  const SqlResult result = runReadOnlyQuery(
      workspacePath.toStdString(),
      "SELECT id, rule, severity, title, coalesce(service, '') FROM findings WHERE id IN (" + list +
          ") ORDER BY rank",
      0);
  if (!result.error.empty()) {
    if (error)
      *error = QString::fromStdString(result.error);
    return findings;
  }
  for (const auto& row : result.rows) {
    if (row.size() == 5)
      findings.push_back({integer(row[0]), text(row[1]), text(row[2]), text(row[3]), text(row[4])});
  }
  return findings;
}

}  // namespace sightline
