#pragma once

#include <vector>

#include "model/metrics/metric_compare.h"
#include "model/text/metric_value_text.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The biggest changes between two snapshots (compareMetricSnapshots) as a table: series,
// what was compared (rate, quantile, value), before, after, change and relative change.
class MetricCompareModel : public VectorTableModel<MetricChange> {
  Q_OBJECT
 public:
  enum Column {
    SeriesColumn,
    KindColumn,
    BeforeColumn,
    AfterColumn,
    ChangeColumn,
    RelativeColumn,
    ColumnCount
  };
  enum Role { SortRole = Qt::UserRole + 1 };

  explicit MetricCompareModel(QObject* parent = nullptr);

  void setChanges(std::vector<MetricChange> changes) { replaceRows(std::move(changes)); }
  const std::vector<MetricChange>& changes() const { return rows(); }

  // "rate /s", "p99 per interval", "value", …
  static QString kindText(const MetricChange& change);
  // The unit the change's numbers are in.
  static MetricValueUnit unitOf(const MetricChange& change);
  // A number of `change` as the table shows it (rates with "/s").
  static QString valueText(const MetricChange& change, double value);

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline
