#pragma once

#include <cstdint>
#include <vector>

#include <QWidget>

#include "model/debt/debt_table.h"
#include "ui/debt/debt_compare_sides.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace sightline {

class DebtCompareModel;

// The Compare mode of the Tech debt page: the debt sources twice, ticked for "before" and
// "after" (e.g. the coverage before and after a testing push), and per service each code
// figure as before → after with its change, green when better and red when worse.
class DebtComparePane : public QWidget {
  Q_OBJECT
 public:
  explicit DebtComparePane(QWidget* parent = nullptr);

  // Lists `sources` on both sides, ticked as `sides` says.
  void setSources(const std::vector<DebtSourceInfo>& sources, const DebtSides& sides);
  const std::vector<DebtSourceInfo>& sources() const { return m_sources; }
  void setSides(const DebtSides& sides);
  DebtSides sides() const;
  // Why the ticked sides cannot be compared ("" when they can).
  QString problem() const;

  void showChanges(std::vector<DebtServiceChange> changes);
  void showMessage(const QString& text);

  QListWidget* baselineList() const { return m_baseline; }
  QListWidget* targetList() const { return m_target; }
  QPushButton* compareButton() const { return m_compare; }
  DebtCompareModel* model() const { return m_model; }
  QTableView* table() const { return m_table; }
  QLabel* summaryLabel() const { return m_summary; }

 signals:
  void compareRequested();

 private:
  void fill(QListWidget* list, const std::vector<std::int64_t>& ticked);
  static std::vector<std::int64_t> ticked(const QListWidget* list);
  void updateButton();

  std::vector<DebtSourceInfo> m_sources;
  QListWidget* m_baseline = nullptr;
  QListWidget* m_target = nullptr;
  QPushButton* m_compare = nullptr;
  DebtCompareModel* m_model = nullptr;
  QTableView* m_table = nullptr;
  QLabel* m_summary = nullptr;
};

}  // namespace sightline
