#pragma once

#include <QString>
#include <QStringList>

class QApplication;

namespace sightline {

// What the command line asks of the GUI.
struct GuiOptions {
  QString workspacePath;  // empty = a scratch workspace in a temporary directory
  QStringList files;      // imported on start
  QString screenshotPath;  // non-empty: wait for the imports, grab the window, save, quit
  QString view;            // "traces" (default) or "waterfall" (opens the slowest trace)
};

// Shows the main window and runs the event loop; returns the process exit code.
int runGui(QApplication& app, const GuiOptions& options);

}  // namespace sightline
