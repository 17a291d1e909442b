#pragma once

#include <vector>

#include <QDialog>

#include "model/debt/debt_thresholds.h"

class QDoubleSpinBox;
class QLabel;

namespace sightline {

// Edits the heatmap's thresholds: one field per DebtThresholds member, and "Sonar way
// defaults" (SonarQube's quality gate for the code axes, the diagnosis budgets for runtime).
// A line says what OK does: save them in the workspace, or (read-only) keep them for the
// session.
class DebtThresholdsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit DebtThresholdsDialog(const DebtThresholds& thresholds, QWidget* parent = nullptr);

  // The thresholds the fields say.
  DebtThresholds thresholds() const;
  void setThresholds(const DebtThresholds& thresholds);
  // The workspace cannot keep the thresholds: OK applies them for this session only.
  void setReadOnly(bool readOnly);
  QLabel* saveNote() const { return m_saveNote; }
  // The field of a member, for tests (in the order of DebtThresholds' members).
  QDoubleSpinBox* field(int member) const { return m_fields[static_cast<std::size_t>(member)]; }
  int fieldCount() const { return static_cast<int>(m_fields.size()); }

 signals:
  // A field changed: the page recolours at once (live preview), Cancel restores.
  void thresholdsEdited(const sightline::DebtThresholds& thresholds);

 private:
  std::vector<QDoubleSpinBox*> m_fields;
  QLabel* m_saveNote = nullptr;
};

}  // namespace sightline

Q_DECLARE_METATYPE(sightline::DebtThresholds)
