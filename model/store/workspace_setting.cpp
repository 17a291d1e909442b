#include "model/store/workspace_setting.h"

#include "model/store/store_statement.h"

namespace sightline {

Status readWorkspaceSetting(Workspace& workspace, const std::string& key,
                            std::optional<std::string>* value) {
  StoreStatement query(workspace.db(), "SELECT value FROM workspace_settings WHERE key = ?");
  query.bindText(1, key);
  const bool stored = query.step();
  if (!query.ok()) {
    return Status::error("workspace: cannot read the setting \"" + key +
                         "\": " + lastSqliteError(workspace.db()));
  }
  *value = stored ? std::optional<std::string>(query.columnText(0)) : std::nullopt;
  return Status::ok();
}

Status writeWorkspaceSetting(Workspace& workspace, const std::string& key,
                             const std::string& value) {
  if (workspace.mode() == Workspace::Mode::ReadOnly)
    return Status::error("workspace: opened read-only, cannot keep the setting \"" + key + "\"");
  StoreStatement upsert(workspace.db(),
                        "INSERT INTO workspace_settings(key, value) VALUES (?, ?) ON "
                        "CONFLICT(key) DO UPDATE SET value = excluded.value");
  upsert.bindText(1, key);
  upsert.bindText(2, value);
  upsert.execute();
  if (!upsert.ok()) {
    return Status::error("workspace: cannot store the setting \"" + key +
                         "\": " + lastSqliteError(workspace.db()));
  }
  return Status::ok();
}

}  // namespace sightline
