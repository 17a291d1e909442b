#pragma once

#include <vector>

#include <QWidget>

#include "model/diagnosis/finding.h"
#include "ui/widgets/vector_table_model.h"

class QLabel;
class QPushButton;
class QTableView;

namespace sightline {

// A finding's evidence rows as a table: kind, role, what the row names, when, and a column
// for the "Open" buttons.
class FindingEvidenceModel : public VectorTableModel<FindingEvidence> {
  Q_OBJECT
 public:
  enum Column { KindColumn, RoleColumn, TargetColumn, TimeColumn, OpenColumn, ColumnCount };

  explicit FindingEvidenceModel(QObject* parent = nullptr);
  void setEvidence(std::vector<FindingEvidence> evidence) { replaceRows(std::move(evidence)); }
  const std::vector<FindingEvidence>& evidence() const { return rows(); }

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

// The expanded finding below the table: title, severity, subject and impact, the
// explanation, and the evidence with an "Open" button per row.
class FindingDetailsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit FindingDetailsPanel(QWidget* parent = nullptr);

  // Shows `finding` (null: a hint instead).
  void showFinding(const Finding* finding);
  void clear() { showFinding(nullptr); }

  QLabel* titleLabel() const { return m_title; }
  QPushButton* openFindingButton() const { return m_openFinding; }
  QLabel* summaryLabel() const { return m_summary; }
  QLabel* explanationLabel() const { return m_explanation; }
  FindingEvidenceModel* evidenceModel() const { return m_evidenceModel; }
  QTableView* evidenceTable() const { return m_evidenceTable; }
  // The "Open" button of evidence row `row`, or null.
  QPushButton* openButton(int row) const;

 signals:
  // The user asked to see evidence row `row` of the finding shown.
  void evidenceOpenRequested(int row);
  // The user asked to see the finding's main evidence ("Open evidence").
  void findingOpenRequested();

 private:
  QLabel* m_title = nullptr;
  QPushButton* m_openFinding = nullptr;
  QLabel* m_summary = nullptr;
  QLabel* m_explanation = nullptr;
  FindingEvidenceModel* m_evidenceModel = nullptr;
  QTableView* m_evidenceTable = nullptr;
};

}  // namespace sightline
