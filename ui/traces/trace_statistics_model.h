#pragma once

#include <vector>

#include "model/traces/trace_statistics.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// Per service/operation statistics of the open trace as a sortable table.
class TraceStatisticsModel : public VectorTableModel<OperationStatistics> {
  Q_OBJECT
 public:
  enum Column {
    ServiceColumn,
    OperationColumn,
    CountColumn,
    TotalDurationColumn,
    AvgDurationColumn,
    MinDurationColumn,
    MaxDurationColumn,
    TotalSelfTimeColumn,
    AvgSelfTimeColumn,
    PercentOfTraceColumn,
    ColumnCount
  };
  enum Role { SortRole = Qt::UserRole + 1 };

  explicit TraceStatisticsModel(QObject* parent = nullptr);

  void setStatistics(std::vector<OperationStatistics> statistics) {
    replaceRows(std::move(statistics));
  }
  const std::vector<OperationStatistics>& statistics() const { return rows(); }

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline
