#include "ui/metrics/metric_family_tree_model.h"

#include <map>

namespace sightline {

namespace {

// internalId of a top-level index; children carry their parent's row + 1.
constexpr quintptr kTopLevel = 0;

QString typeText(MetricType type) {
  return QString::fromLatin1(metricTypeName(type));
}

}  // namespace

MetricFamilyTreeModel::MetricFamilyTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

QString MetricFamilyTreeModel::prefixOf(const std::string& familyName) {
  const auto underscore = familyName.find('_');
  // A leading underscore is not a namespace.
  if (underscore == std::string::npos || underscore == 0)
    return QString::fromStdString(familyName);
  return QString::fromStdString(familyName.substr(0, underscore));
}

void MetricFamilyTreeModel::setFamilies(std::vector<MetricFamilySummary> families) {
  beginResetModel();
  m_families = std::move(families);
  m_top.clear();
  std::map<QString, std::vector<std::size_t>> byPrefix;
  for (std::size_t i = 0; i < m_families.size(); ++i)
    byPrefix[prefixOf(m_families[i].name)].push_back(i);
  for (auto& [prefix, members] : byPrefix) {
    TopItem item;
    item.prefix = prefix;
    if (members.size() == 1) {
      item.family = members.front();
    } else {
      item.children = std::move(members);
    }
    m_top.push_back(std::move(item));
  }
  endResetModel();
}

const MetricFamilySummary* MetricFamilyTreeModel::family(std::int64_t id) const {
  for (const MetricFamilySummary& family : m_families) {
    if (family.id == id)
      return &family;
  }
  return nullptr;
}

QModelIndex MetricFamilyTreeModel::indexOfFamily(std::int64_t id) const {
  for (std::size_t top = 0; top < m_top.size(); ++top) {
    const TopItem& item = m_top[top];
    if (item.children.empty()) {
      if (m_families[item.family].id == id)
        return index(static_cast<int>(top), 0);
      continue;
    }
    for (std::size_t child = 0; child < item.children.size(); ++child) {
      if (m_families[item.children[child]].id == id)
        return index(static_cast<int>(child), 0, index(static_cast<int>(top), 0));
    }
  }
  return {};
}

QModelIndex MetricFamilyTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (row < 0 || column < 0 || column >= ColumnCount)
    return {};
  if (!parent.isValid()) {
    if (static_cast<std::size_t>(row) >= m_top.size())
      return {};
    return createIndex(row, column, kTopLevel);
  }
  if (parent.internalId() != kTopLevel)
    return {};
  const TopItem& item = m_top[static_cast<std::size_t>(parent.row())];
  if (static_cast<std::size_t>(row) >= item.children.size())
    return {};
  return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex MetricFamilyTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid() || child.internalId() == kTopLevel)
    return {};
  return createIndex(static_cast<int>(child.internalId() - 1), 0, kTopLevel);
}

int MetricFamilyTreeModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid())
    return static_cast<int>(m_top.size());
  if (parent.column() != 0 || parent.internalId() != kTopLevel)
    return 0;
  return static_cast<int>(m_top[static_cast<std::size_t>(parent.row())].children.size());
}

int MetricFamilyTreeModel::columnCount(const QModelIndex&) const {
  return ColumnCount;
}

QVariant MetricFamilyTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid())
    return {};
  if (index.internalId() == kTopLevel) {
    const TopItem& item = m_top[static_cast<std::size_t>(index.row())];
    if (item.children.empty())
      return familyData(m_families[item.family], index.column(), role);
    return groupData(item, index.column(), role);
  }
  const TopItem& parent = m_top[static_cast<std::size_t>(index.internalId() - 1)];
  return familyData(m_families[parent.children[static_cast<std::size_t>(index.row())]],
                    index.column(), role);
}

QVariant MetricFamilyTreeModel::familyData(const MetricFamilySummary& family, int column,
                                           int role) const {
  if (role == FamilyIdRole)
    return QVariant::fromValue<qlonglong>(family.id);
  if (role == Qt::ToolTipRole) {
    QString tip = QString::fromStdString(family.name) + QStringLiteral(" (") +
                  typeText(family.type) + QLatin1Char(')');
    if (!family.help.empty())
      tip += QLatin1Char('\n') + QString::fromStdString(family.help);
    return tip;
  }
  if (role == SortRole && column == SeriesColumn)
    return QVariant::fromValue<qulonglong>(family.series);
  if (role != Qt::DisplayRole && role != SortRole)
    return {};
  switch (column) {
    case NameColumn:
      return QString::fromStdString(family.name);
    case TypeColumn:
      return typeText(family.type);
    case SeriesColumn:
      return QVariant::fromValue<qulonglong>(family.series);
    case UnitColumn:
      return QString::fromStdString(family.unit);
    case HelpColumn:
      // One line: the help text may hold escaped newlines.
      return QString::fromStdString(family.help).replace(QLatin1Char('\n'), QLatin1Char(' '));
    default:
      return {};
  }
}

QVariant MetricFamilyTreeModel::groupData(const TopItem& item, int column, int role) const {
  if (role == FamilyIdRole)
    return QVariant::fromValue<qlonglong>(0);
  std::uint64_t series = 0;
  for (std::size_t child : item.children)
    series += m_families[child].series;
  if (role == SortRole && column == SeriesColumn)
    return QVariant::fromValue<qulonglong>(series);
  if (role == Qt::ToolTipRole)
    return tr("%n famil(y/ies) named %1_…", nullptr, static_cast<int>(item.children.size()))
        .arg(item.prefix);
  if (role != Qt::DisplayRole && role != SortRole)
    return {};
  switch (column) {
    case NameColumn:
      return role == SortRole ? item.prefix
                              : item.prefix + QStringLiteral("_… (%1)").arg(item.children.size());
    case SeriesColumn:
      return QVariant::fromValue<qulonglong>(series);
    default:
      return {};
  }
}

QVariant MetricFamilyTreeModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case NameColumn:
      return tr("Family");
    case TypeColumn:
      return tr("Type");
    case SeriesColumn:
      return tr("Series");
    case UnitColumn:
      return tr("Unit");
    case HelpColumn:
      return tr("Help");
    default:
      return {};
  }
}

}  // namespace sightline
