#pragma once

#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/diagnosis_rules.h"
#include "model/diagnosis/diagnosis_scope.h"
#include "model/diagnosis/finding.h"
#include "model/store/workspace.h"

namespace sightline {

// The metric rules over the Prometheus snapshots: slo-burn (error-ratio burn rates per job,
// and histograms whose p99 is over the latency budget), saturation (connection pools, node
// CPU) and process-restart (process_start_time_seconds changed: counters reset). Only the
// points taken in `scope` are read.
std::vector<Finding> runMetricRules(Workspace& workspace, const DiagnosisRules& rules,
                                    Status* status, const DiagnosisScope& scope = {});

// Ties metric findings to trace findings about the same thing: a latency histogram named
// after a slow operation becomes evidence of it; an error burn of a service whose trace
// errors all start elsewhere is lowered to medium and says where they start.
void linkMetricEvidence(std::vector<Finding>& findings, const std::vector<Finding>& metricFindings);

}  // namespace sightline
