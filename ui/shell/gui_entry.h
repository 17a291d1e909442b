#pragma once

#include <QString>
#include <QStringList>

class QApplication;

namespace sightline {

// What the command line asks of the GUI.
struct GuiOptions {
  QString workspacePath;   // empty = a scratch workspace in a temporary directory
  QStringList files;       // imported on start
  QString screenshotPath;  // non-empty: wait for the imports, grab the window, save, quit
  // "traces" (default), "waterfall" (opens the slowest trace), "flame" (the first profile's
  // flame graph and top table), "sandwich" (callers/callees of its hottest function),
  // "diff" (the second profile compared with the first), "diff-sandwich" (the diff's
  // callers/callees of the current profile's hottest function), "metrics" (the metric browser on a
  // request counter's rate), "metrics-histogram" (a latency histogram's quantiles and
  // buckets), "red" (the RED overview per service), "span-cpu" (the waterfall's
  // "Show CPU time of this span" for --span: its profile filtered to the span's samples),
  // "diagnosis" (the findings, the first expanded) or "finding" (the first finding with spans
  // in its evidence, opened: its trace with those spans highlighted).
  // "heatmap": the trace list's latency heatmap, its slowest rows selected and their
  // "What's different" comparison open.
  // "compare": the Compare page comparing --baseline with --target (default: the first half of
  // the data with the second).
  // "report-export": File › Export Report… with its preview (before → after with --baseline
  // and --target, trace sources by id or file name), the dialog grabbed instead of the window.
  // "debt": the Tech debt page's heatmap (Signals) with the service of its showcase cell
  // expanded; "debt-cost": its Cost × debt grid; "debt-cell": a red code cell of the hottest
  // service selected, with its evidence below.
  QString view;
  // The waterfall and span-cpu views: the trace to open (hex; default the slowest) and the
  // span to select in it (hex; default its root).
  QString trace;
  QString span;
  // The compare view: its two sides, as `sightline compare` takes them.
  QString baseline;
  QString target;
  // Non-empty: the Live page starts receiving OTLP/HTTP on this address ("127.0.0.1:4318";
  // port 0 picks one) once the window is up. The "live" view grabs the Live page after data
  // has arrived twice (so that its rates are not zero), within a minute.
  QString liveAddress;
  // With liveAddress: Prometheus targets ("URL[,EVERY]") the Live page scrapes.
  QStringList liveScrapes;
};

// The values GuiOptions::view accepts, and a check for one. Inline: the command-line
// library parses --view without linking the GUI.
inline QStringList guiViewNames() {
  return {QStringLiteral("traces"),       QStringLiteral("waterfall"),
          QStringLiteral("flame"),        QStringLiteral("sandwich"),
          QStringLiteral("diff"),         QStringLiteral("diff-sandwich"),
          QStringLiteral("metrics"),      QStringLiteral("metrics-histogram"),
          QStringLiteral("red"),          QStringLiteral("span-cpu"),
          QStringLiteral("diagnosis"),    QStringLiteral("finding"),
          QStringLiteral("heatmap"),      QStringLiteral("compare"),
          QStringLiteral("debt"),         QStringLiteral("debt-cost"),
          QStringLiteral("debt-cell"),    QStringLiteral("live"),
          QStringLiteral("report-export")};
}
inline bool isGuiView(const QString& view) {
  return guiViewNames().contains(view);
}

// Shows the main window and runs the event loop; returns the process exit code.
int runGui(QApplication& app, const GuiOptions& options);

}  // namespace sightline
