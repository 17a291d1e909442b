#pragma once

#include <string>
#include <vector>

#include <QDialog>

#include "model/debt/debt_table.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace sightline {

class ServicePathRulesModel;

// The code → service mapping: the rules (the user's editable; proposals accepted or edited
// become the user's) and the paths no rule maps, each of which can start a new rule. Save is
// enabled when the user's rules are complete; the caller stores userRules() and reloads.
class ServicePathRulesDialog : public QDialog {
  Q_OBJECT
 public:
  ServicePathRulesDialog(const std::vector<ServicePathRule>& rules,
                         const std::vector<std::string>& unmappedPaths, bool readOnly,
                         QWidget* parent = nullptr);

  std::vector<ServicePathRule> userRules() const;

  ServicePathRulesModel* model() const { return m_model; }
  QTableView* table() const { return m_table; }
  QListWidget* unmappedList() const { return m_unmapped; }
  QPushButton* saveButton() const { return m_save; }
  QPushButton* acceptButton() const { return m_accept; }
  QPushButton* mapButton() const { return m_map; }
  QLabel* problemLabel() const { return m_problem; }

 private:
  void updateButtons();
  int currentRow() const;

  bool m_readOnly = false;
  ServicePathRulesModel* m_model = nullptr;
  QTableView* m_table = nullptr;
  QListWidget* m_unmapped = nullptr;
  QPushButton* m_add = nullptr;
  QPushButton* m_accept = nullptr;
  QPushButton* m_remove = nullptr;
  QPushButton* m_map = nullptr;
  QPushButton* m_save = nullptr;
  QLabel* m_problem = nullptr;
};

}  // namespace sightline
