#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include <QList>
#include <QMainWindow>
#include <QStringList>

#include "importers/core/file_importer.h"
#include "model/profiles/profile_data.h"
#include "ui/debt/sonarqube_dialog.h"
#include "ui/shell/older_workspace_prompt.h"
#include "ui/widgets/latest_job.h"

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTemporaryDir;

namespace sightline {

class ComparePage;
class DebtPage;
class DiagnosisPage;
class ExportReportDialog;
class ImportController;
class LivePage;
class MetricPage;
class ProfilePage;
class RecentFiles;
struct SpanProfileLink;
class TraceListPanel;
class TracePage;

// The application window: File menu, the "Traces", "Trace", "Profiles", "Metrics",
// "Compare", "Tech debt", "Diagnosis" and "Live" pages, drag-and-drop import and a status bar with
// import progress and Cancel.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // `recent` is owned by the caller (who loads and saves it) and must outlive the window.
  explicit MainWindow(RecentFiles* recent, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens (creating if needed) a workspace file; false and `error` filled on failure. A file
  // written by an older Sightline is upgraded only if the user agrees; otherwise it is opened
  // read-only (upgraded in memory, imports refused) or not at all.
  bool openWorkspace(const QString& path, QString* error = nullptr);
  // The open workspace is an older one kept as it is: imports into it fail.
  bool isReadOnly() const;
  // Answers the older-workspace question without asking: for scripted runs (--screenshot),
  // which must not wait for a dialog.
  void setOlderWorkspaceChoice(std::optional<OlderWorkspaceChoice> choice) {
    m_olderWorkspaceChoice = choice;
  }
  // Switches to a fresh workspace in a temporary directory, removed on exit.
  bool openScratchWorkspace(QString* error = nullptr);
  QString workspacePath() const { return m_workspacePath; }
  // Imports files into the current workspace on a worker thread.
  void importFiles(const QStringList& files);
  // Pulls the measures of `connection`'s projects from a SonarQube server into the workspace
  // on a worker thread (File → Connect to SonarQube…); sonarQubePulled follows.
  void pullSonarQube(const SonarQubeConnection& connection);
  bool isPullingSonarQube() const { return m_sonarJob.isRunning(); }
  // Shows the "Trace" page and loads a trace into it.
  void openTrace(const TraceId& traceId);
  // Shows the "Profiles" page comparing profile `targetId` against `baselineId`: the
  // differential flame graph the Compare page asks for.
  void openProfileDiff(std::int64_t baselineId, std::int64_t targetId);
  // Shows the "Profiles" page with the samples of a span (or its trace).
  void openSpanProfile(const SpanProfileLink& link);
  // Shows the "Trace" page with a trace, `spans` highlighted and the critical path on (a
  // finding's evidence).
  void openTraceEvidence(const TraceId& traceId, const std::vector<SpanId>& spans);
  // Shows the "Profiles" page with profile `profileId` focused by `focusRegex` (pprof's
  // -focus): the Tech debt page's flame graph of a unit or function.
  void openProfileFocused(std::int64_t profileId, const QString& focusRegex,
                          const QString& description);
  // File › Export Report…: opens the export dialog on the workspace (window-modal, deleted
  // when closed); null without a workspace.
  ExportReportDialog* showExportReportDialog();
  // Shows the "Diagnosis" page with the finding (rule, title) selected, its filters cleared
  // if they hide it; false when the page does not list it.
  bool openDiagnosisFinding(const QString& rule, const QString& title);

  ImportController* importController() const { return m_importer; }
  TraceListPanel* traceList() const { return m_traceList; }
  TracePage* tracePage() const { return m_tracePage; }
  ProfilePage* profilePage() const { return m_profilePage; }
  MetricPage* metricPage() const { return m_metricPage; }
  DiagnosisPage* diagnosisPage() const { return m_diagnosisPage; }
  LivePage* livePage() const { return m_livePage; }
  ComparePage* comparePage() const { return m_comparePage; }
  DebtPage* debtPage() const { return m_debtPage; }
  QTabWidget* pages() const { return m_pages; }
  // The status bar's text: import progress, then the last import's summary.
  QString statusText() const;
  // Failures of the last finished import, as "path: message" lines.
  QStringList lastImportErrors() const { return m_lastErrors; }

 signals:
  // The imports asked for are done (the list is being refreshed); false if any failed.
  void importsFinished(bool allSucceeded);
  // A SonarQube pull is done (the pages read again); `summary` is what the status bar says.
  void sonarQubePulled(bool succeeded, const QString& summary);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void createMenus();
  void rebuildRecentMenu();
  void newWorkspace();
  void chooseWorkspace();
  void chooseImportFiles();
  void connectToSonarQube();
  void openRecent(const QString& path);
  void onImportStarted(int fileCount);
  void onImportProgress(int fileIndex, int fileCount, const QString& path, qint64 bytesRead,
                        qint64 bytesTotal, qint64 rows);
  void onProfileDecoded(const QString& path, std::shared_ptr<const ProfileData> profile);
  void onFileImported(const FileImportResult& result);
  void onImportFinished(const QList<FileImportResult>& results);
  void onProfilesListed(int count);
  void onMetricFamiliesListed(int count);
  void onFindingsShown(int count, int severe);
  void updateTitle();

  RecentFiles* m_recent = nullptr;
  std::unique_ptr<QTemporaryDir> m_scratchDir;
  QString m_workspacePath;
  bool m_scratch = false;
  std::optional<OlderWorkspaceChoice> m_olderWorkspaceChoice;
  ImportController* m_importer = nullptr;
  QTabWidget* m_pages = nullptr;
  TraceListPanel* m_traceList = nullptr;
  TracePage* m_tracePage = nullptr;
  ProfilePage* m_profilePage = nullptr;
  MetricPage* m_metricPage = nullptr;
  DiagnosisPage* m_diagnosisPage = nullptr;
  LivePage* m_livePage = nullptr;
  ComparePage* m_comparePage = nullptr;
  DebtPage* m_debtPage = nullptr;
  // Set when a workspace is opened: its first findings select the Diagnosis page when some
  // are high or critical (and the user is still on the trace list).
  bool m_selectDiagnosisOnOpen = false;
  QMenu* m_recentMenu = nullptr;
  QAction* m_exportReport = nullptr;  // enabled with a workspace
  QString m_lastReportFile;           // the last report written of this workspace
  QLabel* m_statusLabel = nullptr;
  QProgressBar* m_progress = nullptr;
  QPushButton* m_cancel = nullptr;
  QStringList m_lastErrors;
  // The last SonarQube server and projects asked for (never the token).
  SonarQubeConnection m_sonarConnection;
  LatestJob m_sonarJob;
  std::shared_ptr<std::atomic<bool>> m_sonarCancel;
  // Set when an import finishes: show the profiles when they are the first ones and the
  // import brought no first traces (the signal just imported that the workspace lacked).
  bool m_switchToProfilesIfNew = false;
  int m_profilesBeforeImport = 0;
  // The same for metrics: the page switches in when the workspace had no metric family.
  bool m_switchToMetricsIfNew = false;
  int m_metricFamiliesBeforeImport = 0;
  // The file whose decoded profile the Profiles page shows while it is stored, and the
  // spans the running batch imported so far (the same rule as m_switchToProfilesIfNew).
  QString m_decodedPath;
  std::uint64_t m_spansThisBatch = 0;
  // The page already switched in for a decoded profile: the user may have left it since.
  bool m_switchedForDecoded = false;
};

}  // namespace sightline
