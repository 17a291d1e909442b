#pragma once

#include "model/common/status.h"
#include "model/debt/debt_thresholds.h"
#include "model/store/workspace.h"

namespace sightline {

// The `workspace_settings` key of the heatmap's thresholds (the JSON of debtThresholdsJson).
inline constexpr const char* kDebtThresholdsSettingKey = "debt.thresholds";

// The workspace's own heatmap thresholds; the defaults when it keeps none. A stored value that
// no longer parses is an error naming the key (and `thresholds` is left as it was).
Status loadWorkspaceDebtThresholds(Workspace& workspace, DebtThresholds* thresholds);

// Keeps `thresholds` as the workspace's own (they replace the earlier ones). Needs a
// read-write workspace.
Status saveWorkspaceDebtThresholds(Workspace& workspace, const DebtThresholds& thresholds);

}  // namespace sightline
