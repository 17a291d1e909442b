#include "ui/debt/heatmap_delegate.h"

#include <algorithm>

#include <QApplication>
#include <QPainter>

#include "model/debt/debt_thresholds.h"
#include "ui/debt/debt_colors.h"

namespace sightline {

namespace {
constexpr int kPadX = 6;
constexpr int kPadY = 8;
}  // namespace

HeatmapDelegate::HeatmapDelegate(int statusRole, int separatorColumn, QObject* parent)
    : QStyledItemDelegate(parent), m_statusRole(statusRole), m_separatorColumn(separatorColumn) {}

void HeatmapDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
  const QVariant statusValue = index.data(m_statusRole);
  const auto status = statusValue.isValid() ? static_cast<DebtCellStatus>(statusValue.toInt())
                                            : DebtCellStatus::Absent;
  const QColor fill = debt_colors::statusFill(status);
  if (!statusValue.isValid() || !fill.isValid()) {
    // The name column and absent figures: an ordinary cell, the absent dash muted.
    QStyleOptionViewItem plain = option;
    initStyleOption(&plain, index);
    if (statusValue.isValid() && !(option.state & QStyle::State_Selected))
      plain.palette.setColor(QPalette::Text, debt_colors::mutedText());
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &plain, painter, widget);
  } else {
    painter->save();
    painter->fillRect(option.rect, fill);
    if (option.state & QStyle::State_Selected) {
      // The status stays visible: the selection is a frame in the highlight colour.
      QPen pen(option.palette.color(QPalette::Highlight), 2);
      pen.setJoinStyle(Qt::MiterJoin);
      painter->setPen(pen);
      painter->setBrush(Qt::NoBrush);
      painter->drawRect(QRectF(option.rect).adjusted(1, 1, -1, -1));
    }
    // The view's font (and so its fallbacks for CJK names), not the application's.
    painter->setFont(option.font);
    painter->setPen(debt_colors::statusText(status));
    const QVariant alignment = index.data(Qt::TextAlignmentRole);
    const int flags = alignment.isValid() ? alignment.toInt()
                                          : static_cast<int>(Qt::AlignLeft | Qt::AlignVCenter);
    const QRect textRect = option.rect.adjusted(kPadX, 0, -kPadX, 0);
    const QString text =
        QFontMetrics(option.font)
            .elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, textRect.width());
    painter->drawText(textRect, flags, text);
    painter->restore();
  }
  if (index.column() == m_separatorColumn) {
    painter->save();
    painter->setPen(QPen(debt_colors::separator(), 2));
    painter->drawLine(option.rect.topLeft() + QPoint(1, 0),
                      option.rect.bottomLeft() + QPoint(1, 1));
    painter->restore();
  }
}

QSize HeatmapDelegate::sizeHint(const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
  QSize size = QStyledItemDelegate::sizeHint(option, index);
  size.setHeight(std::max(size.height(), QFontMetrics(option.font).height() + kPadY));
  return size;
}

}  // namespace sightline
