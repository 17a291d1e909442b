#include "ui/shell/gui_entry.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#ifdef __linux__
#include <time.h>
#include <unistd.h>
#endif

#include <QApplication>
#include <QCheckBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QTimer>

#include "ui/compare/compare_page.h"
#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_showcase.h"
#include "ui/diagnosis/diagnosis_page.h"
#include "ui/diagnosis/evidence_jump.h"
#include "ui/live/live_page.h"
#include "ui/metrics/metric_family_tree_model.h"
#include "ui/metrics/metric_page.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/profile_page.h"
#include "ui/profiles/top_table_model.h"
#include "ui/report/export/export_report_dialog.h"
#include "ui/shell/app_icon.h"
#include "ui/shell/import_controller.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"
#include "ui/traces/latency_heatmap.h"
#include "ui/traces/latency_overview.h"
#include "ui/traces/trace_list_model.h"
#include "ui/traces/trace_list_panel.h"
#include "ui/traces/trace_page.h"
#include "ui/traces/waterfall_panel.h"

namespace sightline {

namespace {

// Long enough for the last layout and QCustomPlot's replot to reach the backing store.
constexpr int kSettleMs = 500;
// A screenshot run that has not finished by then has hung somewhere; fail instead of waiting.
constexpr int kScreenshotTimeoutMs = 180000;

bool isDiffView(const QString& view) {
  return view == QLatin1String("diff") || view == QLatin1String("diff-sandwich");
}

bool isProfileView(const QString& view) {
  return view == QLatin1String("flame") || view == QLatin1String("sandwich") || isDiffView(view);
}

bool isDiagnosisView(const QString& view) {
  return view == QLatin1String("diagnosis") || view == QLatin1String("finding");
}

bool isCompareView(const QString& view) {
  return view == QLatin1String("compare");
}

bool isDebtView(const QString& view) {
  return view == QLatin1String("debt") || view == QLatin1String("debt-cost") ||
         view == QLatin1String("debt-cell");
}

bool isReportView(const QString& view) {
  return view == QLatin1String("report-export");
}

bool isMetricView(const QString& view) {
  return view == QLatin1String("metrics") || view == QLatin1String("metrics-histogram") ||
         view == QLatin1String("red");
}

void printError(const QString& message) {
  std::fprintf(stderr, "sightline: %s\n", message.toLocal8Bit().constData());
}

// The fallback origin of "since process start": static initialisation runs before main(),
// a few milliseconds after the process began.
const auto kStaticInitTime = std::chrono::steady_clock::now();

// Milliseconds since the process started. On Linux, from the kernel's start time of the
// process (in clock ticks since boot, so within ~10 ms), which counts the dynamic loading of
// Qt that happens before any of our code runs.
double msSinceProcessStart() {
#ifdef __linux__
  if (std::FILE* stat = std::fopen("/proc/self/stat", "r")) {
    char buffer[1024] = {};
    const std::size_t size = std::fread(buffer, 1, sizeof(buffer) - 1, stat);
    std::fclose(stat);
    buffer[size] = '\0';
    // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
    const char* rest = std::strrchr(buffer, ')');
    unsigned long long startTicks = 0;
    timespec now{};
    if (rest &&
        std::sscanf(rest + 2,
                    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d "
                    "%*d %llu",
                    &startTicks) == 1 &&
        clock_gettime(CLOCK_BOOTTIME, &now) == 0) {
      const double ticksPerSecond = static_cast<double>(sysconf(_SC_CLK_TCK));
      const double nowMs = static_cast<double>(now.tv_sec) * 1000.0 + now.tv_nsec / 1.0e6;
      return nowMs - static_cast<double>(startTicks) * 1000.0 / ticksPerSecond;
    }
  }
#endif
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                   kStaticInitTime)
      .count();
}

// SIGHTLINE_TIMING=1: prints to stderr when a profile file's stages reach the screen, each
// once, in milliseconds since the process started (the budget is measured from there).
class StartupTiming : public QObject {
 public:
  static bool enabled() { return qEnvironmentVariableIntValue("SIGHTLINE_TIMING") == 1; }

  explicit StartupTiming(MainWindow& window) {
    print("window created");
    connect(window.importController(), &ImportController::profileDecoded, this,
            [this] { once(m_decoded, "profile decoded"); });
    connect(window.profilePage(), &ProfilePage::treesShown, this,
            [this] { once(m_trees, "trees built"); });
    connect(window.profilePage()->flameGraph(), &FlameGraphView::firstFramePainted, this,
            [this] { once(m_painted, "first flame frame painted"); });
    connect(window.importController(), &ImportController::finished, this,
            [this] { once(m_stored, "import finished"); });
  }

  static void print(const char* what) {
    std::fprintf(stderr, "sightline timing: %s at %.0f ms\n", what, msSinceProcessStart());
  }

 private:
  static void once(bool& done, const char* what) {
    if (done)
      return;
    done = true;
    print(what);
  }

  bool m_decoded = false;
  bool m_trees = false;
  bool m_painted = false;
  bool m_stored = false;
};

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

// The function the sandwich screenshot shows: the one with the most time in its callees
// (cum − flat) among those with time of their own, so that both halves have something.
QString showcaseFunction(const TopReport* top) {
  const TopRow* best = nullptr;
  if (top) {
    for (const TopRow& row : top->rows) {
      if (row.flat > 0 && (!best || row.cum - row.flat > best->cum - best->flat))
        best = &row;
    }
  }
  return best ? QString::fromStdString(best->function) : QString();
}

// Drives a --screenshot run: imports, optionally opens a trace, grabs and quits. A profile
// view grabs as soon as its trees are on screen, which for a profile just decoded is before
// the workspace has stored it; the run still quits only once the import has finished and the
// profile list was read again, so that the workspace is complete when the process ends.
class ScreenshotDriver : public QObject {
 public:
  ScreenshotDriver(MainWindow& window, const GuiOptions& options)
      : m_window(window), m_options(options), m_waitingForImport(!options.files.isEmpty()) {
    connect(&window, &MainWindow::importsFinished, this, [this](bool allSucceeded) {
      m_failed = m_failed || !allSucceeded;
      for (const QString& error : m_window.lastImportErrors())
        printError(error);
      m_waitingForImport = false;
      if (isDebtView(m_options.view))
        showDebtWhenReady();
      if (isReportView(m_options.view))
        openReportDialog();
      quitWhenDone();
    });
    connect(window.traceList(), &TraceListPanel::tracesLoaded, this, [this] {
      if (m_waitingForImport || m_listReady || isProfileView(m_options.view) ||
          isMetricView(m_options.view) || isDiagnosisView(m_options.view) ||
          isCompareView(m_options.view) || isDebtView(m_options.view) ||
          isReportView(m_options.view) || m_options.view == QLatin1String("live"))
        return;
      m_listReady = true;
      onListReady();
    });
    connect(window.tracePage(), &TracePage::traceShown, this, [this] { onTraceShown(); });
    if (options.view == QLatin1String("live")) {
      connect(window.livePage(), &LivePage::dataArrived, this,
              [this](const LiveTotals&, bool spans, bool, bool) {
                if (spans && ++m_liveArrivals == 2) {
                  m_window.pages()->setCurrentWidget(m_window.livePage());
                  settleAndGrab();
                }
              });
      QTimer::singleShot(60000, this, [this] {
        if (m_grabScheduled)
          return;
        printError(QStringLiteral("no live data arrived within a minute"));
        QCoreApplication::exit(1);
      });
    }
    if (options.view == QLatin1String("span-cpu")) {
      connect(window.tracePage(), &TracePage::cpuTimeLinkChanged, this,
              [this] { onCpuTimeLinkChanged(); });
      connect(window.profilePage(), &ProfilePage::treesShown, this, [this] {
        if (m_cpuAsked)
          settleAndGrab();
      });
    }
    if (isProfileView(options.view)) {
      ProfilePage* page = window.profilePage();
      connect(page, &ProfilePage::profilesListed, this, [this](int count) {
        if (m_waitingForImport || m_profilesReady)
          return;
        m_profilesReady = true;
        onProfilesReady(count);
        quitWhenDone();
      });
      connect(page, &ProfilePage::treesShown, this, [this] { onProfileTreesShown(); });
      connect(page, &ProfilePage::sandwichShown, this, [this] { settleAndGrab(); });
      connect(page, &ProfilePage::loadFailed, this, [this](const QString& message) {
        printError(message);
        m_failed = true;
        settleAndGrab();
      });
    }
    if (isMetricView(options.view))
      connectMetricPage();
    if (isDiagnosisView(options.view))
      connectDiagnosisPage();
    if (isCompareView(options.view))
      connectComparePage();
    if (isDebtView(options.view))
      connectDebtPage();
    // A workspace opened without files to import: the dialog opens at once.
    if (isReportView(options.view) && !m_waitingForImport)
      QTimer::singleShot(0, this, [this] { openReportDialog(); });
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
  void connectMetricPage() {
    MetricPage* page = m_window.metricPage();
    connect(page, &MetricPage::familiesListed, this, [this](int count) {
      if (m_waitingForImport || m_metricsReady)
        return;
      m_metricsReady = true;
      onMetricsReady(count);
    });
    connect(page, &MetricPage::familyShown, this, [this] { onMetricFamilyShown(); });
    connect(page, &MetricPage::redShown, this, [this] {
      if (m_metricsReady && m_options.view == QLatin1String("red"))
        settleAndGrab();
    });
    connect(page, &MetricPage::loadFailed, this, [this](const QString& message) {
      printError(message);
      m_failed = true;
      settleAndGrab();
    });
  }

  // The compare view: once the sources are listed after the imports, the page compares
  // --baseline with --target (or its default halves) and is grabbed when the result is shown.
  void connectComparePage() {
    ComparePage* page = m_window.comparePage();
    connect(page, &ComparePage::sourcesListed, this, [this, page] {
      if (m_waitingForImport || m_compareAsked)
        return;
      m_compareAsked = true;
      m_window.pages()->setCurrentWidget(page);
      if (!m_options.baseline.isEmpty() || !m_options.target.isEmpty()) {
        page->compare(m_options.baseline, m_options.target);
      } else {
        page->requestComparison();
      }
    });
    connect(page, &ComparePage::comparisonShown, this, [this, page] {
      if (!m_compareAsked)
        return;
      if (!page->comparison())
        m_failed = true;
      settleAndGrab();
    });
    connect(page, &ComparePage::loadFailed, this,
            [this](const QString& message) { fail(message); });
  }

  // The report-export view: File › Export Report… once the imports are done, before → after
  // when --baseline and --target name two trace sources; the dialog is grabbed once the
  // preview of those options is on screen.
  void openReportDialog() {
    ExportReportDialog* dialog = m_window.showExportReportDialog();
    if (!dialog)
      return fail(QStringLiteral("the report-export view needs a workspace"));
    m_grabTarget = dialog;
    connect(dialog, &ExportReportDialog::sourcesListed, this, [this, dialog] {
      const bool sides = !m_options.baseline.isEmpty() || !m_options.target.isEmpty();
      if (sides && !dialog->selectSides(m_options.baseline, m_options.target)) {
        return fail(QStringLiteral("--baseline %1 --target %2: not two trace sources of the "
                                   "workspace")
                        .arg(m_options.baseline, m_options.target));
      }
      m_reportSourcesListed = true;
    });
    connect(dialog, &ExportReportDialog::previewShown, this, [this, dialog] {
      if (!m_reportSourcesListed || dialog->isBusy())
        return;
      if (!dialog->isPreviewCurrent() || !dialog->preview().error.isEmpty())
        return fail(dialog->previewLabel()->text());
      settleAndGrab();
    });
  }

  // The debt views wait for the imports and for the diagnosis (the heatmap counts findings),
  // then show the Tech debt page, which reads its data once on screen.
  void connectDebtPage() {
    DebtPage* page = m_window.debtPage();
    DiagnosisPage* diagnosis = m_window.diagnosisPage();
    connect(diagnosis, &DiagnosisPage::findingsShown, this, [this, diagnosis] {
      if (m_waitingForImport || diagnosis->isBusy())
        return;
      m_diagnosisReady = true;
      showDebtWhenReady();
    });
    connect(page, &DebtPage::tableShown, this, [this] { onDebtTableShown(); });
    connect(page, &DebtPage::costDebtShown, this, [this, page] {
      if (!m_debtAsked || m_options.view != QLatin1String("debt-cost"))
        return;
      // The top-scoring cell selected, its evidence below; evidenceShown grabs.
      const QModelIndex top = page->selectCostCell(page->costModel()->topCell());
      if (!top.isValid())
        return fail(QStringLiteral("the debt-cost view needs code units on the hot path"));
    });
    connect(page, &DebtPage::evidenceShown, this, [this] {
      if (m_debtAsked && m_options.view != QLatin1String("debt"))
        settleAndGrab();
    });
    connect(page, &DebtPage::loadFailed, this, [this](const QString& message) { fail(message); });
    // A workspace opened without files to import: nothing to wait for but the diagnosis.
    if (!m_waitingForImport)
      QTimer::singleShot(0, this, [this] { showDebtWhenReady(); });
  }

  void showDebtWhenReady() {
    if (m_waitingForImport || !m_diagnosisReady || m_debtAsked)
      return;
    m_debtAsked = true;
    DebtPage* page = m_window.debtPage();
    if (m_options.view == QLatin1String("debt-cost"))
      page->setMode(DebtPage::Mode::CostDebt);
    // On screen, the page reads what its mode shows (MainWindow refreshed it after the import).
    m_window.pages()->setCurrentWidget(page);
  }

  void onDebtTableShown() {
    DebtPage* page = m_window.debtPage();
    if (!m_debtAsked || m_debtTableSeen)
      return;
    m_debtTableSeen = true;
    if (!page->table() || page->table()->rows.empty())
      return fail(QStringLiteral("the %1 view needs code-quality inputs, the workspace has none")
                      .arg(m_options.view));
    if (m_options.view == QLatin1String("debt")) {
      page->expandRow(pickShowcaseService(*page->table(), page->thresholds()));
      settleAndGrab();
    } else if (m_options.view == QLatin1String("debt-cell")) {
      const QModelIndex cell = page->showcaseCell();
      if (!cell.isValid())
        return fail(
            QStringLiteral("no service has a red coverage, duplication or "
                           "vulnerability cell"));
      page->selectCell(cell);  // evidenceShown grabs
    }
  }

  void connectDiagnosisPage() {
    DiagnosisPage* page = m_window.diagnosisPage();
    connect(page, &DiagnosisPage::findingsShown, this, [this, page] {
      // Stale findings shown while the diagnosis runs are not the ones to shoot.
      if (m_waitingForImport || m_diagnosisReady || page->isBusy())
        return;
      m_diagnosisReady = true;
      onFindingsReady();
    });
    connect(page, &DiagnosisPage::loadFailed, this,
            [this](const QString& message) { fail(message); });
  }

  // "diagnosis" expands the first finding; "finding" opens the first one with spans in its
  // evidence: its exemplar trace's waterfall with those spans highlighted.
  void onFindingsReady() {
    DiagnosisPage* page = m_window.diagnosisPage();
    if (page->proxy()->rowCount() == 0)
      return fail(
          QStringLiteral("the %1 view needs findings, the workspace has none").arg(m_options.view));
    if (m_options.view == QLatin1String("diagnosis")) {
      m_window.pages()->setCurrentWidget(page);
      page->selectFinding(0);
      settleAndGrab();
      return;
    }
    // A finding with several spans in one trace (an N+1, sequential calls) shows the
    // highlighting best; else the first with any.
    for (const std::size_t wanted : {std::size_t{3}, std::size_t{1}}) {
      for (int row = 0; row < page->proxy()->rowCount(); ++row) {
        const Finding* finding = page->model()->findingAt(
            page->proxy()->mapToSource(page->proxy()->index(row, 0)).row());
        if (!finding || jumpForFinding(*finding).kind != EvidenceJump::Kind::Trace)
          continue;
        const auto spans = finding->spanEvidence();
        const auto inFirstTrace = std::count_if(spans.begin(), spans.end(), [&](const auto* s) {
          return s->traceId.bytes == spans.front()->traceId.bytes;
        });
        if (!spans.empty() && static_cast<std::size_t>(inFirstTrace) >= wanted) {
          page->openFinding(row);
          return;  // onTraceShown grabs
        }
      }
    }
    fail(QStringLiteral("no finding has spans in its evidence"));
  }

  // The page opens a request counter by itself; the histogram view opens a latency
  // histogram, the RED view switches tabs and waits for the overview.
  void onMetricsReady(int count) {
    MetricPage* page = m_window.metricPage();
    m_window.pages()->setCurrentWidget(page);
    if (count == 0) {
      printError(
          QStringLiteral("the %1 view needs metrics, the workspace has none").arg(m_options.view));
      m_failed = true;
      settleAndGrab();
      return;
    }
    if (m_options.view == QLatin1String("red")) {
      page->showRed();
      if (!page->isBusy())
        settleAndGrab();
      return;
    }
    if (m_options.view == QLatin1String("metrics-histogram")) {
      const auto& families = page->familyModel()->families();
      const std::int64_t id = MetricPage::showcaseFamily(families, MetricType::Histogram);
      const MetricFamilySummary* family = page->familyModel()->family(id);
      if (!family || family->type != MetricType::Histogram) {
        printError(QStringLiteral("no histogram to show"));
        m_failed = true;
        settleAndGrab();
        return;
      }
      page->openFamily(id);
    }
  }

  void onMetricFamilyShown() {
    if (!m_metricsReady || m_options.view == QLatin1String("red"))
      return;
    MetricPage* page = m_window.metricPage();
    const auto data = page->familyData();
    if (!data)
      return;
    const bool histogram = data->family.type == MetricType::Histogram;
    if (m_options.view == QLatin1String("metrics") || histogram)
      settleAndGrab();
  }

  bool opensTrace() const {
    return m_options.view == QLatin1String("waterfall") ||
           m_options.view == QLatin1String("span-cpu");
  }

  void fail(const QString& message) {
    printError(message);
    m_failed = true;
    settleAndGrab();
  }

  // The heatmap view: the rows of the slowest 2 % of the traces selected; the grab waits
  // for their comparison.
  void showHeatmap() {
    LatencyOverview* overview = m_window.traceList()->overview();
    connect(overview, &LatencyOverview::comparisonShown, this, [this] { settleAndGrab(); });
    overview->setMode(LatencyOverview::Mode::Heatmap);
    overview->heatmap()->selectSlowest(0.02);
    if (overview->heatmap()->selectedTraces().empty())
      fail(QStringLiteral("the heatmap view needs traces"));
  }

  void onListReady() {
    if (m_options.view == QLatin1String("heatmap"))
      return showHeatmap();
    if (!opensTrace()) {
      settleAndGrab();
      return;
    }
    std::optional<TraceId> traceId;
    if (m_options.trace.isEmpty())
      traceId = pickShowcaseTrace(*m_window.traceList()->model());
    else
      traceId = TraceId::fromHex(m_options.trace.toStdString());
    if (!traceId)
      return fail(m_options.trace.isEmpty()
                      ? QStringLiteral("no trace to show in the waterfall")
                      : QStringLiteral("--trace: '%1' is not a trace id").arg(m_options.trace));
    m_window.openTrace(*traceId);
  }

  // Selects --span once its trace is on screen; span-cpu then waits for the span's CPU link.
  void onTraceShown() {
    if (m_spanIndex >= 0)
      return;
    const auto trace = m_window.tracePage()->trace();
    if (!m_options.span.isEmpty() && trace) {
      const auto spanId = SpanId::fromHex(m_options.span.toStdString());
      for (std::size_t i = 0; spanId && i < trace->spans.size(); ++i) {
        if (trace->spans[i].spanId == *spanId)
          m_spanIndex = static_cast<int>(i);
      }
      if (m_spanIndex < 0)
        return fail(QStringLiteral("--span: no span '%1' in the trace").arg(m_options.span));
      m_window.tracePage()->waterfall()->selectSpan(m_spanIndex);
    } else if (m_options.view == QLatin1String("span-cpu")) {
      return fail(QStringLiteral("the span-cpu view needs --span"));
    }
    if (m_options.view != QLatin1String("span-cpu"))
      settleAndGrab();
  }

  void onCpuTimeLinkChanged() {
    TracePage* page = m_window.tracePage();
    if (m_spanIndex < 0 || m_cpuAsked || page->cpuTimeLookupRunning())
      return;
    if (!page->cpuTimeLink())
      return fail(QStringLiteral("no profile has CPU samples of span %1").arg(m_options.span));
    m_cpuAsked = true;
    page->requestCpuTime();
  }

  // The page opens the first profile by itself; "diff" compares the second with the first.
  void onProfilesReady(int count) {
    ProfilePage* page = m_window.profilePage();
    m_window.pages()->setCurrentWidget(page);
    const int needed = isDiffView(m_options.view) ? 2 : 1;
    if (count < needed) {
      printError(QStringLiteral("the %1 view needs %2 profile(s), the workspace has %3")
                     .arg(m_options.view)
                     .arg(needed)
                     .arg(count));
      m_failed = true;
      settleAndGrab();
      return;
    }
    if (isDiffView(m_options.view)) {
      const auto& profiles = page->profileList()->profiles();
      page->openProfile(profiles[1].id);
      page->setBaseProfile(profiles[0].id);
    }
  }

  void onProfileTreesShown() {
    ProfilePage* page = m_window.profilePage();
    const CallTree* tree = page->flameGraph()->callTree();
    if (!tree)
      return;
    if (isDiffView(m_options.view) && !tree->differential)
      return;
    const bool sandwich = m_options.view == QLatin1String("sandwich") ||
                          m_options.view == QLatin1String("diff-sandwich");
    if (sandwich && !m_sandwichAsked) {
      const QString function = showcaseFunction(page->topModel()->report());
      if (!function.isEmpty()) {
        m_sandwichAsked = true;
        page->showSandwich(function);
        return;
      }
    }
    settleAndGrab();
  }

  void settleAndGrab() {
    if (m_grabScheduled)
      return;
    m_grabScheduled = true;
    QTimer::singleShot(kSettleMs, this, [this] {
      QCoreApplication::processEvents();
      const QPixmap pixmap = m_grabTarget ? m_grabTarget->grab() : m_window.grab();
      if (!pixmap.save(m_options.screenshotPath, "PNG")) {
        printError(QStringLiteral("cannot write %1").arg(m_options.screenshotPath));
        m_failed = true;
      }
      if (StartupTiming::enabled())
        StartupTiming::print("screenshot saved");
      m_grabbed = true;
      quitWhenDone();
    });
  }

  void quitWhenDone() {
    if (!m_grabbed || m_waitingForImport || (isProfileView(m_options.view) && !m_profilesReady))
      return;
    QCoreApplication::exit(m_failed ? 1 : 0);
  }

  MainWindow& m_window;
  const GuiOptions& m_options;
  bool m_waitingForImport = false;
  bool m_listReady = false;
  bool m_profilesReady = false;
  bool m_metricsReady = false;
  bool m_diagnosisReady = false;
  bool m_compareAsked = false;
  bool m_debtAsked = false;
  bool m_debtTableSeen = false;
  bool m_sandwichAsked = false;
  int m_liveArrivals = 0;
  int m_spanIndex = -1;  // --span's index in the trace on screen, once selected
  bool m_cpuAsked = false;
  bool m_reportSourcesListed = false;
  // What is grabbed instead of the window (the export dialog).
  QPointer<QWidget> m_grabTarget;
  bool m_grabScheduled = false;
  bool m_grabbed = false;
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

  // The command line's profiles start decoding now, while the window is being built.
  std::shared_ptr<ProfilePrefetch> prefetch;
  if (!options.files.isEmpty()) {
    std::vector<std::string> paths;
    for (const QString& file : options.files)
      paths.push_back(QFileInfo(file).absoluteFilePath().toStdString());
    prefetch = std::make_shared<ProfilePrefetch>(std::move(paths));
  }

  QApplication::setWindowIcon(sightlineIcon());
  MainWindow window(&recent);
  // A scripted run cannot answer a question, and must not change an older workspace file.
  if (screenshot)
    window.setOlderWorkspaceChoice(OlderWorkspaceChoice::OpenReadOnly);
  window.importController()->setPrefetch(std::move(prefetch));
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
  std::unique_ptr<StartupTiming> timing;
  if (StartupTiming::enabled())
    timing = std::make_unique<StartupTiming>(window);
  window.show();
  if (!opened)
    QMessageBox::warning(&window, QStringLiteral("Sightline"), error);
  window.importFiles(options.files);
  if (!options.liveAddress.isEmpty()) {
    LivePage* live = window.livePage();
    live->httpAddressEdit()->setText(options.liveAddress);
    live->grpcEnabledBox()->setChecked(false);
    for (const QString& spec : options.liveScrapes) {
      QString why;
      if (!live->addTarget(LiveTargetHealth::Kind::Scrape, spec, &why))
        printError(QStringLiteral("--scrape %1: %2").arg(spec, why));
    }
    if (!live->start(!screenshot)) {
      printError(live->stateLabel()->text());
      if (screenshot)
        return 1;
    }
  }
  const int code = app.exec();
  driver.reset();
  return code;
}

}  // namespace sightline
