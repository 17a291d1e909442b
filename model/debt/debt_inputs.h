#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_records.h"
#include "model/debt/debt_sources.h"
#include "model/debt/debt_table.h"
#include "model/store/workspace.h"

namespace sightline {

// The rows of the chosen debt sources (chooseDebtSources), narrowed to one snapshot per
// tool: per-file reports keep each path's rows from the newest source that has the path,
// SARIF keeps each source's chosen tools, git history each commit once. Small enough to hold
// in memory (thousands of files, not millions of rows).
struct DebtMeasureInput {
  std::int64_t source = 0;
  bool sonarQube = false;  // a SonarQube answer (metric keys as SonarQube defines them)
  DebtUnitKind kind = DebtUnitKind::File;
  std::string path;
  std::string symbol;
  std::uint32_t line = 0;
  std::string metric;
  double value = 0;
};

struct DebtIssueInput {
  std::int64_t source = 0;
  DebtIssueRow row;
  bool vulnerability = false;  // a security severity or a "security" tag
};

struct DebtChangeInput {
  std::string commit;
  std::int64_t timeNs = 0;
  std::string path;
};

struct DebtOwnerInput {
  std::string pattern;
  std::vector<std::string> owners;
};

struct DebtInputs {
  std::vector<DebtSourceInfo> sources;  // the sources read
  std::vector<DebtMeasureInput> measures;
  std::vector<DebtIssueInput> issues;
  std::vector<DebtChangeInput> changes;  // one row per (commit, path)
  std::vector<DebtOwnerInput> owners;    // CODEOWNERS rules in file order
  bool sarifRead = false;                // at least one SARIF source (even a clean one)
  bool historyRead = false;              // at least one git history
};

// Reads the debt sources `chosen` (empty: the default choice) of the workspace.
Status loadDebtInputs(Workspace& workspace, const std::vector<std::int64_t>& chosen,
                      DebtInputs* inputs);

// Whether a SARIF result counts as a vulnerability (docs/SCHEMA.md): it has a security
// severity or a "security" tag (also "security/…" or "external/cwe/…" tags).
bool isVulnerabilityIssue(const std::optional<double>& securitySeverity,
                          const std::vector<std::string>& tags);

}  // namespace sightline
