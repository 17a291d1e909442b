#pragma once

#include <optional>
#include <vector>

#include <QSortFilterProxyModel>
#include <QString>

#include "model/diagnosis/finding.h"
#include "ui/widgets/vector_table_model.h"

namespace sightline {

// The findings as a table, in the order they were stored (severity, then impact): a thin
// model over the vector the page's loader delivers, replaced as a whole.
class FindingsTableModel : public VectorTableModel<Finding> {
  Q_OBJECT
 public:
  enum Column {
    SeverityColumn,
    TitleColumn,
    SubjectColumn,
    RuleColumn,
    ImpactColumn,
    PerRequestColumn,
    CountColumn,
    FirstSeenColumn,
    LastSeenColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,  // numbers for numeric columns, text otherwise
    SeverityRole,                 // int (Severity)
    RankRole,                     // int: the row, i.e. the place in the stored order
  };

  explicit FindingsTableModel(QObject* parent = nullptr);

  void setFindings(std::vector<Finding> findings) { replaceRows(std::move(findings)); }
  const std::vector<Finding>& findings() const { return rows(); }
  // The finding of a source row, or null.
  const Finding* findingAt(int row) const;

  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
};

// What the page's combo boxes keep: a minimum severity, one service, one rule (empty: any).
struct FindingsFilter {
  std::optional<Severity> minSeverity;
  QString service;
  QString rule;
  bool matches(const Finding& finding) const;
  bool isEmpty() const { return !minSeverity && service.isEmpty() && rule.isEmpty(); }
};

// The findings table filtered by a FindingsFilter and sorted by the model's SortRole; with no
// sort column it keeps the stored (impact) order.
class FindingsFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit FindingsFilterModel(QObject* parent = nullptr);
  void setFilter(const FindingsFilter& filter);
  const FindingsFilter& filter() const { return m_filter; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  FindingsFilter m_filter;
};

// The services and rules the findings name, sorted, each once: the filter combos' entries.
QStringList findingServices(const std::vector<Finding>& findings);
QStringList findingRules(const std::vector<Finding>& findings);

}  // namespace sightline
