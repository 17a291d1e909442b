#pragma once

#include <vector>

#include "model/diagnosis/compare_operations.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The operations of a comparison as a table, in compareOperations' order (largest p95
// regression first): figures of both sides as "baseline → target", the p95 of each side and
// its change. Changes are red when they are regressions (p95 up by at least 10 %, error rate up
// by half a point) and green when they are improvements.
class CompareOperationsModel : public VectorTableModel<OperationComparison> {
  Q_OBJECT
 public:
  enum Column {
    ServiceColumn,
    OperationColumn,
    StatusColumn,
    CountColumn,
    P50Column,
    P95BaselineColumn,
    P95TargetColumn,
    P95ChangeColumn,
    P95RelativeColumn,
    P99Column,
    ErrorRateColumn,
    ErrorRateChangeColumn,
    ColumnCount
  };
  // SortRole: a number (or text) to sort by; the list's own order is the row order.
  enum Role { SortRole = Qt::UserRole + 1 };
  // How a change reads.
  enum class Verdict { Neutral, Regression, Improvement };

  explicit CompareOperationsModel(QObject* parent = nullptr);

  void setOperations(std::vector<OperationComparison> operations) {
    replaceRows(std::move(operations));
  }
  const std::vector<OperationComparison>& operations() const { return rows(); }

  static Verdict p95Verdict(const OperationComparison& row);
  static Verdict errorVerdict(const OperationComparison& row);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline
