#pragma once

#include <memory>

#include <QElapsedTimer>
#include <QWidget>

#include "importers/live/live_session.h"
#include "ui/live/live_rates.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace sightline {

class Workspace;

// The "Live" page: start and stop the receivers that let applications and collectors send
// OTLP into the open workspace, their addresses, the snippets that point a Collector or an
// SDK at them, and live counters. The session writes on its own threads; this page only
// samples its totals once a second and tells the window (dataArrived, at most every
// refreshIntervalMs) when the other pages should re-read the workspace.
class LivePage : public QWidget {
  Q_OBJECT
 public:
  explicit LivePage(QWidget* parent = nullptr);
  ~LivePage() override;

  // The workspace live data goes into; stops a running session. `readOnly`: nothing can be
  // received (an older workspace kept as it was).
  void setWorkspacePath(const QString& path, bool readOnly);
  bool isRunning() const;
  // Starts with the addresses in the boxes. False (and a message on the page) on failure; a
  // port in use is answered with a dialog offering a free one unless `interactive` is false.
  bool start(bool interactive = true);
  void stop();
  // How often, at most, dataArrived is emitted while data keeps coming.
  void setRefreshIntervalMs(int ms) { m_refreshIntervalMs = ms; }

  QLineEdit* httpAddressEdit() const { return m_httpAddress; }
  QCheckBox* httpEnabledBox() const { return m_httpEnabled; }
  QLineEdit* grpcAddressEdit() const { return m_grpcAddress; }
  QCheckBox* grpcEnabledBox() const { return m_grpcEnabled; }
  QCheckBox* allowRemoteBox() const { return m_allowRemote; }
  QCheckBox* apiKeyBox() const { return m_requireKey; }
  QLineEdit* apiKeyEdit() const { return m_apiKey; }
  QLineEdit* corsEdit() const { return m_cors; }
  QPushButton* startButton() const { return m_start; }
  QLabel* stateLabel() const { return m_state; }
  QLabel* countersLabel() const { return m_counters; }
  QPlainTextEdit* collectorSnippetView() const { return m_collectorSnippet; }
  QPlainTextEdit* sdkSnippetView() const { return m_sdkSnippet; }
  QTableWidget* targetTable() const { return m_targets; }
  // Adds a puller ("URL" or "URL,15s") to the table and keeps the list in the workspace, which
  // lists them again when it is opened next; started with the next Start. False with `error`
  // filled when the text is not a URL with an optional interval.
  bool addTarget(LiveTargetHealth::Kind kind, const QString& spec, QString* error = nullptr);
  // Removes the table's row `row` (and from the workspace's list).
  void removeTarget(int row);
  LiveTotals totals() const;

 signals:
  // New data was committed since the last emission: the pages showing the workspace should
  // re-read it (traces when spans changed, metrics when points did, profiles likewise).
  void dataArrived(const sightline::LiveTotals& totals, bool spans, bool points, bool profiles);
  void runningChanged(bool running);

 private:
  void buildUi();
  void toggle();
  void sample();
  void updateSnippets();
  void updateTargets(const std::vector<LiveTargetHealth>& targets);
  void askForTarget(LiveTargetHealth::Kind kind);
  bool appendTarget(LiveTargetHealth::Kind kind, const QString& spec, QString* error);
  void keepTargets();
  void restoreTargets(Workspace& workspace);
  void updateWarnings();
  void setStartable(bool startable);
  void setSettingsEditable(bool editable);
  void ensureApiKey();
  // Keeps a live setting in the open workspace (nothing when there is none or it is read-only).
  Status keepSetting(const char* key, const std::string& value);
  LiveSessionConfig configFromUi(QString* error) const;

  QString m_path;
  bool m_readOnly = true;
  std::unique_ptr<LiveSession> m_session;
  LiveRates m_rates;
  QElapsedTimer m_clock;
  QTimer* m_sampleTimer = nullptr;
  LiveTotals m_emittedTotals;
  qint64 m_lastEmitMs = 0;
  int m_refreshIntervalMs = 2000;

  QCheckBox* m_httpEnabled = nullptr;
  QLineEdit* m_httpAddress = nullptr;
  QCheckBox* m_grpcEnabled = nullptr;
  QLineEdit* m_grpcAddress = nullptr;
  QCheckBox* m_allowRemote = nullptr;
  QLabel* m_remoteWarning = nullptr;
  QCheckBox* m_requireKey = nullptr;
  QLineEdit* m_apiKey = nullptr;
  QPushButton* m_newKey = nullptr;
  QLineEdit* m_cors = nullptr;
  QPushButton* m_start = nullptr;
  QLabel* m_state = nullptr;
  QLabel* m_counters = nullptr;
  QTableWidget* m_targets = nullptr;
  QPushButton* m_addScrape = nullptr;
  QPushButton* m_addPprof = nullptr;
  QPushButton* m_removeTarget = nullptr;
  QPlainTextEdit* m_collectorSnippet = nullptr;
  QPlainTextEdit* m_sdkSnippet = nullptr;
};

}  // namespace sightline
