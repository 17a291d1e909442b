#include "ui/shell/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>

#include "importers/core/importer_registry.h"
#include "importers/debt/sonarqube_pull.h"
#include "model/debt/debt_table.h"
#include "model/profiles/profile_span_link.h"
#include "model/store/workspace.h"
#include "ui/compare/compare_page.h"
#include "ui/debt/debt_page.h"
#include "ui/diagnosis/diagnosis_page.h"
#include "ui/live/live_page.h"
#include "ui/metrics/metric_page.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_page.h"
#include "ui/report/export/export_report_dialog.h"
#include "ui/shell/import_controller.h"
#include "ui/shell/recent_files.h"
#include "ui/traces/trace_list_panel.h"
#include "ui/traces/trace_page.h"

namespace sightline {

namespace {

const QString kWorkspaceSuffix = QStringLiteral("sightline");

bool isWorkspaceFile(const QString& path) {
  return QFileInfo(path).suffix().compare(kWorkspaceSuffix, Qt::CaseInsensitive) == 0;
}

// The schema version of an existing workspace file older than this Sightline's, else 0 (also
// for a new or unreadable file: the read-write open reports those).
int olderSchemaVersion(const QString& path) {
  Status status;
  auto probe = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  return probe && probe->upgradedInMemory() ? probe->schemaVersion() : 0;
}

QStringList localFiles(const QMimeData* mime) {
  QStringList files;
  if (!mime || !mime->hasUrls())
    return files;
  for (const QUrl& url : mime->urls()) {
    if (url.isLocalFile())
      files << url.toLocalFile();
  }
  return files;
}

}  // namespace

MainWindow::MainWindow(RecentFiles* recent, QWidget* parent)
    : QMainWindow(parent),
      m_recent(recent),
      m_importer(new ImportController(this)),
      m_pages(new QTabWidget),
      m_traceList(new TraceListPanel),
      m_tracePage(new TracePage),
      m_profilePage(new ProfilePage),
      m_metricPage(new MetricPage) {
  m_pages->setDocumentMode(true);
  m_pages->addTab(m_traceList, tr("Traces"));
  m_pages->addTab(m_tracePage, tr("Trace"));
  m_pages->addTab(m_profilePage, tr("Profiles"));
  m_pages->addTab(m_metricPage, tr("Metrics"));
  m_comparePage = new ComparePage;
  m_pages->addTab(m_comparePage, tr("Compare"));
  m_debtPage = new DebtPage;
  m_pages->addTab(m_debtPage, tr("Tech debt"));
  // After the others until the workspace has findings (onFindingsShown).
  m_diagnosisPage = new DiagnosisPage;
  m_pages->addTab(m_diagnosisPage, tr("Diagnosis"));
  m_livePage = new LivePage;
  m_pages->addTab(m_livePage, tr("Live"));
  setCentralWidget(m_pages);
  setAcceptDrops(true);

  m_statusLabel = new QLabel;
  m_progress = new QProgressBar;
  m_progress->setMaximumWidth(260);
  m_progress->setRange(0, 1000);
  m_cancel = new QPushButton(tr("Cancel"));
  statusBar()->addWidget(m_statusLabel, 1);
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_cancel);
  m_progress->hide();
  m_cancel->hide();

  createMenus();

  connect(m_cancel, &QPushButton::clicked, m_importer, &ImportController::cancel);
  connect(m_importer, &ImportController::started, this, &MainWindow::onImportStarted);
  connect(m_importer, &ImportController::progress, this, &MainWindow::onImportProgress);
  connect(m_importer, &ImportController::profileDecoded, this, &MainWindow::onProfileDecoded);
  connect(m_importer, &ImportController::fileFinished, this, &MainWindow::onFileImported);
  connect(m_importer, &ImportController::finished, this, &MainWindow::onImportFinished);
  connect(m_traceList, &TraceListPanel::traceActivated, this, &MainWindow::openTrace);
  connect(m_tracePage, &TracePage::loadFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_tracePage, &TracePage::cpuTimeRequested, this, &MainWindow::openSpanProfile);
  connect(m_profilePage, &ProfilePage::loadFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_profilePage, &ProfilePage::profilesListed, this, &MainWindow::onProfilesListed);
  connect(m_metricPage, &MetricPage::loadFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_metricPage, &MetricPage::familiesListed, this, &MainWindow::onMetricFamiliesListed);
  connect(m_comparePage, &ComparePage::loadFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_comparePage, &ComparePage::differentialRequested, this, &MainWindow::openProfileDiff);
  connect(m_debtPage, &DebtPage::loadFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_debtPage, &DebtPage::flameGraphRequested, this, &MainWindow::openProfileFocused);
  connect(m_debtPage, &DebtPage::findingOpenRequested, this,
          [this](const QString& rule, const QString& title) {
            if (!openDiagnosisFinding(rule, title))
              statusBar()->showMessage(
                  tr("The Diagnosis tab no longer lists \"%1\": it was diagnosed again").arg(title),
                  10000);
          });
  connect(m_diagnosisPage, &DiagnosisPage::findingsShown, this, &MainWindow::onFindingsShown);
  connect(m_diagnosisPage, &DiagnosisPage::loadFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_diagnosisPage, &DiagnosisPage::traceEvidenceRequested, this,
          &MainWindow::openTraceEvidence);
  connect(m_diagnosisPage, &DiagnosisPage::functionEvidenceRequested, this,
          [this](std::int64_t profileId, const QString& function,
                 const std::optional<SampleLabelFilter>& labels, const QString& description) {
            m_pages->setCurrentWidget(m_profilePage);
            m_profilePage->showFunction(profileId, function, labels, description);
          });
  connect(m_diagnosisPage, &DiagnosisPage::seriesEvidenceRequested, this,
          [this](const QString& series, qint64 fromMs, qint64 toMs) {
            if (m_metricPage->showSeries(series, fromMs, toMs))
              m_pages->setCurrentWidget(m_metricPage);
            else
              statusBar()->showMessage(tr("No metric family holds %1").arg(series), 10000);
          });
  connect(m_livePage, &LivePage::runningChanged, this, [this](bool running) {
    m_traceList->setLiveMode(running);
    // The data changes under a running session: diagnose once it stops, as after an import.
    m_diagnosisPage->setImportRunning(running || m_importer->isRunning());
    if (!running)
      m_diagnosisPage->refresh();
  });
  connect(m_livePage, &LivePage::dataArrived, this,
          [this](const LiveTotals&, bool spans, bool points, bool profiles) {
            if (spans)
              m_traceList->refreshLive();
            if (points)
              m_metricPage->refresh();
            if (profiles)
              m_profilePage->refresh();
          });
  connect(m_importer, &ImportController::started, m_diagnosisPage,
          [this] { m_diagnosisPage->setImportRunning(true); });
  updateTitle();
}

MainWindow::~MainWindow() = default;

bool MainWindow::isReadOnly() const {
  return m_importer->isReadOnly();
}

QString MainWindow::statusText() const {
  return m_statusLabel->text();
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* action = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace);
  action->setShortcut(QKeySequence::New);
  action = file->addAction(tr("&Open Workspace…"), this, &MainWindow::chooseWorkspace);
  action->setShortcut(QKeySequence::Open);
  action = file->addAction(tr("&Import…"), this, &MainWindow::chooseImportFiles);
  action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  file->addAction(tr("Connect to &SonarQube…"), this, &MainWindow::connectToSonarQube);
  m_exportReport =
      file->addAction(tr("Export &Report…"), this, [this] { showExportReportDialog(); });
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  file->addSeparator();
  action = file->addAction(tr("&Quit"), this, &QWidget::close);
  action->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  action = view->addAction(tr("&Traces"), this, [this] { m_pages->setCurrentWidget(m_traceList); });
  action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  action = view->addAction(tr("T&race"), this, [this] { m_pages->setCurrentWidget(m_tracePage); });
  action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
  action =
      view->addAction(tr("&Profiles"), this, [this] { m_pages->setCurrentWidget(m_profilePage); });
  action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
  action =
      view->addAction(tr("&Metrics"), this, [this] { m_pages->setCurrentWidget(m_metricPage); });
  action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
  view->addAction(tr("&Compare"), this, [this] { m_pages->setCurrentWidget(m_comparePage); });
  view->addAction(tr("Tech &debt"), this, [this] { m_pages->setCurrentWidget(m_debtPage); });

  if (m_recent)
    connect(m_recent, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  m_recentMenu->clear();
  const QStringList entries = m_recent ? m_recent->entries() : QStringList();
  for (const QString& path : entries) {
    m_recentMenu->addAction(QDir::toNativeSeparators(path), this,
                            [this, path] { openRecent(path); });
  }
  if (entries.isEmpty()) {
    m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
  } else {
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear List"), this, [this] { m_recent->clear(); });
  }
}

bool MainWindow::openWorkspace(const QString& path, QString* error) {
  auto fail = [this, error](const QString& message) {
    if (error)
      *error = message;
    statusBar()->showMessage(message, 15000);
    return false;
  };
  // A file written by an older Sightline is migrated in place only when the user agrees.
  // Kept as it is, it is read upgraded in memory (the pages open it read-only anyway), and
  // imports are refused: the importer's read-write connection would migrate it.
  bool readOnly = false;
  if (const int version = olderSchemaVersion(path); version > 0) {
    const OlderWorkspaceChoice choice = m_olderWorkspaceChoice
                                            ? *m_olderWorkspaceChoice
                                            : askAboutOlderWorkspace(this, path, version);
    if (choice == OlderWorkspaceChoice::Cancel)
      return fail(tr("%1 was not opened").arg(path));
    readOnly = choice == OlderWorkspaceChoice::OpenReadOnly;
  }
  if (!readOnly) {
    Status status;
    // Opening read-write creates and migrates the schema; the connection is not kept, each
    // worker opens its own.
    auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
    if (!workspace)
      return fail(tr("Cannot open %1: %2").arg(path, QString::fromStdString(status.message())));
  }
  if (m_importer->isRunning()) {
    m_importer->cancel();
    m_importer->waitForFinished(30000);
  }
  // A pull into the previous workspace stops; its result is not this workspace's.
  if (m_sonarCancel)
    m_sonarCancel->store(true);
  m_sonarJob.invalidate();
  m_workspacePath = QFileInfo(path).absoluteFilePath();
  m_lastReportFile.clear();
  m_scratch = m_scratchDir && m_workspacePath.startsWith(m_scratchDir->path());
  m_importer->setWorkspacePath(m_workspacePath);
  m_importer->setReadOnly(readOnly);
  m_traceList->setWorkspacePath(m_workspacePath);
  m_tracePage->setWorkspacePath(m_workspacePath);
  m_profilePage->setWorkspacePath(m_workspacePath);
  m_metricPage->setWorkspacePath(m_workspacePath);
  m_comparePage->setWorkspacePath(m_workspacePath);
  m_debtPage->setWorkspacePath(m_workspacePath, readOnly);
  m_selectDiagnosisOnOpen = true;
  m_diagnosisPage->setWorkspacePath(m_workspacePath, readOnly);
  m_livePage->setWorkspacePath(m_workspacePath, readOnly);
  m_switchToProfilesIfNew = false;
  m_switchToMetricsIfNew = false;
  m_pages->setCurrentWidget(m_traceList);
  if (!m_scratch && m_recent)
    m_recent->add(m_workspacePath);
  updateTitle();
  return true;
}

bool MainWindow::openScratchWorkspace(QString* error) {
  auto dir = std::make_unique<QTemporaryDir>();
  if (!dir->isValid()) {
    if (error)
      *error = tr("Cannot create a temporary directory: %1").arg(dir->errorString());
    return false;
  }
  const QString path = dir->filePath(QStringLiteral("scratch.sightline"));
  auto previous = std::move(m_scratchDir);
  m_scratchDir = std::move(dir);
  if (!openWorkspace(path, error)) {
    m_scratchDir = std::move(previous);
    return false;
  }
  return true;
}

void MainWindow::updateTitle() {
  QString name;
  if (m_workspacePath.isEmpty()) {
    name = tr("no workspace");
  } else if (m_scratch) {
    name = tr("scratch workspace");
  } else {
    name = QDir::toNativeSeparators(m_workspacePath);
  }
  if (isReadOnly())
    name += tr(" (read-only)");
  setWindowTitle(name + QStringLiteral(" — Sightline"));
  m_exportReport->setEnabled(!m_workspacePath.isEmpty());
}

ExportReportDialog* MainWindow::showExportReportDialog() {
  if (m_workspacePath.isEmpty())
    return nullptr;
  QString file = m_lastReportFile;
  if (file.isEmpty()) {
    // Next to the workspace, named after it; a scratch workspace's report goes home.
    const QFileInfo workspace(m_workspacePath);
    file = m_scratch ? QDir::home().filePath(QStringLiteral("sightline-report.html"))
                     : workspace.dir().filePath(workspace.completeBaseName() +
                                                QStringLiteral("-report.html"));
  }
  auto* dialog = new ExportReportDialog(m_workspacePath, file, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ExportReportDialog::exportFinished, this, [this, dialog](bool written) {
    if (!written)
      return;
    m_lastReportFile = dialog->outputPath();
    statusBar()->showMessage(
        tr("Report written to %1").arg(QDir::toNativeSeparators(m_lastReportFile)), 10000);
  });
  dialog->open();
  return dialog;
}

void MainWindow::newWorkspace() {
  const QString path =
      QFileDialog::getSaveFileName(this, tr("New Workspace"), QDir::homePath(),
                                   tr("Sightline workspaces (*.%1)").arg(kWorkspaceSuffix));
  if (path.isEmpty())
    return;
  QString file = path;
  if (QFileInfo(file).suffix().isEmpty())
    file += QLatin1Char('.') + kWorkspaceSuffix;
  if (QFileInfo::exists(file) && !QFile::remove(file)) {
    statusBar()->showMessage(tr("Cannot replace %1").arg(file), 10000);
    return;
  }
  openWorkspace(file);
}

void MainWindow::chooseWorkspace() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Workspace"), QDir::homePath(),
      tr("Sightline workspaces (*.%1);;All files (*)").arg(kWorkspaceSuffix));
  if (!path.isEmpty())
    openWorkspace(path);
}

void MainWindow::chooseImportFiles() {
  const QString filter = QString::fromStdString(openDialogFilter()) + tr(";;All files (*)");
  const QStringList files =
      QFileDialog::getOpenFileNames(this, tr("Import"), QDir::homePath(), filter);
  importFiles(files);
}

void MainWindow::connectToSonarQube() {
  SonarQubeDialog dialog(m_sonarConnection, this);
  if (dialog.exec() == QDialog::Accepted)
    pullSonarQube(dialog.connection());
}

namespace {

// The measures the heatmap reads (model/debt), and what reviewers ask about besides.
std::vector<std::string> sonarQubeMetricKeys() {
  return {"ncloc",
          "coverage",
          "lines_to_cover",
          "uncovered_lines",
          "lines",
          "duplicated_lines",
          "duplicated_lines_density",
          "vulnerabilities",
          "code_smells",
          "sqale_index",
          "bugs",
          "security_hotspots",
          "cognitive_complexity",
          "new_coverage"};
}

struct SonarQubePull {
  int imported = 0;
  int skipped = 0;
  std::uint64_t measures = 0;
  QStringList errors;
};

}  // namespace

void MainWindow::pullSonarQube(const SonarQubeConnection& connection) {
  const QString problem = sonarQubeConnectionProblem(connection);
  if (!problem.isEmpty() || m_workspacePath.isEmpty()) {
    statusBar()->showMessage(problem.isEmpty() ? tr("No workspace is open") : problem, 10000);
    return;
  }
  if (isReadOnly()) {
    statusBar()->showMessage(tr("The workspace is open read-only: nothing can be pulled into it"),
                             10000);
    return;
  }
  // One writer at a time: the pull stores through its own connection.
  if (m_importer->isRunning() || m_sonarJob.isRunning()) {
    statusBar()->showMessage(tr("Wait for the running import to finish, then connect again"),
                             10000);
    return;
  }
  m_sonarConnection = connection;
  m_sonarConnection.token.clear();
  m_sonarCancel = std::make_shared<std::atomic<bool>>(false);
  m_statusLabel->setText(tr("Pulling %n SonarQube project(s) from %1…", nullptr,
                            static_cast<int>(connection.projectKeys.size()))
                             .arg(connection.baseUrl));
  m_sonarJob.run(
      this,
      [path = m_workspacePath, connection, cancel = m_sonarCancel] {
        SonarQubePull pull;
        Status status;
        auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
        if (!workspace) {
          pull.errors << QString::fromStdString(status.message());
          return pull;
        }
        for (const QString& key : connection.projectKeys) {
          SonarQubePullRequest request;
          request.baseUrl = connection.baseUrl.toStdString();
          request.token = connection.token.toStdString();
          request.projectKey = key.toStdString();
          request.metricKeys = sonarQubeMetricKeys();
          request.cancel = cancel.get();
          const SonarQubePullResult result = sightline::pullSonarQube(*workspace, request);
          switch (result.outcome) {
            case SonarQubePullResult::Outcome::Imported:
              ++pull.imported;
              pull.measures += result.measures;
              break;
            case SonarQubePullResult::Outcome::Skipped:
              ++pull.skipped;
              break;
            case SonarQubePullResult::Outcome::Failed:
              pull.errors << QString::fromStdString(result.error);
              break;
            case SonarQubePullResult::Outcome::Cancelled:
              return pull;
          }
        }
        // The code → service rules follow the new keys, as after an import.
        if (pull.imported > 0) {
          if (Status proposed = proposeServicePathRules(*workspace); !proposed)
            pull.errors << QString::fromStdString(proposed.message());
        }
        return pull;
      },
      [this](const SonarQubePull& pull) {
        QString summary = tr("SonarQube: %1 project(s) pulled (%2 measures), %3 unchanged")
                              .arg(pull.imported)
                              .arg(pull.measures)
                              .arg(pull.skipped);
        if (!pull.errors.isEmpty())
          summary += tr(", %1 failed: %2")
                         .arg(pull.errors.size())
                         .arg(pull.errors.join(QStringLiteral("; ")));
        m_statusLabel->setText(summary);
        if (pull.imported > 0) {
          m_debtPage->refresh();
          m_diagnosisPage->refresh();
          m_pages->setCurrentWidget(m_debtPage);
        }
        emit sonarQubePulled(pull.errors.isEmpty(), summary);
      });
}

void MainWindow::openRecent(const QString& path) {
  if (!QFileInfo::exists(path)) {
    statusBar()->showMessage(tr("%1 no longer exists").arg(path), 10000);
    if (m_recent)
      m_recent->remove(path);
    return;
  }
  if (isWorkspaceFile(path)) {
    openWorkspace(path);
  } else {
    importFiles({path});
  }
}

void MainWindow::importFiles(const QStringList& files) {
  if (files.isEmpty())
    return;
  QStringList toImport;
  for (const QString& file : files) {
    // A workspace dropped on the window is opened rather than imported.
    if (isWorkspaceFile(file) && files.size() == 1) {
      openWorkspace(file);
      return;
    }
    toImport << QFileInfo(file).absoluteFilePath();
    if (m_recent)
      m_recent->add(file);
  }
  m_importer->importFiles(toImport);
}

void MainWindow::openTrace(const TraceId& traceId) {
  m_pages->setCurrentWidget(m_tracePage);
  m_tracePage->openTrace(traceId);
}

void MainWindow::openTraceEvidence(const TraceId& traceId, const std::vector<SpanId>& spans) {
  m_pages->setCurrentWidget(m_tracePage);
  m_tracePage->openTraceHighlighting(traceId, spans);
}

void MainWindow::openProfileFocused(std::int64_t profileId, const QString& focusRegex,
                                    const QString& description) {
  m_pages->setCurrentWidget(m_profilePage);
  // As showFunction: the filter first, so that opening the profile builds the focused tree.
  ProfileFilter filter;
  filter.focus = focusRegex.toStdString();
  m_profilePage->filterBar()->setFilter(filter);
  if (m_profilePage->baseProfileId() != 0)
    m_profilePage->setBaseProfile(0);
  m_profilePage->openProfile(profileId);
  if (!description.isEmpty())
    statusBar()->showMessage(tr("Flame graph focused on %1").arg(description), 10000);
}

bool MainWindow::openDiagnosisFinding(const QString& rule, const QString& title) {
  DiagnosisPage* page = m_diagnosisPage;
  const std::string wantedRule = rule.toStdString();
  const std::string wantedTitle = title.toStdString();
  auto find = [&] {
    for (int row = 0; row < page->proxy()->rowCount(); ++row) {
      const Finding* finding =
          page->model()->findingAt(page->proxy()->mapToSource(page->proxy()->index(row, 0)).row());
      if (finding && finding->rule == wantedRule && finding->title == wantedTitle)
        return row;
    }
    return -1;
  };
  int row = find();
  if (row < 0 && !page->proxy()->filter().isEmpty()) {
    page->setFilter({});
    row = find();
  }
  if (row < 0)
    return false;
  m_pages->setCurrentWidget(page);
  page->selectFinding(row);
  return true;
}

void MainWindow::openProfileDiff(std::int64_t baselineId, std::int64_t targetId) {
  m_pages->setCurrentWidget(m_profilePage);
  m_profilePage->openProfile(targetId);
  m_profilePage->setBaseProfile(baselineId);
}

void MainWindow::openSpanProfile(const SpanProfileLink& link) {
  m_pages->setCurrentWidget(m_profilePage);
  m_profilePage->openProfile(link.profileId, link.filter, link.description);
}

void MainWindow::onProfileDecoded(const QString& path, std::shared_ptr<const ProfileData> profile) {
  // Only a page with nothing open takes the profile: one the user opened (or another file
  // of this batch already shown) is not replaced. The page switches in on the rule of
  // onImportFinished: profiles new to the workspace, and no first traces brought with them.
  ProfilePage* page = m_profilePage;
  if (page->currentProfileId() != 0 || page->showsDecodedProfile() || page->profileCount() > 0)
    return;
  m_decodedPath = path;
  page->showDecodedProfile(std::move(profile), path);
  const bool hadTraces = m_traceList->model()->rowCount() > 0;
  if (m_spansThisBatch == 0 || hadTraces) {
    m_pages->setCurrentWidget(page);
    m_switchedForDecoded = true;
  }
}

void MainWindow::onFileImported(const FileImportResult& result) {
  m_spansThisBatch += result.spans;
  const QString path = QString::fromStdString(result.path);
  if (path != m_decodedPath)
    return;
  m_decodedPath.clear();
  if (result.outcome == FileImportResult::Outcome::Imported && !result.profileIds.empty()) {
    m_profilePage->adoptStoredProfile(path, result.profileIds.front());
    return;
  }
  const QString why =
      result.error.empty() ? tr("the import did not finish") : QString::fromStdString(result.error);
  m_profilePage->dropDecodedProfile(path, tr("Not stored: %1").arg(why));
}

void MainWindow::onImportStarted(int fileCount) {
  m_spansThisBatch = 0;
  m_progress->setValue(0);
  m_progress->show();
  m_cancel->show();
  m_cancel->setEnabled(true);
  m_statusLabel->setText(tr("Importing %n file(s)…", nullptr, fileCount));
}

void MainWindow::onImportProgress(int fileIndex, int fileCount, const QString& path,
                                  qint64 bytesRead, qint64 bytesTotal, qint64 rows) {
  const double fileShare = bytesTotal > 0 ? static_cast<double>(bytesRead) / bytesTotal : 0.0;
  const double overall = (fileIndex + std::min(fileShare, 1.0)) / std::max(fileCount, 1);
  m_progress->setValue(static_cast<int>(overall * 1000));
  // Spans, samples or metric points: progress does not say which signal the file holds.
  m_statusLabel->setText(tr("Importing %1 (%2 of %3): %4 records read")
                             .arg(QFileInfo(path).fileName())
                             .arg(fileIndex + 1)
                             .arg(fileCount)
                             .arg(rows));
}

void MainWindow::onImportFinished(const QList<FileImportResult>& results) {
  m_progress->hide();
  m_cancel->hide();
  m_lastErrors.clear();
  std::uint64_t spans = 0, duplicateSpans = 0, profiles = 0, snapshots = 0, points = 0,
                debtRecords = 0;
  int imported = 0, skipped = 0, cancelled = 0;
  for (const FileImportResult& result : results) {
    switch (result.outcome) {
      case FileImportResult::Outcome::Imported:
        ++imported;
        spans += result.spans;
        duplicateSpans += result.duplicateSpans;
        profiles += result.profiles;
        snapshots += result.snapshots;
        points += result.points;
        debtRecords += result.debtRecords;
        break;
      case FileImportResult::Outcome::Skipped:
        ++skipped;
        break;
      case FileImportResult::Outcome::Cancelled:
        ++cancelled;
        break;
      case FileImportResult::Outcome::Failed:
        m_lastErrors << (result.error.empty() ? QString::fromStdString(result.path)
                                              : QString::fromStdString(result.error));
        break;
    }
  }
  QString summary = tr("Imported %n file(s)", nullptr, imported);
  QStringList what;
  if (spans > 0 || (profiles == 0 && snapshots == 0 && debtRecords == 0))
    what << tr("%n span(s)", nullptr, static_cast<int>(spans));
  // Already stored by another source (the same export in another encoding): not counted
  // above, and the user should know why.
  if (duplicateSpans > 0)
    what << tr("%n duplicate span(s) skipped", nullptr, static_cast<int>(duplicateSpans));
  if (profiles > 0)
    what << tr("%n profile(s)", nullptr, static_cast<int>(profiles));
  if (snapshots > 0) {
    what << tr("%n metric snapshot(s)", nullptr, static_cast<int>(snapshots)) +
                tr(" with %n point(s)", nullptr, static_cast<int>(points));
  }
  if (debtRecords > 0)
    what << tr("%n code-quality record(s)", nullptr, static_cast<int>(debtRecords));
  summary += QStringLiteral(" (") + what.join(QStringLiteral(", ")) + QLatin1Char(')');
  if (skipped > 0)
    summary += tr(", %n already imported", nullptr, skipped);
  if (cancelled > 0)
    summary += tr(", %n cancelled", nullptr, cancelled);
  if (!m_lastErrors.isEmpty())
    summary += tr(", %n failed", nullptr, static_cast<int>(m_lastErrors.size()));
  m_statusLabel->setText(summary);
  // The trace list is the default page; the profiles take over only when they are what the
  // import brought new to this workspace.
  const bool hadTraces = m_traceList->model()->rowCount() > 0;
  m_profilesBeforeImport = m_profilePage->profileCount();
  m_switchToProfilesIfNew = !m_switchedForDecoded && profiles > 0 && (spans == 0 || hadTraces);
  m_switchedForDecoded = false;
  // Metrics take over when they are new and no other signal new to the workspace claims the
  // window (a file's result does not count metrics: the family list tells whether they came).
  m_metricFamiliesBeforeImport = m_metricPage->familyCount();
  m_switchToMetricsIfNew =
      imported > 0 && (spans == 0 || hadTraces) && (profiles == 0 || m_profilesBeforeImport > 0);
  m_traceList->refresh();
  m_profilePage->refresh();
  m_metricPage->refresh();
  m_comparePage->refresh();
  m_debtPage->refresh();
  m_diagnosisPage->setImportRunning(false);
  m_diagnosisPage->refresh();

  if (!m_lastErrors.isEmpty()) {
    // Non-modal: the user can keep working while reading what went wrong.
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Import failed"),
        tr("%n file(s) could not be imported.", nullptr, static_cast<int>(m_lastErrors.size())),
        QMessageBox::Close, this);
    box->setInformativeText(m_lastErrors.join(QStringLiteral("\n\n")));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
  }
  emit importsFinished(m_lastErrors.isEmpty());
}

void MainWindow::onProfilesListed(int count) {
  if (!m_switchToProfilesIfNew)
    return;
  m_switchToProfilesIfNew = false;
  if (m_profilesBeforeImport == 0 && count > 0)
    m_pages->setCurrentWidget(m_profilePage);
}

void MainWindow::onMetricFamiliesListed(int count) {
  if (!m_switchToMetricsIfNew)
    return;
  m_switchToMetricsIfNew = false;
  if (m_metricFamiliesBeforeImport == 0 && count > 0)
    m_pages->setCurrentWidget(m_metricPage);
}

void MainWindow::onFindingsShown(int count, int severe) {
  // The heatmap counts findings per unit: newly diagnosed ones change it.
  if (!m_diagnosisPage->isBusy() &&
      m_diagnosisPage->lastResult() == DiagnosisSnapshot::State::Computed)
    m_debtPage->refresh();
  // The findings lead once there are any; without, the tab waits after the others.
  const int index = m_pages->indexOf(m_diagnosisPage);
  const int target = count > 0 ? 0 : m_pages->count() - 1;
  if (index != target)
    m_pages->tabBar()->moveTab(index, target);
  m_pages->setTabText(target, count > 0 ? tr("Diagnosis (%1)").arg(count) : tr("Diagnosis"));
  // Stale findings shown while the diagnosis runs do not decide.
  if (!m_selectDiagnosisOnOpen || m_diagnosisPage->isBusy())
    return;
  m_selectDiagnosisOnOpen = false;
  if (severe > 0 && m_pages->currentWidget() == m_traceList)
    m_pages->setCurrentWidget(m_diagnosisPage);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!localFiles(event->mimeData()).isEmpty())
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QStringList files = localFiles(event->mimeData());
  if (files.isEmpty())
    return;
  event->acceptProposedAction();
  importFiles(files);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  // A cancelled pull stores nothing (its answers are stored in one transaction at the end).
  if (m_sonarCancel)
    m_sonarCancel->store(true);
  // A cancelled import rolls back; waiting here keeps the workspace file consistent.
  if (m_importer->isRunning()) {
    m_importer->cancel();
    m_importer->waitForFinished(30000);
  }
  // Senders get their answers and what was received is committed before the window goes.
  m_livePage->stop();
  QMainWindow::closeEvent(event);
}

}  // namespace sightline
