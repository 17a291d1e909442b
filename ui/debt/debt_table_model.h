#pragma once

#include <optional>
#include <vector>

#include <QAbstractItemModel>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"

namespace sightline {

// The Signals heatmap as a tree over a DebtTable: services, expanding to their directories or
// packages, then files. Column 0 names the unit; the others are the DebtColumns in order. A
// cell shows its figure with its unit ("–" when absent), its tooltip the raw figure and the
// threshold; SortRole gives debtColumnValue (invalid when absent) and StatusRole the
// debtCellStatus under the thresholds set, which change without a reload.
class DebtTableModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Role {
    SortRole = Qt::UserRole + 1,
    StatusRole,  // int(DebtCellStatus) in the figure columns
    RowRole,     // the row's index in table().rows
  };
  static constexpr int kNameColumn = 0;
  static constexpr int kFirstFigureColumn = 1;
  static constexpr int kColumnCount = kFirstFigureColumn + kDebtColumnCount;
  static int columnOf(DebtColumn column) { return kFirstFigureColumn + static_cast<int>(column); }
  // The figure column of a model column, or nullopt for the name column.
  static std::optional<DebtColumn> debtColumnOf(int column);

  explicit DebtTableModel(QObject* parent = nullptr);

  // Replaces the rows (a model reset). Rows whose parent index is out of range or not before
  // them are shown as top-level rows rather than dropped.
  void setTable(DebtTable table);
  const DebtTable& table() const { return m_table; }
  // New colours, tooltips and status roles for every cell; no reset.
  void setThresholds(const DebtThresholds& thresholds);
  const DebtThresholds& thresholds() const { return m_thresholds; }

  // The row behind an index, or null.
  const DebtRow* rowAt(const QModelIndex& index) const;
  // The index of table().rows[row] in `column`, invalid when out of range.
  QModelIndex indexOfRow(int row, int column = 0) const;
  // The row of (service, path), -1 when there is none.
  int findRow(const std::string& service, const std::string& path) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  // Children of each table row (and of the invisible root, at the back), in table order.
  const std::vector<int>& childrenOf(int row) const;
  QString nameOf(const DebtRow& row) const;
  void emitChanged(int parentRow, const QModelIndex& parentIndex);

  DebtTable m_table;
  DebtThresholds m_thresholds;
  std::vector<std::vector<int>> m_children;  // m_table.rows.size() + 1 entries
  std::vector<int> m_position;               // each row's place among its siblings
  std::vector<int> m_parent;                 // each row's parent as shown (-1: top level)
};

}  // namespace sightline
