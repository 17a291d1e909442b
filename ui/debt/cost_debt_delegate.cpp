#include "ui/debt/cost_debt_delegate.h"

#include <QPainter>

#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_colors.h"

namespace sightline {

CostDebtDelegate::CostDebtDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void CostDebtDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const {
  const QVariant percentile = index.data(CostDebtModel::PercentileRole);
  if (!percentile.isValid()) {
    QStyledItemDelegate::paint(painter, option, index);
    return;
  }
  const double p = percentile.toDouble();
  const QRect cell = option.rect.adjusted(1, 1, -1, -1);
  painter->save();
  painter->fillRect(cell, debt_colors::percentileFill(p));
  if (index.data(CostDebtModel::SparseRole).toBool()) {
    // Hatched: the rank rests on few samples or spans.
    QColor hatch = debt_colors::percentileText(p);
    hatch.setAlpha(110);
    painter->fillRect(cell, QBrush(hatch, Qt::BDiagPattern));
  }
  if (option.state & QStyle::State_Selected) {
    QPen pen(option.palette.color(QPalette::Highlight), 2);
    pen.setJoinStyle(Qt::MiterJoin);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(QRectF(option.rect).adjusted(1, 1, -1, -1));
  }
  painter->setFont(option.font);
  painter->setPen(debt_colors::percentileText(p));
  painter->drawText(cell, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
  painter->restore();
}

}  // namespace sightline
