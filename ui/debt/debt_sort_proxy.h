#pragma once

#include <QSortFilterProxyModel>

namespace sightline {

// Sorts on a model's sort role, with the cells whose sort value is invalid (an absent figure)
// last in either order; numbers compare as numbers, text by the locale.
class DebtSortProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit DebtSortProxy(int sortRole, QObject* parent = nullptr);

 protected:
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

}  // namespace sightline
