#include "ui/debt/debt_sort_proxy.h"

namespace sightline {

DebtSortProxy::DebtSortProxy(int sortRole, QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(sortRole);
  setSortCaseSensitivity(Qt::CaseInsensitive);
}

bool DebtSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QVariant a = left.data(sortRole());
  const QVariant b = right.data(sortRole());
  const bool absentA = !a.isValid();
  const bool absentB = !b.isValid();
  if (absentA || absentB) {
    // The view reverses the comparison for a descending sort: absent stays last either way.
    if (absentA == absentB)
      return false;
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    return ascending ? absentB : absentA;
  }
  if (a.userType() == QMetaType::QString || b.userType() == QMetaType::QString)
    return a.toString().localeAwareCompare(b.toString()) < 0;
  return a.toDouble() < b.toDouble();
}

}  // namespace sightline
