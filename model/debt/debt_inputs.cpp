#include "model/debt/debt_inputs.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"

namespace sightline {

namespace {

std::string idList(const std::vector<DebtSourceInfo>& sources,
                   bool (*wanted)(const DebtSourceInfo&)) {
  std::string list;
  for (const DebtSourceInfo& source : sources) {
    if (!wanted(source))
      continue;
    if (!list.empty())
      list += ',';
    list += std::to_string(source.id);
  }
  return list;
}

const DebtSourceInfo* findSource(const std::vector<DebtSourceInfo>& sources, std::int64_t id) {
  for (const DebtSourceInfo& source : sources) {
    if (source.id == id)
      return &source;
  }
  return nullptr;
}

Status readMeasures(sqlite3* db, const std::vector<DebtSourceInfo>& sources, DebtInputs* inputs) {
  const std::string ids = idList(sources, [](const DebtSourceInfo& s) { return s.hasMeasures; });
  if (ids.empty())
    return Status::ok();
  StoreStatement query(db,
                       "SELECT source_id, kind, path, coalesce(symbol, ''), coalesce(line, 0), "
                       "metric, value FROM debt_measures WHERE source_id IN (" +
                           ids + ") ORDER BY source_id");
  std::vector<DebtMeasureInput> rows;
  // Per-file reports: each (kind of report, unit, metric) from the newest source having it.
  // Only kinds read from several sources need the bookkeeping.
  std::map<std::string, int> sourcesOfKind;
  for (const DebtSourceInfo& source : sources) {
    if (source.hasMeasures && debtSnapshotRule(source.kind) == DebtSnapshotRule::PerPath)
      ++sourcesOfKind[source.kind];
  }
  auto narrowed = [&sourcesOfKind](const DebtSourceInfo& source) {
    auto it = sourcesOfKind.find(source.kind);
    return it != sourcesOfKind.end() && it->second > 1;
  };
  std::unordered_map<std::string, std::int64_t> newest;
  auto keyOf = [](const DebtSourceInfo& source, const DebtMeasureInput& row) {
    return source.kind + '\n' + debtUnitKindName(row.kind) + '\n' + row.path + '\n' + row.symbol +
           '\n' + row.metric;
  };
  while (query.step()) {
    DebtMeasureInput row;
    row.source = query.columnInt(0);
    const DebtSourceInfo* source = findSource(sources, row.source);
    const auto kind = debtUnitKindFromName(query.columnText(1));
    if (!source || !kind)
      continue;
    row.sonarQube = isSonarQubeKind(source->kind);
    row.kind = *kind;
    row.path = query.columnText(2);
    row.symbol = query.columnText(3);
    row.line = static_cast<std::uint32_t>(query.columnInt(4));
    row.metric = query.columnText(5);
    row.value = query.columnDouble(6);
    if (narrowed(*source))
      newest[keyOf(*source, row)] = row.source;  // rows come in source order
    rows.push_back(std::move(row));
  }
  if (!query.ok())
    return Status::error("workspace: cannot read the debt measures: " + lastSqliteError(db));
  if (newest.empty()) {
    inputs->measures = std::move(rows);
    return Status::ok();
  }
  for (DebtMeasureInput& row : rows) {
    const DebtSourceInfo* source = findSource(sources, row.source);
    if (narrowed(*source) && newest[keyOf(*source, row)] != row.source)
      continue;
    inputs->measures.push_back(std::move(row));
  }
  return Status::ok();
}

Status readIssues(sqlite3* db, const std::vector<DebtSourceInfo>& sources, DebtInputs* inputs) {
  const std::string ids = idList(sources, [](const DebtSourceInfo& s) { return s.hasIssues; });
  if (ids.empty())
    return Status::ok();
  StoreStatement query(db,
                       "SELECT source_id, tool, rule_id, level, security_severity, tags, path, "
                       "coalesce(line, 0), message FROM debt_issues WHERE source_id IN (" +
                           ids + ") ORDER BY id");
  while (query.step()) {
    DebtIssueInput issue;
    issue.source = query.columnInt(0);
    const DebtSourceInfo* source = findSource(sources, issue.source);
    issue.row.tool = query.columnText(1);
    if (!source || std::find(source->tools.begin(), source->tools.end(), issue.row.tool) ==
                       source->tools.end())
      continue;  // a tool whose newer snapshot is read from another source
    issue.row.ruleId = query.columnText(2);
    issue.row.level = query.columnText(3);
    if (!query.columnIsNull(4))
      issue.row.securitySeverity = query.columnDouble(4);
    const std::vector<std::string> tags = decodeStringListJson(query.columnText(5));
    issue.row.path = query.columnText(6);
    issue.row.line = static_cast<std::uint32_t>(query.columnInt(7));
    issue.row.message = query.columnText(8);
    issue.vulnerability = isVulnerabilityIssue(issue.row.securitySeverity, tags);
    inputs->issues.push_back(std::move(issue));
  }
  if (!query.ok())
    return Status::error("workspace: cannot read the static-analysis results: " +
                         lastSqliteError(db));
  return Status::ok();
}

Status readChanges(sqlite3* db, const std::vector<DebtSourceInfo>& sources, DebtInputs* inputs) {
  const std::string ids = idList(sources, [](const DebtSourceInfo& s) { return s.hasChanges; });
  if (ids.empty())
    return Status::ok();
  StoreStatement query(db,
                       "SELECT DISTINCT commit_id, time_ns, path FROM debt_changes WHERE "
                       "source_id IN (" +
                           ids + ")");
  std::set<std::pair<std::string, std::string>> seen;  // two histories of one repository
  while (query.step()) {
    DebtChangeInput change{query.columnText(0), query.columnInt(1), query.columnText(2)};
    if (seen.emplace(change.commit, change.path).second)
      inputs->changes.push_back(std::move(change));
  }
  if (!query.ok())
    return Status::error("workspace: cannot read the commit history: " + lastSqliteError(db));
  return Status::ok();
}

Status readOwners(sqlite3* db, const std::vector<DebtSourceInfo>& sources, DebtInputs* inputs) {
  const std::string ids = idList(sources, [](const DebtSourceInfo& s) { return s.hasOwners; });
  if (ids.empty())
    return Status::ok();
  StoreStatement query(db, "SELECT pattern, owners FROM code_owners WHERE source_id IN (" + ids +
                               ") ORDER BY source_id, seq");
  while (query.step())
    inputs->owners.push_back({query.columnText(0), decodeStringListJson(query.columnText(1))});
  if (!query.ok())
    return Status::error("workspace: cannot read CODEOWNERS: " + lastSqliteError(db));
  return Status::ok();
}

}  // namespace

bool isVulnerabilityIssue(const std::optional<double>& securitySeverity,
                          const std::vector<std::string>& tags) {
  if (securitySeverity)
    return true;
  for (const std::string& tag : tags) {
    std::string lower = tag;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "security" || lower.rfind("security/", 0) == 0 ||
        lower.rfind("external/cwe", 0) == 0)
      return true;
  }
  return false;
}

Status loadDebtInputs(Workspace& workspace, const std::vector<std::int64_t>& chosen,
                      DebtInputs* inputs) {
  *inputs = DebtInputs{};
  Status status;
  const std::vector<DebtSourceInfo> all = listDebtSources(workspace, &status);
  if (!status)
    return status;
  for (std::int64_t id : chosen) {
    const bool known =
        std::any_of(all.begin(), all.end(), [id](const DebtSourceInfo& s) { return s.id == id; });
    if (!known)
      return Status::error("source " + std::to_string(id) + " holds no code-quality data");
  }
  inputs->sources = chooseDebtSources(all, chosen);
  for (const DebtSourceInfo& source : inputs->sources) {
    if (source.kind == "sarif")
      inputs->sarifRead = true;
    if (source.hasChanges)
      inputs->historyRead = true;
  }
  sqlite3* db = workspace.db();
  if (Status s = readMeasures(db, inputs->sources, inputs); !s)
    return s;
  if (Status s = readIssues(db, inputs->sources, inputs); !s)
    return s;
  if (Status s = readChanges(db, inputs->sources, inputs); !s)
    return s;
  return readOwners(db, inputs->sources, inputs);
}

}  // namespace sightline
