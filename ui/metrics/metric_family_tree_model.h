#pragma once

#include <cstdint>
#include <vector>

#include <QAbstractItemModel>
#include <QString>

#include "model/metrics/metric_queries.h"

namespace sightline {

// The workspace's metric families as a tree: families sharing a name prefix (the part
// before the first "_", e.g. "http", "process", "go") under one node, families alone in
// their prefix at the top. Columns: name, type, series, unit, help. Search with a
// QSortFilterProxyModel (recursive filtering, all columns).
class MetricFamilyTreeModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Column { NameColumn, TypeColumn, SeriesColumn, UnitColumn, HelpColumn, ColumnCount };
  enum Role {
    FamilyIdRole = Qt::UserRole + 1,  // 0 on group nodes
    SortRole,
  };

  explicit MetricFamilyTreeModel(QObject* parent = nullptr);

  void setFamilies(std::vector<MetricFamilySummary> families);
  const std::vector<MetricFamilySummary>& families() const { return m_families; }
  // The family with `id`, or nullptr.
  const MetricFamilySummary* family(std::int64_t id) const;
  // The index of the family with `id` (invalid when absent).
  QModelIndex indexOfFamily(std::int64_t id) const;

  // The prefix a family is grouped under ("http" for http_requests_total; the whole name
  // when it has no "_").
  static QString prefixOf(const std::string& familyName);

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  // A top-level row: a group of families (children) or one family on its own.
  struct TopItem {
    QString prefix;
    std::vector<std::size_t> children;  // indexes into m_families; empty for a lone family
    std::size_t family = 0;             // for a lone family
  };
  QVariant familyData(const MetricFamilySummary& family, int column, int role) const;
  QVariant groupData(const TopItem& item, int column, int role) const;

  std::vector<MetricFamilySummary> m_families;
  std::vector<TopItem> m_top;
};

}  // namespace sightline
