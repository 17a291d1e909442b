#pragma once

#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/diagnosis_rules.h"
#include "model/diagnosis/diagnosis_scope.h"
#include "model/diagnosis/finding.h"
#include "model/diagnosis/span_table.h"
#include "model/store/workspace.h"

namespace sightline {

// The profile rules: cpu-hotspot, waiting-not-computing (CPU samples joined to spans through
// their span_id labels, pointed at the mutex, block and goroutine profiles), goroutine-pileup
// and profile-regression. `spans` is the workspace's span table (for the span joins); only
// the profiles whose time overlaps `scope` are read.
std::vector<Finding> runProfileRules(Workspace& workspace, const DiagnosisSpanTable& spans,
                                     const DiagnosisRules& rules, Status* status,
                                     const DiagnosisScope& scope = {});

}  // namespace sightline
