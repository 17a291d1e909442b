#pragma once

#include <QStyledItemDelegate>

namespace sightline {

// Paints a cost × debt cell: the fill of its percentile rank (CostDebtModel::PercentileRole),
// hatched when the cell rests on too little data (SparseRole), the rank in the view's font in
// a colour readable on the fill, and a frame when selected. Other cells paint as usual.
class CostDebtDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  explicit CostDebtDelegate(QObject* parent = nullptr);

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
};

}  // namespace sightline
