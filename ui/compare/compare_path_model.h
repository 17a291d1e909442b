#pragma once

#include <cstdint>
#include <vector>

#include <QAbstractItemModel>

#include "model/diagnosis/compare_paths.h"

namespace sightline {

// The ancestral paths of a comparison as a tree (each path under its parent path): service and
// operation of the path's last step, how it changed, and the spans per trace on each side.
// Added and "more" read red (more work in the target), removed and "fewer" green.
class ComparePathModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Column {
    PathColumn,
    ChangeColumn,
    BaselineColumn,
    TargetColumn,
    DifferenceColumn,
    ColumnCount
  };
  enum Role {
    SortRole = Qt::UserRole + 1,
    // "same" for an unchanged path, else "changed": what the page's filter matches.
    ChangedRole,
    // The path's index in paths().
    PathIndexRole
  };

  explicit ComparePathModel(QObject* parent = nullptr);

  void setPaths(std::vector<PathComparison> paths);
  const std::vector<PathComparison>& paths() const { return m_paths; }
  // The model index of paths()[path] (column 0).
  QModelIndex indexOfPath(std::size_t path) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  const std::vector<std::uint32_t>& childrenOf(const QModelIndex& parent) const;

  std::vector<PathComparison> m_paths;
  std::vector<std::uint32_t> m_roots;
  std::vector<std::vector<std::uint32_t>> m_children;
  std::vector<int> m_row;  // a path's row under its parent
};

}  // namespace sightline
