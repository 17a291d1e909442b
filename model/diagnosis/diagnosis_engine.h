#pragma once

#include <atomic>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/diagnosis_rules.h"
#include "model/diagnosis/diagnosis_scope.h"
#include "model/diagnosis/endpoint_critical_path.h"
#include "model/diagnosis/finding.h"
#include "model/store/workspace.h"

namespace sightline {

// Timings of one run, for the benchmark and the CLI's --verbose.
struct DiagnosisTimings {
  double loadSpansMs = 0;
  double traceRulesMs = 0;
  double profileRulesMs = 0;
  double metricRulesMs = 0;
};

// Runs every enabled rule over everything in the workspace and returns the findings in
// sortFindings() order. Reads only; slow on big workspaces, so never on the GUI thread.
// `cancel`, when given and set, stops the run early (the result is then empty). With a
// scope, only what falls in it (diagnosis_scope.h). `criticalPaths`, when given, receives
// each endpoint's critical-path time per service (the report's section on it).
std::vector<Finding> runDiagnosis(Workspace& workspace, const DiagnosisRules& rules,
                                  Status* status = nullptr, DiagnosisTimings* timings = nullptr,
                                  const std::atomic<bool>* cancel = nullptr,
                                  const DiagnosisScope& scope = {},
                                  std::vector<EndpointCriticalPath>* criticalPaths = nullptr);

// Loads the rules a workspace uses: `rulesFile` when not empty, else the workspace's own
// (saveWorkspaceRulesJson), else the defaults.
DiagnosisRules effectiveDiagnosisRules(Workspace& workspace, const std::string& rulesFile,
                                       Status* status);

// Runs the diagnosis and stores it (read-write workspace): what import does after adding
// data.
Status refreshStoredFindings(Workspace& workspace, const DiagnosisRules& rules,
                             std::vector<Finding>* findings = nullptr);

}  // namespace sightline
