#include "ui/traces/trace_statistics_model.h"

#include <cmath>

#include "model/text/duration_text.h"

namespace sightline {

namespace {

std::uint64_t rounded(double ns) {
  return static_cast<std::uint64_t>(std::llround(ns));
}

}  // namespace

TraceStatisticsModel::TraceStatisticsModel(QObject* parent)
    : VectorTableModel<OperationStatistics>(ColumnCount, parent) {}

QVariant TraceStatisticsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const OperationStatistics& row = rowAt(index);
  if (role == Qt::TextAlignmentRole) {
    if (index.column() >= CountColumn) {
      return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
  }
  if (role != Qt::DisplayRole && role != SortRole)
    return {};
  const bool sort = role == SortRole;
  const auto duration = [sort](std::uint64_t ns) {
    return sort ? QVariant::fromValue<qulonglong>(ns) : QVariant(formatDuration(ns));
  };
  switch (index.column()) {
    case ServiceColumn:
      return QString::fromStdString(row.service);
    case OperationColumn:
      return QString::fromStdString(row.operation);
    case CountColumn:
      return QVariant::fromValue<qulonglong>(row.count);
    case TotalDurationColumn:
      return duration(row.totalDurationNs);
    case AvgDurationColumn:
      return duration(rounded(row.avgDurationNs));
    case MinDurationColumn:
      return duration(row.minDurationNs);
    case MaxDurationColumn:
      return duration(row.maxDurationNs);
    case TotalSelfTimeColumn:
      return duration(row.totalSelfTimeNs);
    case AvgSelfTimeColumn:
      return duration(rounded(row.avgSelfTimeNs));
    case PercentOfTraceColumn:
      return sort ? QVariant(row.percentOfTrace)
                  : QVariant(QString::number(row.percentOfTrace, 'f', 1) + QLatin1Char('%'));
    default:
      return {};
  }
}

QVariant TraceStatisticsModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case ServiceColumn:
      return tr("Service");
    case OperationColumn:
      return tr("Operation");
    case CountColumn:
      return tr("Count");
    case TotalDurationColumn:
      return tr("Total");
    case AvgDurationColumn:
      return tr("Avg");
    case MinDurationColumn:
      return tr("Min");
    case MaxDurationColumn:
      return tr("Max");
    case TotalSelfTimeColumn:
      return tr("Self total");
    case AvgSelfTimeColumn:
      return tr("Self avg");
    case PercentOfTraceColumn:
      return tr("% of trace");
    default:
      return {};
  }
}

}  // namespace sightline
