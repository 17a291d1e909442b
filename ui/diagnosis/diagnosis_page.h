#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QWidget>

#include "model/common/ids.h"
#include "model/diagnosis/finding.h"
#include "model/profiles/profile_queries.h"
#include "ui/diagnosis/diagnosis_loader.h"
#include "ui/diagnosis/evidence_jump.h"
#include "ui/diagnosis/findings_table_model.h"
#include "ui/widgets/latest_job.h"

class QComboBox;
class QLabel;
class QPushButton;
class QStackedLayout;
class QTableView;

namespace sightline {

class FindingDetailsPanel;

// The "Diagnosis" page: the diagnosis engine's findings ranked by impact, filtered by
// severity, service and rule, with the selected finding expanded below (explanation and
// evidence). Opening a finding or an evidence row asks, through the *EvidenceRequested
// signals, for the trace, profile or series that proves it. Stored findings are read on the
// thread pool; when they are missing or older than the workspace's data the page runs the
// diagnosis there too (and stores the result unless the workspace is read-only).
class DiagnosisPage : public QWidget {
  Q_OBJECT
 public:
  enum class State { Idle, Loading, Diagnosing };

  explicit DiagnosisPage(QWidget* parent = nullptr);
  ~DiagnosisPage() override;

  // The workspace to read; clears the page and loads its findings. A read-only workspace's
  // findings are computed when stale but never stored.
  void setWorkspacePath(const QString& path, bool readOnly = false);
  // Reads the stored findings again (after an import), diagnosing when they are stale.
  void refresh();
  // Runs the diagnosis now, whatever is stored.
  void diagnose();
  // While an import runs the page does not start a diagnosis (the data is still changing);
  // refresh() once it is done.
  void setImportRunning(bool running);

  State state() const { return m_state; }
  bool isBusy() const { return m_state != State::Idle; }
  // Every finding delivered (unfiltered, in the stored order) and how they came.
  const std::vector<Finding>& findings() const { return m_model->findings(); }
  const std::optional<DiagnosisSnapshot::State>& lastResult() const { return m_lastResult; }
  // Findings of severity high or critical.
  int severeCount() const;

  // Sets the filter combos (entries missing from them are ignored).
  void setFilter(const FindingsFilter& filter);
  // Selects (and expands) the finding at row `row` of the filtered table.
  void selectFinding(int row);
  // The finding expanded below the table, or null.
  const Finding* currentFinding() const;
  // Opens the finding at row `row` of the filtered table: its main evidence.
  void openFinding(int row);
  // Opens evidence row `row` of the current finding.
  void openEvidence(int row);

  FindingsTableModel* model() const { return m_model; }
  FindingsFilterModel* proxy() const { return m_proxy; }
  QTableView* table() const { return m_table; }
  FindingDetailsPanel* details() const { return m_details; }
  QComboBox* severityBox() const { return m_severityBox; }
  QComboBox* serviceBox() const { return m_serviceBox; }
  QComboBox* ruleBox() const { return m_ruleBox; }
  QLabel* statusLabel() const { return m_status; }
  QPushButton* diagnoseButton() const { return m_diagnose; }

 signals:
  // New findings are on screen (also none): `count` in all, `severe` of them high or critical.
  void findingsShown(int count, int severe);
  // Show trace `traceId` with `spans` highlighted and its critical path.
  void traceEvidenceRequested(const sightline::TraceId& traceId,
                              const std::vector<sightline::SpanId>& spans);
  // Show `function` in profile `profileId`; with `labels`, only the samples they keep (a
  // span's), as `labelDescription` says.
  void functionEvidenceRequested(std::int64_t profileId, const QString& function,
                                 const std::optional<sightline::SampleLabelFilter>& labels,
                                 const QString& labelDescription);
  // Chart `series` (name{labels}) over [fromMs, toMs] (Unix milliseconds).
  void seriesEvidenceRequested(const QString& series, qint64 fromMs, qint64 toMs);
  void loadFailed(const QString& message);

 private:
  void buildLayout();
  void load();
  void onLoaded(DiagnosisSnapshot snapshot);
  void onComputed(DiagnosisSnapshot snapshot);
  // Puts `findings` on screen; findingsShown follows when `announce`.
  void showFindings(std::vector<Finding> findings, bool announce = true);
  void rebuildFilterBoxes();
  void applyFilter();
  void updateStatus();
  void onCurrentRowChanged();
  void openJump(const EvidenceJump& jump);
  void cancelRunning();

  QString m_path;
  bool m_readOnly = false;
  bool m_importRunning = false;
  State m_state = State::Idle;
  std::optional<DiagnosisSnapshot::State> m_lastResult;
  std::optional<DiagnosisRunInfo> m_run;
  bool m_stored = false;
  QString m_error;
  LatestJob m_job;
  LatestJob m_linkJob;
  std::shared_ptr<std::atomic<bool>> m_cancel;

  QLabel* m_status = nullptr;
  QComboBox* m_severityBox = nullptr;
  QComboBox* m_serviceBox = nullptr;
  QComboBox* m_ruleBox = nullptr;
  QPushButton* m_diagnose = nullptr;
  FindingsTableModel* m_model = nullptr;
  FindingsFilterModel* m_proxy = nullptr;
  QTableView* m_table = nullptr;
  QLabel* m_placeholder = nullptr;
  QStackedLayout* m_tableStack = nullptr;
  FindingDetailsPanel* m_details = nullptr;
};

}  // namespace sightline
