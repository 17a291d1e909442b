#pragma once

#include <QWidget>

#include "model/debt/debt_thresholds.h"
#include "ui/debt/debt_loader.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace sightline {

class DebtFilesModel;
class DebtFindingsModel;
class DebtIssuesModel;
class HotUntestedModel;

// What a heatmap cell stands on: the unit's files with their figures, the static-analysis
// results (tool, rule, level, file:line, message), the uncovered hot functions and the
// findings, each with an "Open" that asks for it on the Diagnosis tab; "Flame graph" asks for
// the unit's profile focused on it, and a hot function's double-click for that function.
class DebtEvidencePanel : public QWidget {
  Q_OBJECT
 public:
  enum class Tab { Files, Issues, HotUntested, Findings };

  explicit DebtEvidencePanel(QWidget* parent = nullptr);

  // A hint instead of evidence (nothing selected).
  void showHint(const QString& text = {});
  void showLoading(const QString& unit);
  void showError(const QString& message);
  // `note` says what the selected cell shows (its tooltip text), under the title; `preferred`
  // is the tab brought to the front unless it is empty.
  void showEvidence(const DebtEvidenceLoad& load, const QString& note, Tab preferred = Tab::Files);
  void setThresholds(const DebtThresholds& thresholds);

  QLabel* titleLabel() const { return m_title; }
  QLabel* noteLabel() const { return m_note; }
  QPushButton* flameButton() const { return m_flame; }
  QTabWidget* tabs() const { return m_tabs; }
  DebtFilesModel* filesModel() const { return m_files; }
  DebtIssuesModel* issuesModel() const { return m_issues; }
  HotUntestedModel* hotModel() const { return m_hot; }
  DebtFindingsModel* findingsModel() const { return m_findings; }
  QTableView* findingsTable() const { return m_findingsTable; }
  QTableView* hotTable() const { return m_hotTable; }
  // The "Open" button of findings row `row`, or null.
  QPushButton* openFindingButton(int row) const;

 signals:
  // Open profile `profileId` on the flame graph focused by `focusRegex` (`description` names
  // the unit).
  void flameGraphRequested(qint64 profileId, const QString& focusRegex, const QString& description);
  // Show this finding on the Diagnosis tab.
  void findingOpenRequested(const QString& rule, const QString& title);

 private:
  void setCounts();
  void clearTables();

  DebtEvidence m_evidence;
  QString m_unit;
  QLabel* m_title = nullptr;
  QLabel* m_note = nullptr;
  QPushButton* m_flame = nullptr;
  QTabWidget* m_tabs = nullptr;
  DebtFilesModel* m_files = nullptr;
  DebtIssuesModel* m_issues = nullptr;
  HotUntestedModel* m_hot = nullptr;
  DebtFindingsModel* m_findings = nullptr;
  QTableView* m_filesTable = nullptr;
  QTableView* m_issuesTable = nullptr;
  QTableView* m_hotTable = nullptr;
  QTableView* m_findingsTable = nullptr;
};

}  // namespace sightline
