#include "ui/metrics/metric_compare_model.h"

#include <cmath>

#include <QColor>

#include "ui/metrics/metric_chart_data.h"

namespace sightline {

namespace {

std::string sampleName(const MetricChange& change) {
  const auto brace = change.series.find('{');
  return brace == std::string::npos ? change.series : change.series.substr(0, brace);
}

}  // namespace

MetricCompareModel::MetricCompareModel(QObject* parent)
    : VectorTableModel<MetricChange>(ColumnCount, parent) {}

QString MetricCompareModel::kindText(const MetricChange& change) {
  switch (change.kind) {
    case MetricChangeKind::CounterRate:
      return tr("rate /s");
    case MetricChangeKind::CounterIncrease:
      return tr("increase");
    case MetricChangeKind::Gauge:
      return tr("value");
    case MetricChangeKind::HistogramQuantileInterval:
      return quantileName(change.quantile) + tr(" per interval");
    case MetricChangeKind::HistogramQuantileCumulative:
      return quantileName(change.quantile) + tr(" since start");
  }
  return {};
}

MetricValueUnit MetricCompareModel::unitOf(const MetricChange& change) {
  const std::string name = sampleName(change);
  if (name.ends_with("_count") || name.ends_with("_bucket"))
    return MetricValueUnit::Plain;
  const MetricValueUnit unit = metricValueUnit(name, {});
  return unit != MetricValueUnit::Plain ? unit : metricValueUnit(change.family, {});
}

QString MetricCompareModel::valueText(const MetricChange& change, double value) {
  if (change.kind == MetricChangeKind::CounterRate)
    return formatMetricRate(value, unitOf(change));
  return formatMetricValue(value, unitOf(change));
}

QVariant MetricCompareModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || static_cast<std::size_t>(index.row()) >= changes().size())
    return {};
  const MetricChange& change = rowAt(index);
  if (role == Qt::TextAlignmentRole && index.column() >= BeforeColumn)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && index.column() == SeriesColumn)
    return QString::fromStdString(change.series);
  if (role == Qt::ForegroundRole && index.column() >= ChangeColumn && change.change != 0)
    return change.change > 0 ? QColor(0xc6, 0x28, 0x28) : QColor(0x15, 0x65, 0xc0);
  if (role == SortRole) {
    switch (index.column()) {
      case BeforeColumn:
        return change.before;
      case AfterColumn:
        return change.after;
      case ChangeColumn:
        return change.change;
      case RelativeColumn:
        // Infinite growth first when sorting by magnitude.
        return std::isinf(change.relativeChange) ? (change.relativeChange > 0 ? 1e300 : -1e300)
                                                 : change.relativeChange;
      default:
        break;
    }
  }
  if (role != Qt::DisplayRole && role != SortRole)
    return {};
  switch (index.column()) {
    case SeriesColumn:
      return QString::fromStdString(change.series);
    case KindColumn:
      return kindText(change);
    case BeforeColumn:
      return valueText(change, change.before);
    case AfterColumn:
      return valueText(change, change.after);
    case ChangeColumn:
      return change.kind == MetricChangeKind::CounterRate
                 ? formatMetricChange(change.change, unitOf(change)) + QStringLiteral("/s")
                 : formatMetricChange(change.change, unitOf(change));
    case RelativeColumn:
      return formatRelativeChange(change.relativeChange);
    default:
      return {};
  }
}

QVariant MetricCompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case SeriesColumn:
      return tr("Series");
    case KindColumn:
      return tr("Compared");
    case BeforeColumn:
      return tr("Baseline");
    case AfterColumn:
      return tr("Current");
    case ChangeColumn:
      return tr("Change");
    case RelativeColumn:
      return tr("Relative");
    default:
      return {};
  }
}

}  // namespace sightline
