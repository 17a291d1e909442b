#pragma once

#include <optional>
#include <vector>

#include <QWidget>

#include "model/common/ids.h"
#include "model/diagnosis/heatmap_grid.h"
#include "model/traces/trace_data.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QInputEvent;
class QMouseEvent;

namespace sightline {

// The latency heatmap of the trace list: x = start time, y = duration on a log scale, colour =
// how many traces started in that cell (each trace counts once, at its own start and
// duration: what the latency scatter plots). Dragging a rectangle selects the cells it
// touches (a click selects one cell, Escape clears); selectionChanged() follows.
class LatencyHeatmap : public QWidget {
  Q_OBJECT
 public:
  explicit LatencyHeatmap(QWidget* parent = nullptr);

  // Shows exactly these traces (the currently filtered list). A selection is kept as the
  // region of time and duration it covered, and selects what lies there now.
  void setTraces(const std::vector<TraceSummary>& traces);

  const HeatmapCounts& counts() const { return m_counts; }
  QCustomPlot* plot() const { return m_plot; }
  // The selected cells (empty: none) and the traces in them, in setTraces() order.
  const HeatmapCellRange& selection() const { return m_selection; }
  std::vector<TraceId> selectedTraces() const;
  std::vector<TraceId> allTraces() const;
  // Selects cells as a drag would (an empty range clears the selection).
  void selectCells(const HeatmapCellRange& range);
  // Selects every column of the rows holding the slowest `fraction` of the traces.
  void selectSlowest(double fraction);
  void clearSelection();
  // The cell under a position of this widget (nullopt outside the cells) and its tooltip.
  std::optional<std::pair<int, int>> cellAt(const QPoint& widgetPos) const;
  QString toolTipAt(const QPoint& widgetPos) const;
  // The widget position of a cell's centre (for tests and scripted drags).
  QPoint cellCenter(int column, int row) const;

 signals:
  void selectionChanged();

 private:
  void rebuild();
  void updateSelectionItem();
  void selectRange(const HeatmapCellRange& range, bool keepRegion);
  void onRectAccepted(const QRect& rect);
  void onRectCanceled(const QRect& rect, QInputEvent* event);
  // A click at a position of the plot: the cell under it, or nothing when it holds no trace.
  void selectAt(const QPoint& plotPos);
  void onMouseMove(QMouseEvent* event);

  QCustomPlot* m_plot = nullptr;
  QCPColorMap* m_map = nullptr;
  QCPColorScale* m_scale = nullptr;
  QCPItemRect* m_selectionItem = nullptr;
  std::vector<TraceId> m_ids;
  std::vector<HeatmapPoint> m_points;
  HeatmapCounts m_counts;
  HeatmapCellRange m_selection;
  std::optional<HeatmapRegion> m_region;  // what the selection covered, kept across setTraces
};

}  // namespace sightline
