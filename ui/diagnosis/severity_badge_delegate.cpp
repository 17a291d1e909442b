#include "ui/diagnosis/severity_badge_delegate.h"

#include <algorithm>

#include <QApplication>
#include <QPainter>

#include "model/diagnosis/finding.h"
#include "ui/diagnosis/finding_text.h"

namespace sightline {

namespace {
constexpr int kPadX = 8;
constexpr int kMarginX = 4;
constexpr int kMarginY = 3;
}  // namespace

SeverityBadgeDelegate::SeverityBadgeDelegate(int severityRole, QObject* parent)
    : QStyledItemDelegate(parent), m_role(severityRole) {}

void SeverityBadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                  const QModelIndex& index) const {
  const QVariant value = index.data(m_role);
  if (!value.isValid()) {
    QStyledItemDelegate::paint(painter, option, index);
    return;
  }
  // The row's background and selection as any cell has them, without the text.
  QStyleOptionViewItem background = option;
  initStyleOption(&background, index);
  background.text.clear();
  const QWidget* widget = option.widget;
  QStyle* style = widget ? widget->style() : QApplication::style();
  style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

  const auto severity = static_cast<Severity>(std::clamp(value.toInt(), 0, 3));
  const QString text = severityLabel(severity);
  QFont font = option.font;
  font.setBold(true);
  const QFontMetrics metrics(font);
  // One width for every severity, so that the badges line up as a column.
  const int width =
      std::min(metrics.horizontalAdvance(severityLabel(Severity::Critical)) + 2 * kPadX,
               option.rect.width() - 2 * kMarginX);
  const QRect badge(option.rect.left() + kMarginX, option.rect.top() + kMarginY, width,
                    option.rect.height() - 2 * kMarginY);
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setPen(Qt::NoPen);
  painter->setBrush(severityColor(severity));
  const qreal radius = badge.height() / 2.0;
  painter->drawRoundedRect(badge, radius, radius);
  painter->setFont(font);
  painter->setPen(severityTextColor(severity));
  painter->drawText(badge, Qt::AlignCenter,
                    metrics.elidedText(text, Qt::ElideRight, badge.width() - 4));
  painter->restore();
}

QSize SeverityBadgeDelegate::sizeHint(const QStyleOptionViewItem& option,
                                      const QModelIndex& index) const {
  QSize size = QStyledItemDelegate::sizeHint(option, index);
  QFont font = option.font;
  font.setBold(true);
  const int badge = QFontMetrics(font).horizontalAdvance(severityLabel(Severity::Critical)) +
                    2 * kPadX + 2 * kMarginX;
  size.setWidth(std::max(size.width(), badge));
  return size;
}

}  // namespace sightline
