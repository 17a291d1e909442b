#pragma once

#include <string>
#include <vector>

#include <QAbstractTableModel>

#include "model/debt/debt_table.h"

namespace sightline {

// The code → service rules as an editable table: prefix, service, origin. Editing a rule's
// prefix or service makes it the user's (origin "user"), as accepting a proposal does; the
// user's rules are what saveUserServicePathRules stores.
class ServicePathRulesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { PrefixColumn, ServiceColumn, OriginColumn, ColumnCount };
  static constexpr const char* kUserOrigin = "user";

  explicit ServicePathRulesModel(QObject* parent = nullptr);

  void setRules(std::vector<ServicePathRule> rules);
  const std::vector<ServicePathRule>& rules() const { return m_rules; }
  // The user's rules (accepted and edited proposals among them), blank ones left out.
  std::vector<ServicePathRule> userRules() const;
  static bool isUserRule(const ServicePathRule& rule);

  // Appends a user rule and returns its row.
  int addRule(const std::string& prefix, const std::string& service);
  // Makes the rule at `row` the user's.
  void acceptRule(int row);
  // Removes a user rule (proposals stay: the next import proposes them again).
  bool removeRule(int row);
  // Why the user's rules cannot be saved ("" when they can): a blank prefix or service, or two
  // user rules with one prefix.
  QString problem() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<ServicePathRule> m_rules;
};

// The directory a rule for an unmapped path would start from: the path up to its last '/'
// (with it), or the path itself when it has none.
std::string proposedPrefixFor(const std::string& path);

}  // namespace sightline
