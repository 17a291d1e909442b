#include "ui/debt/debt_table_model.h"

#include "ui/debt/debt_cell_text.h"

namespace sightline {

namespace {

QString kindName(DebtUnitKind kind) {
  switch (kind) {
    case DebtUnitKind::Project:
      return DebtTableModel::tr("service");
    case DebtUnitKind::Directory:
      return DebtTableModel::tr("directory");
    case DebtUnitKind::File:
      return DebtTableModel::tr("file");
    case DebtUnitKind::Function:
      return DebtTableModel::tr("function");
  }
  return {};
}

}  // namespace

DebtTableModel::DebtTableModel(QObject* parent) : QAbstractItemModel(parent) {
  m_children.resize(1);
}

std::optional<DebtColumn> DebtTableModel::debtColumnOf(int column) {
  if (column < kFirstFigureColumn || column >= kColumnCount)
    return std::nullopt;
  return static_cast<DebtColumn>(column - kFirstFigureColumn);
}

void DebtTableModel::setTable(DebtTable table) {
  beginResetModel();
  m_table = std::move(table);
  const int count = static_cast<int>(m_table.rows.size());
  m_children.assign(static_cast<std::size_t>(count) + 1, {});
  m_position.assign(static_cast<std::size_t>(count), 0);
  m_parent.assign(static_cast<std::size_t>(count), -1);
  for (int row = 0; row < count; ++row) {
    int parent = m_table.rows[static_cast<std::size_t>(row)].parent;
    // A parent must come before its children (the table is depth-first): anything else
    // would make a cycle, so such a row is shown at the top level.
    if (parent < 0 || parent >= row)
      parent = -1;
    m_parent[static_cast<std::size_t>(row)] = parent;
    std::vector<int>& siblings =
        m_children[parent < 0 ? static_cast<std::size_t>(count) : static_cast<std::size_t>(parent)];
    m_position[static_cast<std::size_t>(row)] = static_cast<int>(siblings.size());
    siblings.push_back(row);
  }
  endResetModel();
}

void DebtTableModel::setThresholds(const DebtThresholds& thresholds) {
  m_thresholds = thresholds;
  emitChanged(-1, {});
  emit headerDataChanged(Qt::Horizontal, kFirstFigureColumn, kColumnCount - 1);
}

void DebtTableModel::emitChanged(int parentRow, const QModelIndex& parentIndex) {
  const std::vector<int>& children = childrenOf(parentRow);
  if (children.empty())
    return;
  emit dataChanged(index(0, kFirstFigureColumn, parentIndex),
                   index(static_cast<int>(children.size()) - 1, kColumnCount - 1, parentIndex),
                   {StatusRole, Qt::ToolTipRole});
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (!childrenOf(children[i]).empty())
      emitChanged(children[i], index(static_cast<int>(i), 0, parentIndex));
  }
}

const std::vector<int>& DebtTableModel::childrenOf(int row) const {
  if (row < 0 || row >= static_cast<int>(m_table.rows.size()))
    return m_children.back();
  return m_children[static_cast<std::size_t>(row)];
}

const DebtRow* DebtTableModel::rowAt(const QModelIndex& index) const {
  if (!index.isValid() || index.model() != this)
    return nullptr;
  const auto row = static_cast<std::size_t>(index.internalId());
  return row < m_table.rows.size() ? &m_table.rows[row] : nullptr;
}

QModelIndex DebtTableModel::indexOfRow(int row, int column) const {
  if (row < 0 || row >= static_cast<int>(m_table.rows.size()) || column < 0 ||
      column >= kColumnCount)
    return {};
  return createIndex(m_position[static_cast<std::size_t>(row)], column, static_cast<quintptr>(row));
}

int DebtTableModel::findRow(const std::string& service, const std::string& path) const {
  for (std::size_t row = 0; row < m_table.rows.size(); ++row) {
    const DebtRow& r = m_table.rows[row];
    if (r.service == service && r.path == path)
      return static_cast<int>(row);
  }
  return -1;
}

QModelIndex DebtTableModel::index(int row, int column, const QModelIndex& parent) const {
  if (column < 0 || column >= kColumnCount || row < 0)
    return {};
  if (parent.isValid() && parent.column() != 0)
    return {};
  const int parentRow = parent.isValid() ? static_cast<int>(parent.internalId()) : -1;
  const std::vector<int>& children = childrenOf(parentRow);
  if (row >= static_cast<int>(children.size()))
    return {};
  return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex DebtTableModel::parent(const QModelIndex& child) const {
  if (!child.isValid())
    return {};
  const int parent = m_parent[static_cast<std::size_t>(child.internalId())];
  return parent < 0 ? QModelIndex() : indexOfRow(parent, 0);
}

int DebtTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0)
    return 0;
  return static_cast<int>(
      childrenOf(parent.isValid() ? static_cast<int>(parent.internalId()) : -1).size());
}

int DebtTableModel::columnCount(const QModelIndex&) const {
  return kColumnCount;
}

QString DebtTableModel::nameOf(const DebtRow& row) const {
  if (row.path.empty())
    return QString::fromStdString(row.service);
  QString name = QString::fromStdString(row.path);
  // Below a directory, only what is beyond it.
  const int self = static_cast<int>(&row - m_table.rows.data());
  const int parent = m_parent[static_cast<std::size_t>(self)];
  if (parent >= 0) {
    const std::string& above = m_table.rows[static_cast<std::size_t>(parent)].path;
    if (!above.empty() && row.path.size() > above.size() + 1 &&
        row.path.compare(0, above.size(), above) == 0 && row.path[above.size()] == '/')
      name = QString::fromStdString(row.path.substr(above.size() + 1));
  }
  if (row.kind == DebtUnitKind::Directory && !name.endsWith(QLatin1Char('/')))
    name += QLatin1Char('/');
  return name;
}

QVariant DebtTableModel::data(const QModelIndex& index, int role) const {
  const DebtRow* row = rowAt(index);
  if (!row)
    return {};
  const std::optional<DebtColumn> column = debtColumnOf(index.column());
  if (!column) {
    switch (role) {
      case Qt::DisplayRole:
      case SortRole:
        return nameOf(*row);
      case Qt::ToolTipRole: {
        QString tip = row->path.empty()
                          ? tr("service %1").arg(QString::fromStdString(row->service))
                          : QStringLiteral("%1 %2 · %3")
                                .arg(kindName(row->kind), QString::fromStdString(row->service),
                                     QString::fromStdString(row->path));
        // Who to talk to about it: the CODEOWNERS rule that covers the unit.
        if (!row->owners.empty()) {
          QStringList owners;
          for (const std::string& owner : row->owners)
            owners << QString::fromStdString(owner);
          tip += QLatin1Char('\n') + tr("owners: %1").arg(owners.join(QStringLiteral(", ")));
        }
        return tip;
      }
      case RowRole:
        return static_cast<int>(index.internalId());
      default:
        return {};
    }
  }
  switch (role) {
    case Qt::DisplayRole:
      return debtCellText(*column, row->figures);
    case Qt::ToolTipRole:
      return debtCellToolTip(*column, row->figures, m_thresholds);
    case Qt::TextAlignmentRole:
      return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    case SortRole: {
      const std::optional<double> value = debtColumnValue(*column, row->figures);
      return value ? QVariant(*value) : QVariant();
    }
    case StatusRole:
      return static_cast<int>(debtCellStatus(*column, row->figures, m_thresholds));
    case RowRole:
      return static_cast<int>(index.internalId());
    default:
      return {};
  }
}

QVariant DebtTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal)
    return {};
  const std::optional<DebtColumn> column = debtColumnOf(section);
  if (role == Qt::DisplayRole) {
    if (section == kNameColumn)
      return tr("Service / path");
    return column ? QString::fromUtf8(debtColumnTitle(*column)) : QVariant();
  }
  if (role == Qt::ToolTipRole && column)
    return debtColumnToolTip(*column, m_thresholds);
  return {};
}

}  // namespace sightline
