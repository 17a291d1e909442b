#include "ui/debt/service_path_rules_model.h"

#include <set>

#include <QBrush>
#include <QFont>

#include "ui/debt/debt_colors.h"

namespace sightline {

ServicePathRulesModel::ServicePathRulesModel(QObject* parent) : QAbstractTableModel(parent) {}

void ServicePathRulesModel::setRules(std::vector<ServicePathRule> rules) {
  beginResetModel();
  m_rules = std::move(rules);
  endResetModel();
}

bool ServicePathRulesModel::isUserRule(const ServicePathRule& rule) {
  return rule.origin == kUserOrigin;
}

std::vector<ServicePathRule> ServicePathRulesModel::userRules() const {
  std::vector<ServicePathRule> rules;
  for (const ServicePathRule& rule : m_rules) {
    if (isUserRule(rule) && !rule.prefix.empty() && !rule.service.empty())
      rules.push_back(rule);
  }
  return rules;
}

int ServicePathRulesModel::addRule(const std::string& prefix, const std::string& service) {
  const int row = static_cast<int>(m_rules.size());
  beginInsertRows({}, row, row);
  m_rules.push_back({prefix, service, kUserOrigin});
  endInsertRows();
  return row;
}

void ServicePathRulesModel::acceptRule(int row) {
  if (row < 0 || row >= rowCount() || isUserRule(m_rules[static_cast<std::size_t>(row)]))
    return;
  m_rules[static_cast<std::size_t>(row)].origin = kUserOrigin;
  emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

bool ServicePathRulesModel::removeRule(int row) {
  if (row < 0 || row >= rowCount() || !isUserRule(m_rules[static_cast<std::size_t>(row)]))
    return false;
  beginRemoveRows({}, row, row);
  m_rules.erase(m_rules.begin() + row);
  endRemoveRows();
  return true;
}

QString ServicePathRulesModel::problem() const {
  std::set<std::string> prefixes;
  for (const ServicePathRule& rule : m_rules) {
    if (!isUserRule(rule))
      continue;
    if (rule.prefix.empty() || rule.service.empty())
      return tr("Every rule of yours needs a path prefix and a service.");
    if (!prefixes.insert(rule.prefix).second)
      return tr("Two of your rules have the prefix \"%1\".")
          .arg(QString::fromStdString(rule.prefix));
  }
  return {};
}

int ServicePathRulesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rules.size());
}

int ServicePathRulesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags ServicePathRulesModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags flags = QAbstractTableModel::flags(index);
  if (index.isValid() && index.column() != OriginColumn)
    flags |= Qt::ItemIsEditable;
  return flags;
}

bool ServicePathRulesModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
      index.column() == OriginColumn)
    return false;
  ServicePathRule& rule = m_rules[static_cast<std::size_t>(index.row())];
  const std::string text = value.toString().trimmed().toStdString();
  std::string& field = index.column() == PrefixColumn ? rule.prefix : rule.service;
  if (field == text)
    return false;
  field = text;
  // An edited proposal is the user's from now on.
  rule.origin = kUserOrigin;
  emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
  return true;
}

QVariant ServicePathRulesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const ServicePathRule& rule = m_rules[static_cast<std::size_t>(index.row())];
  const bool user = isUserRule(rule);
  switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
      switch (index.column()) {
        case PrefixColumn:
          return QString::fromStdString(rule.prefix);
        case ServiceColumn:
          return QString::fromStdString(rule.service);
        case OriginColumn:
          return user ? tr("yours")
                      : tr("proposed from %1").arg(QString::fromStdString(rule.origin));
        default:
          return {};
      }
    case Qt::ForegroundRole:
      return user ? QVariant() : QVariant(QBrush(debt_colors::mutedText()));
    case Qt::FontRole:
      if (!user) {
        QFont font;
        font.setItalic(true);
        return font;
      }
      return {};
    case Qt::ToolTipRole:
      return user ? tr("Your rule: it is never replaced by a proposal")
                  : tr("Proposed by Sightline; accept or edit it to make it yours");
    default:
      return {};
  }
}

QVariant ServicePathRulesModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case PrefixColumn:
      return tr("Path prefix");
    case ServiceColumn:
      return tr("Service");
    case OriginColumn:
      return tr("Origin");
    default:
      return {};
  }
}

std::string proposedPrefixFor(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(0, slash + 1);
}

}  // namespace sightline
