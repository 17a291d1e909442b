#pragma once

#include <optional>
#include <string>

#include "model/common/status.h"
#include "model/store/workspace.h"

namespace sightline {

// One value of the `workspace_settings` table (key → text), for settings that are plain
// strings (the live receivers' API key). Structured settings have their own readers that
// validate what they load (debt thresholds, diagnosis rules).

// The stored value, nullopt when the key is absent; an error when the table can't be read.
Status readWorkspaceSetting(Workspace& workspace, const std::string& key,
                            std::optional<std::string>* value);
// Stores (or replaces) the value. Needs a read-write workspace.
Status writeWorkspaceSetting(Workspace& workspace, const std::string& key,
                             const std::string& value);

}  // namespace sightline
