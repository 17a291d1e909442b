#pragma once

#include <vector>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// "Hot and untested": functions with a high CPU or critical-path share in poorly covered
// files, in the given (ranked) order. The coverage cell carries a heatmap status against the
// coverage gate (StatusRole, as DebtTableModel's).
class HotUntestedModel : public VectorTableModel<HotUntestedFunction> {
  Q_OBJECT
 public:
  enum Column {
    RankColumn,
    FunctionColumn,
    ServiceColumn,
    FileColumn,
    CpuShareColumn,
    CriticalPathColumn,
    CoverageColumn,
    ScoreColumn,
    ColumnCount
  };
  enum Role { SortRole = Qt::UserRole + 1, StatusRole };

  explicit HotUntestedModel(QObject* parent = nullptr);

  void setFunctions(std::vector<HotUntestedFunction> functions) {
    replaceRows(std::move(functions));
  }
  const std::vector<HotUntestedFunction>& functions() const { return rows(); }
  // The coverage gate the coverage cells are coloured against.
  void setThresholds(const DebtThresholds& thresholds);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  DebtThresholds m_thresholds;
};

}  // namespace sightline
