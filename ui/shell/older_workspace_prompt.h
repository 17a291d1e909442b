#pragma once

#include <QString>

class QWidget;

namespace sightline {

// What to do with a workspace file written by an older Sightline (an older schema version).
enum class OlderWorkspaceChoice {
  Upgrade,       // migrate the file in place (older Sightline versions cannot open it then)
  OpenReadOnly,  // read it as it is, upgraded in memory only; imports are refused
  Cancel,        // do not open it
};

// Asks the user, in a modal question, whether to upgrade the workspace at `path` (schema
// `fileVersion`) or to open it read-only. Escape cancels.
OlderWorkspaceChoice askAboutOlderWorkspace(QWidget* parent, const QString& path, int fileVersion);

}  // namespace sightline
