#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/endpoint_critical_path.h"
#include "model/diagnosis/finding.h"
#include "model/store/workspace.h"

namespace sightline {

// What a stored set of findings was computed from: the imported sources at the time (so
// that a later import makes them stale) and the rules.
struct DiagnosisRunInfo {
  std::string sourcesSignature;  // diagnosisSourcesSignature() when the run started
  std::string rulesJson;         // the effective rules, as JSON
  std::int64_t computedAtUnixMs = 0;
  std::int64_t elapsedMs = 0;
  // The endpoints' critical-path figures of the run (kept in workspace_settings under
  // kCriticalPathsSetting); empty when a run stored none (an older Sightline's).
  std::vector<EndpointCriticalPath> criticalPaths;
};

inline constexpr const char* kCriticalPathsSetting = "diagnosis.critical_paths";

// A cheap fingerprint of the workspace's imported data: the sources' ids and row count.
std::string diagnosisSourcesSignature(Workspace& workspace, Status* status = nullptr);

// Replaces the stored findings and the run info in one transaction. Needs a read-write
// workspace.
Status saveFindings(Workspace& workspace, const std::vector<Finding>& findings,
                    const DiagnosisRunInfo& run);

// The stored findings, in sortFindings() order; empty when none were stored.
std::vector<Finding> loadFindings(Workspace& workspace, Status* status = nullptr);

// The stored run, or nullopt when the findings were never computed.
std::optional<DiagnosisRunInfo> loadDiagnosisRun(Workspace& workspace, Status* status = nullptr);

// Per-workspace rules (JSON, as the --rules file); empty when the workspace keeps none.
std::string loadWorkspaceRulesJson(Workspace& workspace, Status* status = nullptr);
Status saveWorkspaceRulesJson(Workspace& workspace, const std::string& json);

}  // namespace sightline
