#pragma once

#include <vector>

#include "model/metrics/metric_red.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The RED overview as a table: one row per service and protocol with the rate, error
// ratio and latency quantile of the latest interval that saw requests.
class MetricRedModel : public VectorTableModel<RedServiceOverview> {
  Q_OBJECT
 public:
  enum Column {
    ServiceColumn,
    ProtocolColumn,
    RateColumn,
    ErrorColumn,
    LatencyColumn,
    SeriesColumn,
    ColumnCount
  };
  enum Role { SortRole = Qt::UserRole + 1 };

  explicit MetricRedModel(QObject* parent = nullptr);

  void setServices(std::vector<RedServiceOverview> services, double quantile = 0.99);
  const std::vector<RedServiceOverview>& services() const { return rows(); }

  // The latest interval of `service` with a request count, or nullptr.
  static const RedInterval* latestInterval(const RedServiceOverview& service);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  double m_quantile = 0.99;
};

}  // namespace sightline
