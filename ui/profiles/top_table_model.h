#pragma once

#include <memory>
#include <vector>

#include <QAbstractTableModel>

#include "model/profiles/call_tree.h"

namespace sightline {

// pprof's -top table of one TopReport: flat, flat%, sum%, cum, cum%, name. Values are shown in
// the sample type's unit; SortRole gives raw numbers so that a QSortFilterProxyModel sorts by
// value. sum% is the running flat% in pprof's order (the report's order), whatever the sort.
class TopTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    FlatColumn,
    FlatPercentColumn,
    SumPercentColumn,
    CumColumn,
    CumPercentColumn,
    NameColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,
    FunctionRole,  // the function name, whatever the column
  };

  explicit TopTableModel(QObject* parent = nullptr);

  // Shows `report` (shared with the worker that made it); null clears the table.
  void setReport(std::shared_ptr<const TopReport> report);
  const TopReport* report() const { return m_report.get(); }
  // The row of `function` in report order, or -1.
  int rowOfFunction(const QString& function) const;
  QString functionAt(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const TopReport> m_report;
  std::vector<std::int64_t> m_runningFlat;  // Σ flat of rows 0..i, for sum%
  std::vector<QString> m_names;             // converted once, looked up on every paint
};

}  // namespace sightline
