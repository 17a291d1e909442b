#pragma once

#include <memory>

#include <QWidget>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace sightline {

class WaterfallMinimap;
class WaterfallRuler;
class WaterfallView;

// The span waterfall of one trace: a search bar, a time ruler, a minimap of the whole trace
// and the virtualized span rows. Owns no data beyond the shared snapshots it is given.
class WaterfallPanel : public QWidget {
  Q_OBJECT

 public:
  explicit WaterfallPanel(QWidget* parent = nullptr);
  ~WaterfallPanel() override;

  // Shows a trace; `tree` must have been built from `trace` (buildTraceTree). Resets zoom,
  // scroll, search and selection.
  void setTrace(std::shared_ptr<const LoadedTrace> trace, std::shared_ptr<const TraceTree> tree);
  // Shows nothing.
  void clear();
  // Index into LoadedTrace::spans of the selected span, -1 if none.
  int selectedSpan() const;
  // Selects a span (or clears the selection with -1), expanding its ancestors and scrolling
  // it into view. Emits spanSelected when the selection changes.
  void selectSpan(int spanIndex);

  // The rows widget, for tests and for callers that want finer control (zoom, collapse).
  WaterfallView* view() const { return m_view; }
  // "Show CPU time of this span" in the rows' right-click menu (acts on the selected span,
  // which a right click selects); its owner enables it and connects triggered().
  QAction* cpuTimeAction() const { return m_cpuTimeAction; }
  // Highlights `spans` (indices into LoadedTrace::spans) like search matches, with the search
  // box cleared, and selects the first; the match arrows step through them.
  void highlightSpans(const std::vector<std::int32_t>& spans);
  // The "Critical path" check box.
  void setShowCriticalPath(bool show);

 signals:
  // The user or selectSpan changed the selection; -1 when it was cleared.
  void spanSelected(int spanIndex);

 private:
  void updateSearch();
  void updateMatchLabel();
  void showContextMenu(const QPoint& viewportPos);

  WaterfallView* m_view = nullptr;
  WaterfallRuler* m_ruler = nullptr;
  WaterfallMinimap* m_minimap = nullptr;
  QLineEdit* m_search = nullptr;
  QLabel* m_matchLabel = nullptr;
  QToolButton* m_previous = nullptr;
  QToolButton* m_next = nullptr;
  QCheckBox* m_criticalPath = nullptr;
  QAction* m_cpuTimeAction = nullptr;
};

}  // namespace sightline
