#pragma once

#include <vector>

#include <QAbstractTableModel>
#include <QMetaType>

#include "model/traces/trace_data.h"

namespace sightline {

// The trace list as a table: a thin model over a vector of summaries that is replaced as a
// whole whenever a new query result arrives.
class TraceListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    RootServiceColumn,
    RootOperationColumn,
    StartColumn,
    DurationColumn,
    SpansColumn,
    ErrorsColumn,
    ServicesColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  // numbers for numeric columns, text otherwise
    TraceIdRole,                  // lowercase hex trace id (QString)
    StartUnixNanoRole,            // qulonglong
    DurationNsRole,               // qulonglong
    ErrorCountRole,               // int
  };

  explicit TraceListModel(QObject* parent = nullptr);

  // Replaces every row.
  void setTraces(std::vector<TraceSummary> traces);
  const std::vector<TraceSummary>& traces() const { return m_traces; }
  // The summary at a source row; the row must be valid.
  const TraceSummary& traceAt(int row) const { return m_traces.at(static_cast<size_t>(row)); }
  // Row of a trace, or -1.
  int rowOf(const TraceId& traceId) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::vector<TraceSummary> m_traces;
};

}  // namespace sightline

Q_DECLARE_METATYPE(sightline::TraceId)
