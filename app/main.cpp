// The sightline executable: headless verbs on a QCoreApplication (they work without a
// display; `report` on a QGuiApplication with the offscreen platform, for fonts and the PDF
// writer), anything else opens the GUI.
#include <sys/stat.h>
#include <unistd.h>

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app/command_line.h"
#include "ui/shell/gui_entry.h"

int main(int argc, char** argv) {
  using namespace sightline;
  using namespace sightline::cli;
  if (argc > 1 && isCommandVerb(QString::fromLocal8Bit(argv[1]))) {
    std::unique_ptr<QCoreApplication> app;
    if (verbNeedsGui(QString::fromLocal8Bit(argv[1]))) {
      // Laying out text needs fonts, hence a GUI application, but never a display.
      if (!std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
      // Qt warns on stderr without a runtime directory; scripts read that stream.
      if (!std::getenv("XDG_RUNTIME_DIR")) {
        const std::string runtime = "/tmp/runtime-" + std::to_string(getuid());
        mkdir(runtime.c_str(), 0700);
        setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1);
      }
      app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
      app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("sightline"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    CommandIo io{out, err, isatty(fileno(stderr)) != 0};
    const int code = runCommand(QCoreApplication::arguments().mid(1), io);
    out.flush();
    err.flush();
    return code;
  }

  QApplication app(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("sightline"));
  GuiOptions options;
  QString error;
  // QApplication has already taken its own options (-platform, -style …) out of arguments().
  if (!parseGuiArguments(QCoreApplication::arguments().mid(1), options, error)) {
    QTextStream err(stderr);
    err << "sightline: " << error << "\n\n" << mainUsage();
    return kExitUsage;
  }
  return runGui(app, options);
}
