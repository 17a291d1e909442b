#pragma once

#include <vector>

#include <QAbstractTableModel>

#include "model/metrics/metric_red.h"

namespace sightline {

// The RED overview as a table: one row per service and protocol with the rate, error
// ratio and latency quantile of the latest interval that saw requests.
class MetricRedModel : public QAbstractTableModel {
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
  const std::vector<RedServiceOverview>& services() const { return m_services; }

  // The latest interval of `service` with a request count, or nullptr.
  static const RedInterval* latestInterval(const RedServiceOverview& service);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<RedServiceOverview> m_services;
  double m_quantile = 0.99;
};

}  // namespace sightline
