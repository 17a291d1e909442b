#include "ui/traces/trace_list_model.h"

#include <QColor>
#include <QStringList>

#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"

namespace sightline {

namespace {

QString joinServices(const std::vector<std::string>& services) {
  QStringList names;
  names.reserve(static_cast<qsizetype>(services.size()));
  for (const auto& service : services)
    names << QString::fromStdString(service);
  return names.join(QStringLiteral(", "));
}

}  // namespace

TraceListModel::TraceListModel(QObject* parent)
    : VectorTableModel<TraceSummary>(ColumnCount, parent) {}

int TraceListModel::rowOf(const TraceId& traceId) const {
  for (size_t i = 0; i < traces().size(); ++i) {
    if (traces()[i].traceId == traceId)
      return static_cast<int>(i);
  }
  return -1;
}

QVariant TraceListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const TraceSummary& trace = rowAt(index);
  switch (role) {
    case TraceIdRole:
      return QString::fromStdString(trace.traceId.toHex());
    case StartUnixNanoRole:
      return QVariant::fromValue<qulonglong>(trace.startUnixNano);
    case DurationNsRole:
      return QVariant::fromValue<qulonglong>(trace.durationNs);
    case ErrorCountRole:
      return static_cast<int>(trace.errorCount);
    case Qt::TextAlignmentRole:
      if (index.column() >= DurationColumn && index.column() <= ErrorsColumn) {
        return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
      }
      return {};
    case Qt::ForegroundRole:
      if (index.column() == ErrorsColumn && trace.errorCount > 0)
        return QColor(0xc6, 0x28, 0x28);
      return {};
    case Qt::ToolTipRole:
      if (index.column() == ServicesColumn)
        return joinServices(trace.services);
      if (index.column() == StartColumn)
        return QString::fromStdString(trace.traceId.toHex());
      return {};
    case Qt::DisplayRole:
    case SortRole:
      break;
    default:
      return {};
  }
  const bool sort = role == SortRole;
  switch (index.column()) {
    case RootServiceColumn:
      return QString::fromStdString(trace.rootService);
    case RootOperationColumn:
      return QString::fromStdString(trace.rootName);
    case StartColumn:
      return sort ? QVariant::fromValue<qulonglong>(trace.startUnixNano)
                  : QVariant(formatLocalTimestamp(trace.startUnixNano));
    case DurationColumn:
      return sort ? QVariant::fromValue<qulonglong>(trace.durationNs)
                  : QVariant(formatDuration(trace.durationNs));
    case SpansColumn:
      return static_cast<int>(trace.spanCount);
    case ErrorsColumn:
      return static_cast<int>(trace.errorCount);
    case ServicesColumn:
      return sort ? QVariant(static_cast<int>(trace.services.size()))
                  : QVariant(joinServices(trace.services));
    default:
      return {};
  }
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case RootServiceColumn:
      return tr("Root service");
    case RootOperationColumn:
      return tr("Root operation");
    case StartColumn:
      return tr("Start");
    case DurationColumn:
      return tr("Duration");
    case SpansColumn:
      return tr("Spans");
    case ErrorsColumn:
      return tr("Errors");
    case ServicesColumn:
      return tr("Services");
    default:
      return {};
  }
}

}  // namespace sightline
