#pragma once

#include <utility>
#include <vector>

#include <QAbstractTableModel>

namespace sightline {

// A flat table over a vector of rows that is replaced as a whole whenever a new result
// arrives (after hotspot's thin models): the row and column counts and the reset live here,
// so that a page's model only says what its cells and headers show.
template <typename Row>
class VectorTableModel : public QAbstractTableModel {
 public:
  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
  }
  int columnCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : m_columnCount;
  }

 protected:
  VectorTableModel(int columnCount, QObject* parent)
      : QAbstractTableModel(parent), m_columnCount(columnCount) {}

  const std::vector<Row>& rows() const { return m_rows; }
  // The row of an index of this model; the index must be valid.
  const Row& rowAt(const QModelIndex& index) const {
    return m_rows[static_cast<std::size_t>(index.row())];
  }
  // Replaces every row (a model reset).
  void replaceRows(std::vector<Row> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
  }

 private:
  std::vector<Row> m_rows;
  int m_columnCount;
};

}  // namespace sightline
