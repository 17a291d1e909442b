#pragma once

#include <optional>
#include <vector>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// Two debt snapshots compared per service: for each code column "baseline → target" and the
// change (Δ), green when it is an improvement (coverage up, the others down), red when it is
// a regression. Absent figures are "–" and their change is absent too.
class DebtCompareModel : public VectorTableModel<DebtServiceChange> {
  Q_OBJECT
 public:
  enum Role { SortRole = Qt::UserRole + 1, DirectionRole };
  // DirectionRole: +1 better, -1 worse, 0 unchanged; invalid when a side is absent.
  static constexpr int kServiceColumn = 0;
  // The figures compared, each as a pair of columns (both sides, then the change).
  static const std::vector<DebtColumn>& comparedColumns();
  static int bothColumn(int figure) { return 1 + 2 * figure; }
  static int changeColumn(int figure) { return 2 + 2 * figure; }

  explicit DebtCompareModel(QObject* parent = nullptr);

  void setChanges(std::vector<DebtServiceChange> changes) { replaceRows(std::move(changes)); }
  const std::vector<DebtServiceChange>& changes() const { return rows(); }
  // +1 better, -1 worse, 0 the same, nullopt when a side lacks the figure.
  static std::optional<int> direction(DebtColumn column, const DebtServiceChange& change);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline
