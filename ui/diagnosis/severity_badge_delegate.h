#pragma once

#include <QStyledItemDelegate>

namespace sightline {

// Paints a cell whose SeverityRole holds a Severity as a coloured badge with its name.
class SeverityBadgeDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  // `severityRole` is the model role that holds the severity as an int.
  explicit SeverityBadgeDelegate(int severityRole, QObject* parent = nullptr);

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 private:
  int m_role;
};

}  // namespace sightline
