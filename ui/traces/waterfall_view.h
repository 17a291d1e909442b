#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <QAbstractScrollArea>
#include <QColor>
#include <QString>

#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"
#include "ui/traces/waterfall_coordinates.h"
#include "ui/traces/waterfall_layout.h"
#include "ui/traces/waterfall_text_cache.h"
#include "ui/widgets/click_or_drag.h"

class QHelpEvent;
class QPainter;

namespace sightline {

// The span rows of a waterfall: a custom-painted, virtualized tree of span bars. Only the
// rows inside the viewport are painted; labels and durations are laid out once and cached
// (WaterfallTextCache), so a repaint builds no strings per span. Owns the view state
// (time window, scroll, collapsed spans, selection, search matches) that the ruler and the
// minimap observe.
class WaterfallView : public QAbstractScrollArea {
  Q_OBJECT

 public:
  explicit WaterfallView(QWidget* parent = nullptr);
  ~WaterfallView() override;

  // Shows a trace built into `tree`; resets zoom, scroll, collapse state, search, selection.
  void setTrace(std::shared_ptr<const LoadedTrace> trace, std::shared_ptr<const TraceTree> tree);
  void clear();
  const LoadedTrace* trace() const { return m_trace.get(); }
  const TraceTree* tree() const { return m_tree.get(); }

  // Selection: an index into LoadedTrace::spans or -1. selectSpan expands the span's
  // ancestors and scrolls it into view; selectionChanged fires only on a change.
  int selectedSpan() const { return m_selected; }
  void selectSpan(int spanIndex);

  // Collapse state; collapsing or expanding a span rebuilds the row list in O(n).
  bool isCollapsed(int spanIndex) const;
  void setCollapsed(int spanIndex, bool collapsed);
  void toggleCollapsed(int spanIndex);
  void expandAll();

  // The display rows (span indices) and the row of a span (-1 while hidden).
  const std::vector<std::int32_t>& rows() const { return m_rows; }
  int rowOfSpan(int spanIndex) const;

  // Search over name, service and span id; returns the number of matches. The current
  // match (-1 if none) is selected by nextMatch/previousMatch, which wrap around.
  int setSearchText(const QString& text);
  int matchCount() const { return static_cast<int>(m_matches.size()); }
  int currentMatch() const { return m_currentMatch; }
  bool isMatch(int spanIndex) const;
  void nextMatch();
  void previousMatch();
  // Marks `spans` (indices into LoadedTrace::spans) as the matches, as a search would (a
  // finding's spans); nextMatch/previousMatch then step through them. Returns their number.
  int setHighlightedSpans(const std::vector<std::int32_t>& spans);

  void setShowCriticalPath(bool show);
  bool showCriticalPath() const { return m_showCriticalPath; }

  // Time: the whole trace is [0, traceDurationNs()] relative to traceStartNs().
  std::uint64_t traceStartNs() const { return m_traceStartNs; }
  double traceDurationNs() const { return m_traceNs; }
  TimeWindow timeWindow() const { return m_window; }
  void setTimeWindow(TimeWindow window);
  void zoomBy(double factor, double anchorNs);
  void resetZoom();
  // The mapping of the bar column in viewport coordinates.
  TimeAxis barAxis() const;

  // Rows: vertical scroll offset in pixels and the geometry of one row.
  int scrollY() const;
  void setScrollY(int y);
  const WaterfallMetrics& metrics() const { return m_metrics; }
  // The span-tree column's width; the user can also drag the divider.
  void setLabelWidth(int width);
  RowRange visibleRows() const;

  // What is under a viewport point.
  WaterfallHit hitTest(int x, int y) const;

  // Bars are painted in the self-time colour of their service where the span runs alone and
  // in the (lighter) bar colour where its children run.
  QColor barColor(int serviceIndex) const;
  QColor selfTimeColor(int serviceIndex) const;

 signals:
  void selectionChanged(int spanIndex);
  // The time window or the vertical scroll moved: the ruler and minimap repaint.
  void viewportChanged();
  // The row list changed (trace, collapse): the minimap rebuilds its image.
  void rowsChanged();
  // The label column width changed: the ruler realigns.
  void labelWidthChanged(int width);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void scrollContentsBy(int dx, int dy) override;
  bool viewportEvent(QEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void rebuildRows();
  void updateScrollBars();
  void updateMetrics();
  void invalidateTextCaches();
  double spanStartNs(std::int32_t span) const;
  void paintRow(QPainter& painter, int row, int top, int width);
  void paintBar(QPainter& painter, std::int32_t span, int top, double clipLeft, double clipRight);
  void showToolTip(const QHelpEvent* event);
  void moveSelectionToRow(int row);
  bool isOnDivider(int x) const;

  std::shared_ptr<const LoadedTrace> m_trace;
  std::shared_ptr<const TraceTree> m_tree;
  std::uint64_t m_traceStartNs = 0;
  double m_traceNs = 0;
  TimeWindow m_window;

  std::vector<std::uint8_t> m_collapsed;
  std::vector<std::int32_t> m_rows;
  std::vector<std::int32_t> m_rowOfSpan;

  std::vector<std::int32_t> m_matches;  // in display order
  std::vector<std::uint8_t> m_isMatch;
  int m_currentMatch = -1;

  int m_selected = -1;
  bool m_showCriticalPath = true;
  WaterfallMetrics m_metrics;
  int m_textHeight = 0;

  // Texts laid out once, filled lazily for the rows that get painted.
  WaterfallTextCache m_texts;

  std::vector<QColor> m_serviceColors;
  std::vector<QColor> m_serviceSelfColors;

  // Drag-to-pan state.
  ClickOrDrag m_press;
  TimeWindow m_pressWindow;
  bool m_resizingLabels = false;
};

}  // namespace sightline
