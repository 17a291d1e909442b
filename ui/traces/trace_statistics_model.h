#pragma once

#include <vector>

#include <QAbstractTableModel>

#include "model/traces/trace_statistics.h"

namespace sightline {

// Per service/operation statistics of the open trace as a sortable table.
class TraceStatisticsModel : public QAbstractTableModel {
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

  void setStatistics(std::vector<OperationStatistics> statistics);
  const std::vector<OperationStatistics>& statistics() const { return m_rows; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<OperationStatistics> m_rows;
};

}  // namespace sightline
