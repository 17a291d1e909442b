#include "model/debt/debt_sources.h"

#include <algorithm>
#include <map>
#include <set>

#include "model/store/store_statement.h"

namespace sightline {

DebtSnapshotRule debtSnapshotRule(const std::string& kind) {
  if (kind == "sarif")
    return DebtSnapshotRule::PerTool;
  if (kind == "git-numstat")
    return DebtSnapshotRule::AllCommits;
  if (kind == "codeowners")
    return DebtSnapshotRule::Newest;
  return DebtSnapshotRule::PerPath;
}

bool isSonarQubeKind(const std::string& kind) {
  return kind.rfind("sonarqube", 0) == 0;
}

std::vector<DebtSourceInfo> listDebtSources(Workspace& workspace, Status* status) {
  sqlite3* db = workspace.db();
  std::map<std::int64_t, DebtSourceInfo> sources;
  auto fail = [&](const char* what) {
    if (status)
      *status =
          Status::error(std::string("workspace: cannot read ") + what + ": " + lastSqliteError(db));
    return std::vector<DebtSourceInfo>{};
  };
  auto mark = [&](const char* sql, bool DebtSourceInfo::*flag) {
    StoreStatement query(db, sql);
    while (query.step())
      sources[query.columnInt(0)].*flag = true;
    return query.ok();
  };
  if (!mark("SELECT DISTINCT source_id FROM debt_measures", &DebtSourceInfo::hasMeasures) ||
      !mark("SELECT DISTINCT source_id FROM debt_issues", &DebtSourceInfo::hasIssues) ||
      !mark("SELECT DISTINCT source_id FROM debt_changes", &DebtSourceInfo::hasChanges) ||
      !mark("SELECT DISTINCT source_id FROM code_owners", &DebtSourceInfo::hasOwners)) {
    return fail("the debt tables");
  }
  // SARIF files with no result at all still count (a clean run): their kind says so.
  {
    StoreStatement query(db, "SELECT id FROM sources WHERE kind = 'sarif'");
    while (query.step())
      sources.try_emplace(query.columnInt(0));
    if (!query.ok())
      return fail("the sources");
  }
  {
    StoreStatement query(db, "SELECT id, kind, path FROM sources");
    while (query.step()) {
      auto it = sources.find(query.columnInt(0));
      if (it == sources.end())
        continue;
      it->second.id = it->first;
      it->second.kind = query.columnText(1);
      it->second.path = query.columnText(2);
      const std::size_t slash = it->second.path.find_last_of("/\\");
      it->second.fileName =
          slash == std::string::npos ? it->second.path : it->second.path.substr(slash + 1);
    }
    if (!query.ok())
      return fail("the sources");
  }
  {
    StoreStatement query(db, "SELECT DISTINCT source_id, tool FROM debt_issues ORDER BY 1, 2");
    while (query.step())
      sources[query.columnInt(0)].tools.push_back(query.columnText(1));
    if (!query.ok())
      return fail("the static-analysis results");
  }
  std::vector<DebtSourceInfo> list;
  for (auto& [id, info] : sources) {
    if (info.id != 0)  // rows of a source that no longer exists are not read
      list.push_back(std::move(info));
  }
  return list;
}

std::vector<DebtSourceInfo> chooseDebtSources(const std::vector<DebtSourceInfo>& candidates,
                                              const std::vector<std::int64_t>& chosen) {
  std::vector<const DebtSourceInfo*> pool;
  for (const DebtSourceInfo& info : candidates) {
    if (chosen.empty() || std::find(chosen.begin(), chosen.end(), info.id) != chosen.end())
      pool.push_back(&info);
  }
  // Candidates are in id order, so a later one is the newer import.
  std::map<std::string, const DebtSourceInfo*> newestOfTool;
  std::map<std::string, const DebtSourceInfo*> newestOfKind;
  std::vector<const DebtSourceInfo*> cleanSarif;
  std::vector<DebtSourceInfo> result;
  for (const DebtSourceInfo* info : pool) {
    switch (debtSnapshotRule(info->kind)) {
      case DebtSnapshotRule::PerTool:
        if (info->tools.empty())
          cleanSarif.push_back(info);
        for (const std::string& tool : info->tools)
          newestOfTool[tool] = info;
        break;
      case DebtSnapshotRule::Newest:
        newestOfKind[info->kind] = info;
        break;
      case DebtSnapshotRule::PerPath:
      case DebtSnapshotRule::AllCommits:
        result.push_back(*info);
        break;
    }
  }
  // A tool's results are read from its newest file, unless a newer file of the same name
  // came without any result: the tool was run again and found nothing.
  std::map<std::int64_t, std::vector<std::string>> toolsOf;
  std::set<std::int64_t> cleanChosen;
  for (const auto& [tool, info] : newestOfTool) {
    const DebtSourceInfo* clean = nullptr;
    for (const DebtSourceInfo* candidate : cleanSarif) {
      if (candidate->id > info->id && candidate->fileName == info->fileName)
        clean = candidate;
    }
    if (clean)
      cleanChosen.insert(clean->id);
    else
      toolsOf[info->id].push_back(tool);
  }
  // A clean run that replaces nothing is read as well: it says the code was analysed.
  for (const DebtSourceInfo* candidate : cleanSarif) {
    bool replacesOlder = false;
    for (const DebtSourceInfo* info : pool) {
      if (info->kind == "sarif" && !info->tools.empty() && info->id < candidate->id &&
          info->fileName == candidate->fileName)
        replacesOlder = true;
    }
    if (!replacesOlder || cleanChosen.count(candidate->id))
      cleanChosen.insert(candidate->id);
  }
  for (const DebtSourceInfo* info : pool) {
    if (info->kind != "sarif")
      continue;
    if (auto it = toolsOf.find(info->id); it != toolsOf.end()) {
      DebtSourceInfo copy = *info;
      copy.tools = it->second;
      result.push_back(std::move(copy));
    } else if (cleanChosen.count(info->id)) {
      result.push_back(*info);
    }
  }
  for (const auto& [kind, info] : newestOfKind)
    result.push_back(*info);
  std::sort(result.begin(), result.end(),
            [](const DebtSourceInfo& a, const DebtSourceInfo& b) { return a.id < b.id; });
  return result;
}

}  // namespace sightline
