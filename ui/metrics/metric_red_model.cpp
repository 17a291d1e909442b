#include "ui/metrics/metric_red_model.h"

#include <cmath>

#include <QColor>

#include "model/text/metric_value_text.h"
#include "ui/metrics/metric_chart_data.h"

namespace sightline {

MetricRedModel::MetricRedModel(QObject* parent)
    : VectorTableModel<RedServiceOverview>(ColumnCount, parent) {}

void MetricRedModel::setServices(std::vector<RedServiceOverview> services, double quantile) {
  // Set first: the views read the latency column's header (the quantile) after the reset.
  m_quantile = quantile;
  replaceRows(std::move(services));
}

const RedInterval* MetricRedModel::latestInterval(const RedServiceOverview& service) {
  for (auto it = service.intervals.rbegin(); it != service.intervals.rend(); ++it) {
    if (!std::isnan(it->requests))
      return &*it;
  }
  return nullptr;
}

QVariant MetricRedModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || static_cast<std::size_t>(index.row()) >= services().size())
    return {};
  const RedServiceOverview& service = rowAt(index);
  const RedInterval* latest = latestInterval(service);
  const double nan = std::nan("");
  const double rate = latest ? latest->requestsPerSecond : nan;
  const double errors = latest ? latest->errorRatio : nan;
  const double latency = latest ? latest->latencySeconds : nan;
  if (role == Qt::TextAlignmentRole && index.column() >= RateColumn &&
      index.column() <= LatencyColumn) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role == SortRole) {
    switch (index.column()) {
      case RateColumn:
        return rate;
      case ErrorColumn:
        return errors;
      case LatencyColumn:
        return latency;
      default:
        break;
    }
  }
  if (role == Qt::ForegroundRole && index.column() == ErrorColumn && errors > 0.01)
    return QColor(0xc6, 0x28, 0x28);
  if (role == Qt::ToolTipRole && index.column() == ErrorColumn && !service.errorsKnown)
    return tr("The request series carry no status label: errors cannot be told.");
  if (role != Qt::DisplayRole && role != SortRole)
    return {};
  auto orDash = [](double value, const QString& text) {
    return std::isnan(value) ? QStringLiteral("–") : text;
  };
  switch (index.column()) {
    case ServiceColumn:
      return QString::fromStdString(service.service);
    case ProtocolColumn:
      return QString::fromStdString(service.protocol);
    case RateColumn:
      return orDash(rate, formatMetricRate(rate, MetricValueUnit::Plain));
    case ErrorColumn:
      return orDash(errors, formatMetricValue(errors, MetricValueUnit::Ratio));
    case LatencyColumn:
      return orDash(latency, formatMetricValue(latency, MetricValueUnit::Seconds));
    case SeriesColumn: {
      QString text = QString::fromStdString(service.requestSeries);
      if (!service.latencySeries.empty())
        text += QStringLiteral(", ") + QString::fromStdString(service.latencySeries);
      return text;
    }
    default:
      return {};
  }
}

QVariant MetricRedModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return {};
  switch (section) {
    case ServiceColumn:
      return tr("Service");
    case ProtocolColumn:
      return tr("Protocol");
    case RateColumn:
      return tr("Rate");
    case ErrorColumn:
      return tr("Errors");
    case LatencyColumn:
      return quantileName(m_quantile);
    case SeriesColumn:
      return tr("From");
    default:
      return {};
  }
}

}  // namespace sightline
