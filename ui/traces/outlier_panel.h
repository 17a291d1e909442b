#pragma once

#include <memory>

#include <QWidget>

#include "model/diagnosis/outlier_comparison.h"

class QLabel;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace sightline {

// "What's different": a comparison's keys ranked by score, each headed by the value that
// differs most and holding its values' two distributions side by side — the selection's
// share and the baseline's as bars. Activating a value row (click, Enter) asks to filter the
// trace list by it.
class OutlierPanel : public QWidget {
  Q_OBJECT
 public:
  // Item data of a value row (column 0).
  enum Role { ScopeRole = Qt::UserRole + 1, KeyRole, ValueRole, FilterableRole, ShareRole };

  explicit OutlierPanel(QWidget* parent = nullptr);

  // A comparison is being computed for `selectionText` ("15 traces from 14:03 to …").
  void showRunning(const QString& selectionText);
  // `selectionText` and `baselineText` name the sides ("15 traces", "the 652 others"),
  // `detailText` says what was compared.
  void showComparison(std::shared_ptr<const OutlierComparison> comparison,
                      const QString& selectionText, const QString& baselineText,
                      const QString& detailText);
  void showError(const QString& message);
  void clear();

  const OutlierComparison* comparison() const { return m_comparison.get(); }
  QTreeWidget* tree() const { return m_tree; }
  QString headerText() const;

  // Keys shown expanded at first; the others are a click away.
  static constexpr int kExpandedKeys = 2;

 signals:
  // A value row was activated: filter the trace list by `value` of `key`.
  void valueActivated(sightline::OutlierKeyScope scope, const QString& key, const QString& value);
  void closeRequested();

 private:
  void onItemActivated(QTreeWidgetItem* item);

  QLabel* m_header = nullptr;
  QToolButton* m_close = nullptr;
  QTreeWidget* m_tree = nullptr;
  std::shared_ptr<const OutlierComparison> m_comparison;
};

// Whether the trace list can filter by a value: intrinsic service and name, status error, and
// string values (the list's text filter searches texts, not numbers).
bool isFilterableOutlierValue(OutlierKeyScope scope, const std::string& key,
                              const AttributeValue& value);

}  // namespace sightline
