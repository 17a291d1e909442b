#include "model/debt/debt_threshold_settings.h"

#include "model/store/store_statement.h"

namespace sightline {

Status loadWorkspaceDebtThresholds(Workspace& workspace, DebtThresholds* thresholds) {
  StoreStatement query(workspace.db(), "SELECT value FROM workspace_settings WHERE key = ?");
  query.bindText(1, kDebtThresholdsSettingKey);
  const bool stored = query.step();
  if (!query.ok()) {
    return Status::error("workspace: cannot read its settings: " + lastSqliteError(workspace.db()));
  }
  DebtThresholds parsed;
  if (stored) {
    // Written by another version, or by hand with `sightline sql`: say where the bad value is.
    if (Status s = parseDebtThresholds(query.columnText(0), &parsed); !s) {
      return Status::error("workspace: the stored heatmap thresholds (workspace_settings key \"" +
                           std::string(kDebtThresholdsSettingKey) +
                           "\") are not valid: " + s.message());
    }
  }
  *thresholds = parsed;
  return Status::ok();
}

Status saveWorkspaceDebtThresholds(Workspace& workspace, const DebtThresholds& thresholds) {
  // SQLite would say "attempt to write a readonly database"; say what could not be kept.
  if (workspace.mode() == Workspace::Mode::ReadOnly) {
    return Status::error(
        "workspace: opened read-only, so the heatmap thresholds cannot be saved in it");
  }
  const std::string json = debtThresholdsJson(thresholds);
  // What is stored must read back: a NaN or a negative value would lock the workspace out.
  DebtThresholds check;
  if (Status s = parseDebtThresholds(json, &check); !s)
    return Status::error("cannot save the heatmap thresholds: " + s.message());
  StoreStatement upsert(workspace.db(),
                        "INSERT INTO workspace_settings(key, value) VALUES (?, ?) ON "
                        "CONFLICT(key) DO UPDATE SET value = excluded.value");
  upsert.bindText(1, kDebtThresholdsSettingKey);
  upsert.bindText(2, json);
  upsert.execute();
  if (!upsert.ok()) {
    return Status::error("workspace: cannot store the heatmap thresholds: " +
                         lastSqliteError(workspace.db()));
  }
  return Status::ok();
}

}  // namespace sightline
