#include "ui/gui_entry.h"

#include <cstdio>
#include <memory>
#include <optional>

#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include "ui/app_icon.h"
#include "ui/import_controller.h"
#include "ui/main_window.h"
#include "ui/recent_files.h"
#include "ui/trace_list_model.h"
#include "ui/trace_list_panel.h"
#include "ui/trace_page.h"

namespace sightline {

namespace {

// Long enough for the last layout and QCustomPlot's replot to reach the backing store.
constexpr int kSettleMs = 500;
// A screenshot run that has not finished by then has hung somewhere; fail instead of waiting.
constexpr int kScreenshotTimeoutMs = 180000;

void printError(const QString& message) {
  std::fprintf(stderr, "sightline: %s\n", message.toLocal8Bit().constData());
}

// The trace the waterfall screenshot shows: the slowest, ties broken by span count.
std::optional<TraceId> pickShowcaseTrace(const TraceListModel& model) {
  const TraceSummary* best = nullptr;
  for (const TraceSummary& trace : model.traces()) {
    if (!best || trace.durationNs > best->durationNs ||
        (trace.durationNs == best->durationNs && trace.spanCount > best->spanCount)) {
      best = &trace;
    }
  }
  if (!best)
    return std::nullopt;
  return best->traceId;
}

// Drives a --screenshot run: imports, optionally opens a trace, grabs and quits.
class ScreenshotDriver : public QObject {
 public:
  ScreenshotDriver(MainWindow& window, const GuiOptions& options)
      : m_window(window), m_options(options), m_waitingForImport(!options.files.isEmpty()) {
    connect(&window, &MainWindow::importsFinished, this, [this](bool allSucceeded) {
      m_failed = m_failed || !allSucceeded;
      for (const QString& error : m_window.lastImportErrors())
        printError(error);
      m_waitingForImport = false;
    });
    connect(window.traceList(), &TraceListPanel::tracesLoaded, this, [this] {
      if (m_waitingForImport || m_listReady)
        return;
      m_listReady = true;
      onListReady();
    });
    connect(window.tracePage(), &TracePage::traceShown, this, [this] { settleAndGrab(); });
    connect(window.tracePage(), &TracePage::loadFailed, this, [this](const QString& message) {
      printError(message);
      m_failed = true;
      settleAndGrab();
    });
    QTimer::singleShot(kScreenshotTimeoutMs, this, [this] {
      printError(QStringLiteral("screenshot timed out"));
      QCoreApplication::exit(1);
    });
  }

 private:
  void onListReady() {
    if (m_options.view == QStringLiteral("waterfall")) {
      if (const auto traceId = pickShowcaseTrace(*m_window.traceList()->model())) {
        m_window.openTrace(*traceId);
        return;
      }
      printError(QStringLiteral("no trace to show in the waterfall"));
      m_failed = true;
    }
    settleAndGrab();
  }

  void settleAndGrab() {
    if (m_grabScheduled)
      return;
    m_grabScheduled = true;
    QTimer::singleShot(kSettleMs, this, [this] {
      QCoreApplication::processEvents();
      const QPixmap pixmap = m_window.grab();
      if (!pixmap.save(m_options.screenshotPath, "PNG")) {
        printError(QStringLiteral("cannot write %1").arg(m_options.screenshotPath));
        m_failed = true;
      }
      QCoreApplication::exit(m_failed ? 1 : 0);
    });
  }

  MainWindow& m_window;
  const GuiOptions& m_options;
  bool m_waitingForImport = false;
  bool m_listReady = false;
  bool m_grabScheduled = false;
  bool m_failed = false;
};

}  // namespace

int runGui(QApplication& app, const GuiOptions& options) {
  const bool screenshot = !options.screenshotPath.isEmpty();
  QSettings settings(QStringLiteral("Sightline"), QStringLiteral("Sightline"));
  // Screenshot runs are scripted: they neither read nor change the user's recent files.
  RecentFiles recent(screenshot ? QStringList() : RecentFiles::load(settings));
  if (!screenshot) {
    QObject::connect(&recent, &RecentFiles::changed, &app,
                     [&] { RecentFiles::save(settings, recent.entries()); });
  }

  QApplication::setWindowIcon(sightlineIcon());
  MainWindow window(&recent);
  window.resize(1600, 1000);

  QString error;
  const bool opened = options.workspacePath.isEmpty()
                          ? window.openScratchWorkspace(&error)
                          : window.openWorkspace(options.workspacePath, &error);
  if (!opened) {
    printError(error);
    if (screenshot || !window.openScratchWorkspace(&error))
      return 1;
  }

  std::unique_ptr<ScreenshotDriver> driver;
  if (screenshot)
    driver = std::make_unique<ScreenshotDriver>(window, options);
  window.show();
  if (!opened)
    QMessageBox::warning(&window, QStringLiteral("Sightline"), error);
  window.importFiles(options.files);
  const int code = app.exec();
  driver.reset();
  return code;
}

}  // namespace sightline
