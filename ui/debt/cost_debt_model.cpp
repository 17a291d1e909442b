#include "ui/debt/cost_debt_model.h"

#include <cmath>

#include "model/text/number_text.h"
#include "ui/debt/debt_cell_text.h"

namespace sightline {

QString costDebtUnitName(const CostDebtUnit& unit) {
  const QString service = QString::fromStdString(unit.service);
  if (unit.path.empty())
    return service;
  // "." is the package at the service's root.
  if (unit.path == ".")
    return CostDebtModel::tr("%1 (root package)").arg(service);
  return QStringLiteral("%1 · %2").arg(service, QString::fromStdString(unit.path));
}

std::string costDebtEvidencePath(const CostDebtUnit& unit) {
  return unit.path == "." ? std::string() : unit.path;
}

CostDebtModel::CostDebtModel(QObject* parent) : QAbstractTableModel(parent) {}

void CostDebtModel::setMatrix(CostDebtMatrix matrix) {
  beginResetModel();
  m_matrix = std::move(matrix);
  const std::size_t units = m_matrix.units.size();
  const std::size_t entries = m_matrix.entries.size();
  m_grid.assign(units * entries, -1);
  for (std::size_t i = 0; i < m_matrix.cells.size(); ++i) {
    const CostDebtCell& cell = m_matrix.cells[i];
    if (cell.unit < 0 || cell.entry < 0 || static_cast<std::size_t>(cell.unit) >= units ||
        static_cast<std::size_t>(cell.entry) >= entries)
      continue;
    m_grid[static_cast<std::size_t>(cell.unit) * entries + static_cast<std::size_t>(cell.entry)] =
        static_cast<int>(i);
  }
  endResetModel();
}

const CostDebtCell* CostDebtModel::cellAt(const QModelIndex& index) const {
  if (!index.isValid() || index.model() != this || index.column() < kFirstEntryColumn)
    return nullptr;
  const std::size_t entries = m_matrix.entries.size();
  const std::size_t slot = static_cast<std::size_t>(index.row()) * entries +
                           static_cast<std::size_t>(index.column() - kFirstEntryColumn);
  if (slot >= m_grid.size() || m_grid[slot] < 0)
    return nullptr;
  return &m_matrix.cells[static_cast<std::size_t>(m_grid[slot])];
}

const CostDebtUnit* CostDebtModel::unitAt(const QModelIndex& index) const {
  if (!index.isValid() || index.model() != this ||
      static_cast<std::size_t>(index.row()) >= m_matrix.units.size())
    return nullptr;
  return &m_matrix.units[static_cast<std::size_t>(index.row())];
}

QModelIndex CostDebtModel::topCell() const {
  const CostDebtCell* best = nullptr;
  for (const CostDebtCell& cell : m_matrix.cells) {
    if (cell.unit < 0 || cell.entry < 0 ||
        static_cast<std::size_t>(cell.unit) >= m_matrix.units.size() ||
        static_cast<std::size_t>(cell.entry) >= m_matrix.entries.size())
      continue;
    if (!best || cell.score > best->score)
      best = &cell;
  }
  return best ? index(best->unit, kFirstEntryColumn + best->entry) : QModelIndex();
}

int CostDebtModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_matrix.units.size());
}

int CostDebtModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kFirstEntryColumn + static_cast<int>(m_matrix.entries.size());
}

QVariant CostDebtModel::data(const QModelIndex& index, int role) const {
  const CostDebtUnit* unit = unitAt(index);
  if (!unit)
    return {};
  if (role == UnitRole)
    return index.row();
  const QString unitName = costDebtUnitName(*unit);
  if (index.column() == kUnitColumn) {
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == SortRole)
      return unitName;
    return {};
  }
  if (index.column() == kCoverageColumn) {
    switch (role) {
      case Qt::DisplayRole:
        return unit->coverage ? debtPercentText(*unit->coverage) : debtAbsentText();
      case SortRole:
        return unit->coverage ? QVariant(*unit->coverage) : QVariant();
      case Qt::TextAlignmentRole:
        return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
      default:
        return {};
    }
  }
  const CostDebtCell* cell = cellAt(index);
  if (!cell) {
    if (role == Qt::ToolTipRole)
      return tr("%1 is not on the path of this entry point").arg(unitName);
    return {};
  }
  switch (role) {
    case Qt::DisplayRole:
      return QString::number(std::lround(cell->percentile * 100));
    case SortRole:
      return cell->score;
    case PercentileRole:
      return cell->percentile;
    case SparseRole:
      return cell->sparse;
    case Qt::TextAlignmentRole:
      return QVariant::fromValue<int>(Qt::AlignCenter);
    case Qt::ToolTipRole: {
      const QString entry =
          QString::fromStdString(m_matrix.entries[static_cast<std::size_t>(cell->entry)]);
      QString text = tr("%1\nin %2\n\ncost %3 (traffic share × critical-path and CPU share)\n"
                        "debt %4 (1 + findings, regression and errors)\nscore %5: "
                        "percentile %6")
                         .arg(unitName, entry, formatSignificant(cell->cost, 3),
                              formatSignificant(cell->debt, 3), formatSignificant(cell->score, 3))
                         .arg(std::lround(cell->percentile * 100));
      if (cell->sparse)
        text += tr("\ntoo little data for a firm figure (hatched)");
      return text;
    }
    default:
      return {};
  }
}

QVariant CostDebtModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
    return {};
  if (section == kUnitColumn)
    return tr("Code unit");
  if (section == kCoverageColumn)
    return tr("Coverage");
  const int entry = section - kFirstEntryColumn;
  if (entry < 0 || entry >= static_cast<int>(m_matrix.entries.size()))
    return {};
  return QString::fromStdString(m_matrix.entries[static_cast<std::size_t>(entry)]);
}

}  // namespace sightline
