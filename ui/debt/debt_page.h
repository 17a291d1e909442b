#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <QWidget>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"
#include "ui/debt/debt_evidence_panel.h"
#include "ui/debt/debt_loader.h"
#include "ui/widgets/latest_job.h"

class QButtonGroup;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace sightline {

class CostDebtModel;
class DebtComparePane;
class DebtSortProxy;
class DebtTableModel;
class HotUntestedModel;

// The "Tech debt" page: code-quality signals per service beside their runtime cost, in four
// modes: Signals (the heatmap: services → directories → files × coverage, duplication,
// vulnerabilities, smells, debt, churn | p99, errors, critical path, CPU, findings), Cost ×
// debt (code units × entry points, coloured by percentile), Hot and untested (ranked
// functions) and Compare (two sets of debt sources per service). Selecting a cell shows its
// evidence below; thresholds recolour without a reload and are the workspace's own (read with
// the data, saved by the thresholds dialog's OK); the code → service mapping is edited in a
// dialog. Every query runs on the thread pool with its own connection, and the result of a
// request the user has moved on from is dropped.
class DebtPage : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { Signals, CostDebt, HotUntested, Compare };

  explicit DebtPage(QWidget* parent = nullptr);
  ~DebtPage() override;

  // The workspace to read; clears the page. Data is read when the page is on screen.
  void setWorkspacePath(const QString& path, bool readOnly = false);
  // Reads again (after an import): at once when on screen, else when next shown.
  void refresh();

  void setMode(Mode mode);
  Mode mode() const { return m_mode; }
  // Recolours every mode's cells; later reads use them too, instead of the workspace's own,
  // until the next setWorkspacePath.
  void setThresholds(const DebtThresholds& thresholds);
  const DebtThresholds& thresholds() const { return m_thresholds; }

  // Selects a cell of the heatmap (an index of tableModel()) and reads its evidence.
  void selectCell(const QModelIndex& index);
  // Selects a cell of the cost × debt grid (an index of costModel()) and reads its unit's
  // evidence; returns the view's index, invalid when `index` is.
  QModelIndex selectCostCell(const QModelIndex& index);
  // Expands table row `row` (an index into the table's rows) in the heatmap.
  void expandRow(int row);
  // The heatmap cell a first look should go to (a red code cell of the hottest service), as
  // an index of tableModel(); invalid when there is none.
  QModelIndex showcaseCell() const;

  // The dialogs, as the toolbar's buttons open them.
  void editThresholds();
  void editMapping();
  // Stores the user's code → service rules (on a worker) and reads again; rulesSaved follows.
  void saveMapping(const std::vector<ServicePathRule>& userRules);
  // What the thresholds dialog's OK does: setThresholds, then stores them as the workspace's
  // own (on a worker); thresholdsSaved follows. A read-only workspace keeps them for this
  // session only, and the status line says so.
  void saveThresholds(const DebtThresholds& thresholds);

  std::shared_ptr<const DebtTable> table() const { return m_table; }
  bool isBusy() const;

  QButtonGroup* modeButtons() const { return m_modes; }
  QLabel* statusLabel() const { return m_status; }
  QPushButton* thresholdsButton() const { return m_thresholdsButton; }
  QPushButton* mappingButton() const { return m_mappingButton; }
  DebtTableModel* tableModel() const { return m_tableModel; }
  DebtSortProxy* tableProxy() const { return m_tableProxy; }
  QTreeView* tableView() const { return m_tableView; }
  CostDebtModel* costModel() const { return m_costModel; }
  QTableView* costView() const { return m_costView; }
  HotUntestedModel* hotModel() const { return m_hotModel; }
  QTableView* hotView() const { return m_hotView; }
  DebtComparePane* comparePane() const { return m_compare; }
  DebtEvidencePanel* evidencePanel() const { return m_evidence; }

 signals:
  // The heatmap (or why there is none) is on screen.
  void tableShown();
  void costDebtShown();
  void hotUntestedShown();
  void comparisonShown();
  void evidenceShown();
  // The mapping was stored (the page reads again).
  void rulesSaved();
  // The thresholds were stored in the workspace.
  void thresholdsSaved();
  void loadFailed(const QString& message);
  // Open profile `profileId` focused by `focusRegex` on the Profiles page.
  void flameGraphRequested(qint64 profileId, const QString& focusRegex, const QString& description);
  // Show the finding (rule, title) on the Diagnosis tab.
  void findingOpenRequested(const QString& rule, const QString& title);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void buildLayout();
  void connectSignals();
  DebtTableOptions options() const;
  // The workspace's thresholds, unless the page has its own for this session.
  DebtThresholdsFrom thresholdsFrom() const;
  // Recolours every mode's cells (the dialog's live preview, the workspace's thresholds read).
  void applyThresholds(const DebtThresholds& thresholds);
  // Reads what the current mode shows if it is stale.
  void loadCurrentMode();
  void loadTable();
  void loadCostDebt();
  void loadHotUntested();
  void onTableLoaded(const DebtLoad& load);
  // Puts a table read on screen, keeping the expanded units and the selected cell.
  void replaceTable(const DebtTable& table);
  void onCostDebtLoaded(const CostDebtLoad& load);
  void onHotUntestedLoaded(const HotUntestedLoad& load);
  void requestComparison();
  void requestEvidence(const std::string& service, const std::string& unitPath, const QString& note,
                       DebtEvidencePanel::Tab tab);
  void onHeatmapCurrentChanged(const QModelIndex& proxyIndex);
  void onCostCurrentChanged(const QModelIndex& proxyIndex);
  void onHotCurrentChanged(const QModelIndex& proxyIndex);
  void updateStatus();

  QString m_path;
  bool m_readOnly = false;
  Mode m_mode = Mode::Signals;
  DebtThresholds m_thresholds;
  // The thresholds were set in this session (setThresholds): reads no longer take the
  // workspace's.
  bool m_ownThresholds = false;
  // About the thresholds, for the status line: a stored value that does not read, a save that
  // failed, session-only thresholds of a read-only workspace.
  QString m_thresholdsNote;
  std::shared_ptr<const DebtTable> m_table;
  std::vector<DebtSourceInfo> m_sources;
  QString m_tableError;
  qint64 m_tableMs = 0;
  bool m_tableStale = true;
  bool m_costStale = true;
  bool m_hotStale = true;
  // The Compare mode compares its default sides by itself once.
  bool m_compareAsked = false;
  LatestJob m_tableJob;
  LatestJob m_costJob;
  LatestJob m_hotJob;
  LatestJob m_evidenceJob;
  LatestJob m_compareJob;
  LatestJob m_saveJob;
  LatestJob m_thresholdsJob;

  QButtonGroup* m_modes = nullptr;
  QLabel* m_status = nullptr;
  QPushButton* m_thresholdsButton = nullptr;
  QPushButton* m_mappingButton = nullptr;
  QStackedWidget* m_stack = nullptr;
  DebtTableModel* m_tableModel = nullptr;
  DebtSortProxy* m_tableProxy = nullptr;
  QTreeView* m_tableView = nullptr;
  CostDebtModel* m_costModel = nullptr;
  DebtSortProxy* m_costProxy = nullptr;
  QTableView* m_costView = nullptr;
  HotUntestedModel* m_hotModel = nullptr;
  DebtSortProxy* m_hotProxy = nullptr;
  QTableView* m_hotView = nullptr;
  DebtComparePane* m_compare = nullptr;
  DebtEvidencePanel* m_evidence = nullptr;
};

}  // namespace sightline
