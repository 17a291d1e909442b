#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/store/workspace.h"

namespace sightline {

// How the rows of a debt source are read when several sources of its kind are chosen.
enum class DebtSnapshotRule {
  PerTool,     // SARIF: the newest source of each tool (staticcheck and ESLint are two)
  PerPath,     // per-file reports (coverage, jscpd, cloc) and SonarQube answers (pages of one
               // component tree are one snapshot): each path from the newest source having it
  AllCommits,  // git history: every source, each commit counted once
  Newest,      // CODEOWNERS: the newest source
};

// A source that holds debt rows, with what tells its snapshots apart.
struct DebtSourceInfo {
  std::int64_t id = 0;
  std::string kind;  // sources.kind, the format id (sonarqube-json, sarif, go-coverprofile…)
  std::string path;
  std::string fileName;            // the last component of `path`
  std::vector<std::string> tools;  // SARIF: distinct debt_issues.tool, sorted
  bool hasMeasures = false;
  bool hasIssues = false;
  bool hasChanges = false;
  bool hasOwners = false;
};

DebtSnapshotRule debtSnapshotRule(const std::string& kind);
// SonarQube answers hold metric keys as SonarQube defines them (coverage %, counts at every
// level); every other kind gives Sightline's additive counts per file.
bool isSonarQubeKind(const std::string& kind);

// Every source with rows in a debt table, oldest first.
std::vector<DebtSourceInfo> listDebtSources(Workspace& workspace, Status* status);

// The sources to read: among `candidates` (all debt sources when `chosen` is empty, else
// those whose id is in `chosen`), the newest of each tool (SARIF; a newer SARIF file without
// results and with the file name of a tool's newest file replaces it: a clean run) and the
// newest CODEOWNERS; every per-file report, SonarQube answer and git history (their rows are
// narrowed per path and per commit when read). Sorted by id. In the result a SARIF source's
// `tools` are the tools to read from it (empty for a clean run).
std::vector<DebtSourceInfo> chooseDebtSources(const std::vector<DebtSourceInfo>& candidates,
                                              const std::vector<std::int64_t>& chosen);

}  // namespace sightline
