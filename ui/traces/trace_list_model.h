#pragma once

#include <vector>

#include <QMetaType>

#include "model/traces/trace_data.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The trace list as a table: a thin model over a vector of summaries that is replaced as a
// whole whenever a new query result arrives.
class TraceListModel : public VectorTableModel<TraceSummary> {
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
  void setTraces(std::vector<TraceSummary> traces) { replaceRows(std::move(traces)); }
  const std::vector<TraceSummary>& traces() const { return rows(); }
  // The summary at a source row; the row must be valid.
  const TraceSummary& traceAt(int row) const { return rows().at(static_cast<size_t>(row)); }
  // Row of a trace, or -1.
  int rowOf(const TraceId& traceId) const;

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

}  // namespace sightline

Q_DECLARE_METATYPE(sightline::TraceId)
