#pragma once

#include <QStyledItemDelegate>

namespace sightline {

// Paints a heatmap cell: the fill of its status (the model's `statusRole`, an int
// DebtCellStatus; red bad, amber warn, green good, none when absent) with text readable on
// it in the view's font, a frame instead of the selection colour so that a selected cell keeps
// its colour, and a thin vertical line at the left of `separatorColumn` (the first runtime
// column; -1 for none).
class HeatmapDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  HeatmapDelegate(int statusRole, int separatorColumn, QObject* parent = nullptr);

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  // A little more air than a plain row: the fills read as cells, not as stripes.
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 private:
  int m_statusRole;
  int m_separatorColumn;
};

}  // namespace sightline
