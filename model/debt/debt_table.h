#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/debt/debt_records.h"
#include "model/debt/debt_thresholds.h"

namespace sightline {

class Workspace;

// The figures of one code unit (a service, a directory or package, a file). A figure the
// inputs do not give is absent (`std::nullopt`), never 0: "no coverage report" is not "0 %
// covered". Percentages are 0–100 as SonarQube gives them; shares are 0–1.
struct DebtFigures {
  std::optional<double> coverage;              // statement/line coverage, %
  std::optional<double> duplication;           // duplicated lines, %
  std::optional<double> vulnerabilities;       // count
  std::optional<double> vulnerabilityDensity;  // per 1,000 lines of code
  std::optional<double> ncloc;                 // lines of code
  std::optional<double>
      codeSmells;  // count (SonarQube's, else SARIF results that are no vulnerabilities)
  std::optional<double> debtMinutes;  // SonarQube's sqale_index
  std::optional<double> churn;        // commits touching the unit in the churn window
  // Runtime (services only; absent for directories and files unless the inputs say):
  std::optional<std::uint64_t> p99Ns;       // p99 of the service's entry spans
  std::optional<double> errorRate;          // error spans / spans of the service
  std::optional<double> criticalPathShare;  // the service's share of all traces' critical paths
  std::optional<double> cpuShare;           // share of profiled CPU spent in the unit's code
  std::optional<std::uint64_t> findings;    // diagnosis findings about the unit
  // Added: those of severity high or critical (what DebtThresholds::maxFindings limits).
  std::optional<std::uint64_t> severeFindings;
  std::optional<double> score;  // runtime cost × debt (debt.md), for ranking
};

// One row of the heatmap: a service, or inside it a directory/package or a file.
struct DebtRow {
  std::string service;
  std::string
      path;  // "" for a service row; else the directory or file, relative to the service's prefix
  DebtUnitKind kind = DebtUnitKind::Project;  // Project for a service row
  int parent = -1;                            // index of the parent row, -1 for services
  DebtFigures figures;
  // Added: the CODEOWNERS owners of the unit (a service: of its rule's prefix), empty when
  // no CODEOWNERS file was imported or no rule matches.
  std::vector<std::string> owners;
};

// A code → service rule (`service_paths`).
struct ServicePathRule {
  std::string prefix;
  std::string service;
  std::string origin;  // "user", or what proposed it: "span-attribute", "profile-file", …
};

// The heatmap of a workspace: service rows first (in service order), each followed by its
// descendants depth-first; plus the rules that made it and what no rule maps.
struct DebtTable {
  std::vector<DebtRow> rows;
  std::vector<ServicePathRule> rules;
  std::vector<std::string> unmappedPaths;  // paths of debt inputs that no rule maps, sorted
  // The debt sources read (docs/DEBT.md "One snapshot per tool"), by id.
  std::vector<std::int64_t> sourceIds;
};

struct DebtTableOptions {
  DebtThresholds thresholds;
  // The debt sources to read; empty = the default choice (docs/DEBT.md "One snapshot per
  // tool": per-file reports and SonarQube answers each path from the newest import that has
  // it, SARIF the newest file of each tool, every git history, the newest CODEOWNERS). The
  // same rules apply among chosen sources.
  std::vector<std::int64_t> sourceIds;
  // Churn window, ending at the newest commit of the history.
  std::int64_t churnWindowDays = 90;
  // Added: "hot and untested" lists functions with at least this share of their service's
  // CPU; a cost × debt cell backed by fewer traces and fewer samples than these is sparse.
  double hotMinShare = 0.01;
  std::uint32_t sparseTraces = 5;
  std::uint32_t sparseSamples = 10;
};

// Reads the debt inputs, the code → service rules and the runtime signals of a workspace
// into the heatmap. Runs on a worker: it scans spans and profiles.
Status loadDebtTable(Workspace& workspace, const DebtTableOptions& options, DebtTable* table);

// Cost × debt (docs/DEBT.md): rows = code units (packages/files, from span `code.*`
// attributes and profile frames), columns = entry points (service + root operation).
struct CostDebtCell {
  int unit = 0;      // index into CostDebtMatrix::units
  int entry = 0;     // index into CostDebtMatrix::entries
  double cost = 0;   // traffic share × (critical-path and CPU share inside the unit)
  double debt = 1;   // 1 + findings weighted by severity and time saved + regression + error ratio
  double score = 0;  // cost × debt
  double percentile = 0;  // rank of the score among all cells, 0–1 (the colour)
  bool sparse = false;    // too little data: hatched
};

struct CostDebtUnit {
  std::string service;
  std::string path;  // package or file
  std::optional<double> coverage;
};

struct CostDebtMatrix {
  std::vector<CostDebtUnit> units;
  std::vector<std::string> entries;  // "service operation"
  std::vector<CostDebtCell> cells;   // only cells with a cost
};

Status loadCostDebtMatrix(Workspace& workspace, const DebtTableOptions& options,
                          CostDebtMatrix* matrix);

// "Hot and untested": functions with a high CPU or critical-path share in files with low
// coverage, ranked by share × (1 − coverage).
struct HotUntestedFunction {
  std::string service;
  std::string file;
  std::string function;
  double cpuShare = 0;                      // of its service's profiled CPU, 0–1
  std::optional<double> criticalPathShare;  // when spans name it (code.function)
  std::optional<double> coverage;           // the function's (cover -func) or else its file's, %
  std::int64_t profileId = 0;               // the profile to focus, 0 when none
  double rank = 0;
};

Status loadHotUntested(Workspace& workspace, const DebtTableOptions& options,
                       std::vector<HotUntestedFunction>* functions);

// What a cell stands on: the files of the unit with their figures, the static-analysis
// results, the uncovered hot functions and the findings.
struct DebtIssueRow {
  std::string tool;
  std::string ruleId;
  std::string level;
  std::optional<double> securitySeverity;
  std::string path;
  std::uint32_t line = 0;
  std::string message;
};

struct DebtEvidence {
  std::vector<DebtRow> files;
  std::vector<DebtIssueRow> issues;
  std::vector<HotUntestedFunction> hotUntested;
  std::vector<std::int64_t> findingIds;  // → findings.id
  std::int64_t profileId = 0;            // a profile to open focused on the unit, 0 when none
  std::string focus;                     // the function or package name to focus the flame graph on
};

Status loadDebtEvidence(Workspace& workspace, const DebtTableOptions& options,
                        const std::string& service, const std::string& path,
                        DebtEvidence* evidence);

// Two debt snapshots (e.g. before and after a testing push): each side is a set of debt
// sources; per service the figures of both and their change.
struct DebtServiceChange {
  std::string service;
  DebtFigures baseline;
  DebtFigures target;
};

Status compareDebt(Workspace& workspace, const std::vector<std::int64_t>& baselineSources,
                   const std::vector<std::int64_t>& targetSources,
                   std::vector<DebtServiceChange>* changes);

// The rules: proposed ones are stored after each debt import (never over a user rule);
// the user's replace all user rules at once.
Status loadServicePathRules(Workspace& workspace, std::vector<ServicePathRule>* rules);
Status saveUserServicePathRules(Workspace& workspace, const std::vector<ServicePathRule>& rules);
Status proposeServicePathRules(Workspace& workspace);

}  // namespace sightline
