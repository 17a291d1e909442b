#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QAbstractTableModel>

#include "model/debt/debt_table.h"

namespace sightline {

// Cost × debt as a grid: one row per code unit, the unit and its coverage in the first two
// columns, then one column per entry point. A cell with a cost shows its percentile rank
// (PercentileRole, 0–1: the colour), SparseRole says it rests on too little data (hatched), and
// its tooltip spells out cost, debt and score. Cells without a cost are empty.
class CostDebtModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Role {
    SortRole = Qt::UserRole + 1,
    PercentileRole,  // double, invalid for a cell without a cost
    SparseRole,      // bool
    UnitRole,        // int index into matrix().units
  };
  static constexpr int kUnitColumn = 0;
  static constexpr int kCoverageColumn = 1;
  static constexpr int kFirstEntryColumn = 2;

  explicit CostDebtModel(QObject* parent = nullptr);

  void setMatrix(CostDebtMatrix matrix);
  const CostDebtMatrix& matrix() const { return m_matrix; }
  // The cell at a grid index, or null (the unit columns, a cell without a cost).
  const CostDebtCell* cellAt(const QModelIndex& index) const;
  const CostDebtUnit* unitAt(const QModelIndex& index) const;
  // The grid index of the highest-ranked cell, invalid when there is none.
  QModelIndex topCell() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  CostDebtMatrix m_matrix;
  // m_grid[unit * entries + entry]: index into m_matrix.cells, -1 for none.
  std::vector<int> m_grid;
};

// How the grid names a unit: "checkout · internal/pricing", "payment (root package)".
QString costDebtUnitName(const CostDebtUnit& unit);
// The path loadDebtEvidence takes for a unit: its package path, "" for the service's root
// package (which the matrix calls ".").
std::string costDebtEvidencePath(const CostDebtUnit& unit);

}  // namespace sightline
