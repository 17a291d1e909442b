#pragma once

#include <optional>

#include <QWidget>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace sightline {

// Display text of an attribute value: scalars as themselves, bytes as hex, arrays and
// key-value lists as their JSON.
QString attributeValueText(const AttributeValue& value);
// "string", "int", "double", "bool", "bytes", "array", "kvlist" or "empty".
QString attributeTypeName(AttributeValue::Type type);

// Everything about one span as a tree of sections (span, attributes, events, links,
// resource, scope). Rows are selectable and copyable (Ctrl+C copies "key<TAB>value").
class SpanDetailsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SpanDetailsPanel(QWidget* parent = nullptr);

  // Shows span `spanIndex` of `trace`; `details` is null when it could not be loaded.
  void showSpan(const LoadedTrace& trace, const TraceTree& tree, int spanIndex,
                const std::optional<SpanDetails>& details);
  void clear();

  QTreeWidget* tree() const { return m_tree; }
  // The value shown for `key` in the top-level section titled `section`, or a null string.
  QString valueOf(const QString& section, const QString& key) const;
  // Text of the selected rows, as Ctrl+C copies it.
  QString selectionText() const;
  // Enables the "Show CPU time of this span" button (a profile has samples of the span or its
  // trace); `toolTip` says which.
  void setCpuTimeAvailable(bool available, const QString& toolTip);
  QPushButton* cpuTimeButton() const { return m_cpuTime; }

 signals:
  void cpuTimeRequested();

 private:
  void copySelection() const;
  QTreeWidget* m_tree = nullptr;
  QPushButton* m_cpuTime = nullptr;
};

}  // namespace sightline
