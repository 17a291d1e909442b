#include "ui/traces/latency_heatmap.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QDateTime>
#include <QMouseEvent>
#include <QVBoxLayout>

#include "model/text/duration_text.h"
#include "ui/widgets/plot_setup.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

namespace {

// Light where few traces are, dark where many: few-but-slow cells stay visible on white.
QCPColorGradient countGradient() {
  QCPColorGradient gradient;
  gradient.setColorStopAt(0.0, QColor(0xff, 0xe8, 0xa3));
  gradient.setColorStopAt(0.35, QColor(0xfb, 0x9a, 0x2e));
  gradient.setColorStopAt(0.7, QColor(0xd9, 0x3a, 0x2b));
  gradient.setColorStopAt(1.0, QColor(0x5a, 0x10, 0x3c));
  gradient.setNanHandling(QCPColorGradient::nhTransparent);
  return gradient;
}

double seconds(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e9;
}

// factor × 10^decade ns as people write it: "1 ms", "20 ms", "500 ms", "1 s", "100 s".
QString durationLabel(int factor, int decade) {
  static const char* const kUnits[] = {"ns", "µs", "ms", "s"};
  if (decade >= 13)  // 10,000 s and more: as a power of ten
    return QStringLiteral("%1e%2 s").arg(factor).arg(decade - 9);
  const int unit = std::min(decade / 3, 3);
  const auto value =
      static_cast<long long>(std::llround(factor * std::pow(10.0, decade - 3 * unit)));
  return QString::number(value) + QLatin1Char(' ') + QString::fromUtf8(kUnits[unit]);
}

// Labels at every decade, and at 2× and 5× when there are few decades.
QSharedPointer<QCPAxisTickerText> durationTicker(const HeatmapGrid& grid) {
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  const bool fine = grid.maxDecade - grid.minDecade <= 2;
  for (int decade = grid.minDecade; decade <= grid.maxDecade; ++decade) {
    ticker->addTick(decade, durationLabel(1, decade));
    if (fine && decade < grid.maxDecade) {
      for (const int factor : {2, 5})
        ticker->addTick(decade + std::log10(factor), durationLabel(factor, decade));
    }
  }
  return ticker;
}

}  // namespace

LatencyHeatmap::LatencyHeatmap(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
  setMinimumHeight(140);

  setLocalTimeAxis(m_plot->xAxis);
  m_plot->yAxis->setLabel(tr("duration"));
  m_plot->axisRect()->setupFullAxesBox(false);
  m_plot->setMouseTracking(true);

  m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
  m_map->setInterpolate(false);
  m_map->setTightBoundary(true);
  m_map->setSelectable(QCP::stNone);

  m_scale = new QCPColorScale(m_plot);
  m_scale->setType(QCPAxis::atRight);
  m_scale->setBarWidth(10);
  m_scale->axis()->setLabel(tr("traces per cell"));
  m_plot->plotLayout()->addElement(0, 1, m_scale);
  // The scale owns the gradient and the data scale of the maps linked to it.
  m_map->setColorScale(m_scale);
  m_scale->setGradient(countGradient());
  m_scale->setDataScaleType(QCPAxis::stLogarithmic);
  auto logTicker = QSharedPointer<QCPAxisTickerLog>::create();
  logTicker->setSubTickCount(0);
  m_scale->axis()->setTicker(logTicker);
  m_scale->axis()->setNumberFormat(QStringLiteral("g"));
  auto* margins = new QCPMarginGroup(m_plot);
  m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

  m_selectionItem = new QCPItemRect(m_plot);
  m_selectionItem->setPen(QPen(QColor(0x1e, 0x88, 0xe5), 2));
  m_selectionItem->setBrush(QColor(0x1e, 0x88, 0xe5, 40));
  m_selectionItem->setSelectable(false);
  m_selectionItem->setVisible(false);

  m_plot->setSelectionRectMode(QCP::srmCustom);
  m_plot->selectionRect()->setPen(QPen(QColor(0x1e, 0x88, 0xe5), 1, Qt::DashLine));
  m_plot->selectionRect()->setBrush(QColor(0x1e, 0x88, 0xe5, 30));
  connect(m_plot->selectionRect(), &QCPSelectionRect::accepted, this,
          [this](const QRect& rect, QMouseEvent*) { onRectAccepted(rect); });
  connect(m_plot->selectionRect(), &QCPSelectionRect::canceled, this,
          &LatencyHeatmap::onRectCanceled);
  connect(m_plot, &QCustomPlot::mouseMove, this, &LatencyHeatmap::onMouseMove);
  rebuild();
}

void LatencyHeatmap::setTraces(const std::vector<TraceSummary>& traces) {
  m_ids.clear();
  m_points.clear();
  m_ids.reserve(traces.size());
  m_points.reserve(traces.size());
  for (const TraceSummary& trace : traces) {
    m_ids.push_back(trace.traceId);
    m_points.push_back({trace.startUnixNano, trace.durationNs});
  }
  rebuild();
  if (m_region) {
    // What lies in the region now: the cells its edges fall in, just inside.
    const HeatmapRegion region = *m_region;
    m_selection = cellsTouching(m_counts.grid, static_cast<double>(region.startNs),
                                static_cast<double>(region.endNs) - 0.5, region.minDurationNs,
                                region.maxDurationNs * (1 - 1e-9));
    updateSelectionItem();
  }
  m_plot->replot();
}

void LatencyHeatmap::rebuild() {
  // Columns of at least a millisecond: a handful of traces started together still get a
  // time axis (a double holds Unix seconds to about 0.2 µs).
  m_counts =
      binHeatmap(m_points, makeHeatmapGrid(m_points, kHeatmapColumns, kHeatmapRows, 1000000));
  const HeatmapGrid& grid = m_counts.grid;
  const double width = seconds(grid.columnWidthNs);
  const double left = seconds(grid.startNs);
  const double height = 1.0 / grid.rowsPerDecade;
  QCPColorMapData* data = m_map->data();
  data->setSize(grid.columns, grid.rows());
  // QCPColorMapData's range is that of the cell centres.
  data->setRange(
      QCPRange(left + width / 2, left + (grid.columns - 0.5) * width),
      QCPRange(grid.minDecade + height / 2, grid.minDecade + (grid.rows() - 0.5) * height));
  for (int column = 0; column < grid.columns; ++column) {
    for (int row = 0; row < grid.rows(); ++row) {
      const std::uint32_t count = m_counts.at(column, row);
      data->setCell(
          column, row,
          count > 0 ? static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN());
    }
  }
  m_map->setDataRange(QCPRange(1, std::max<double>(m_counts.maxCount, 2)));
  if (m_points.empty()) {
    const double now = static_cast<double>(QDateTime::currentSecsSinceEpoch());
    m_plot->xAxis->setRange(now - 60, now);
  } else {
    m_plot->xAxis->setRange(left, left + grid.columns * width);
  }
  m_plot->yAxis->setRange(grid.minDecade, grid.maxDecade);
  m_plot->yAxis->setTicker(durationTicker(grid));
  updateSelectionItem();
  m_plot->replot();
}

std::vector<TraceId> LatencyHeatmap::selectedTraces() const {
  std::vector<TraceId> selected;
  for (const std::size_t index : pointsInCells(m_points, m_counts.grid, m_selection))
    selected.push_back(m_ids[index]);
  return selected;
}

std::vector<TraceId> LatencyHeatmap::allTraces() const {
  return m_ids;
}

void LatencyHeatmap::selectCells(const HeatmapCellRange& range) {
  selectRange(range, false);
}

void LatencyHeatmap::selectSlowest(double fraction) {
  selectRange(slowestRows(m_counts, fraction), false);
}

void LatencyHeatmap::clearSelection() {
  selectRange(HeatmapCellRange(), false);
}

void LatencyHeatmap::selectRange(const HeatmapCellRange& range, bool keepRegion) {
  m_selection = range;
  if (!keepRegion) {
    m_region.reset();
    if (!range.empty())
      m_region = regionOfCells(m_counts.grid, range);
  }
  updateSelectionItem();
  m_plot->replot();
  emit selectionChanged();
}

void LatencyHeatmap::updateSelectionItem() {
  if (m_selection.empty()) {
    m_selectionItem->setVisible(false);
    return;
  }
  const HeatmapGrid& grid = m_counts.grid;
  const HeatmapRegion region = regionOfCells(grid, m_selection);
  m_selectionItem->topLeft->setCoords(seconds(region.startNs),
                                      grid.rowLowerLog10(m_selection.lastRow + 1));
  m_selectionItem->bottomRight->setCoords(seconds(region.endNs),
                                          grid.rowLowerLog10(m_selection.firstRow));
  m_selectionItem->setVisible(true);
}

void LatencyHeatmap::onRectAccepted(const QRect& rect) {
  if (rect.width() < 3 && rect.height() < 3) {
    selectAt(rect.topLeft());
    return;
  }
  const QCPAxis* x = m_plot->xAxis;
  const QCPAxis* y = m_plot->yAxis;
  const HeatmapCellRange range = cellsTouching(
      m_counts.grid, x->pixelToCoord(rect.left()) * 1e9, x->pixelToCoord(rect.right()) * 1e9,
      std::pow(10.0, y->pixelToCoord(rect.bottom())), std::pow(10.0, y->pixelToCoord(rect.top())));
  selectRange(range, false);
}

// A click (a drag that never moved: QCustomPlot cancels it) selects the cell under it; Escape
// clears.
void LatencyHeatmap::onRectCanceled(const QRect& rect, QInputEvent* event) {
  if (event) {
    clearSelection();
    return;
  }
  selectAt(rect.topLeft());
}

void LatencyHeatmap::selectAt(const QPoint& plotPos) {
  const auto cell = cellAt(m_plot->mapTo(this, plotPos));
  if (!cell || m_counts.at(cell->first, cell->second) == 0) {
    clearSelection();
    return;
  }
  selectRange(HeatmapCellRange{cell->first, cell->first, cell->second, cell->second}, false);
}

std::optional<std::pair<int, int>> LatencyHeatmap::cellAt(const QPoint& widgetPos) const {
  const QPoint pos = m_plot->mapFrom(this, widgetPos);
  if (!m_plot->axisRect()->rect().contains(pos) || m_points.empty())
    return std::nullopt;
  const HeatmapGrid& grid = m_counts.grid;
  const long long column = grid.columnAt(m_plot->xAxis->pixelToCoord(pos.x()) * 1e9);
  const long long row = grid.rowAt(std::pow(10.0, m_plot->yAxis->pixelToCoord(pos.y())));
  if (column < 0 || column >= grid.columns || row < 0 || row >= grid.rows())
    return std::nullopt;
  return std::pair(static_cast<int>(column), static_cast<int>(row));
}

QPoint LatencyHeatmap::cellCenter(int column, int row) const {
  const HeatmapGrid& grid = m_counts.grid;
  const double x = seconds(grid.startNs) + (column + 0.5) * seconds(grid.columnWidthNs);
  const double y = grid.rowLowerLog10(row) + 0.5 / grid.rowsPerDecade;
  const QPoint plotPos(static_cast<int>(std::lround(m_plot->xAxis->coordToPixel(x))),
                       static_cast<int>(std::lround(m_plot->yAxis->coordToPixel(y))));
  return m_plot->mapTo(this, plotPos);
}

QString LatencyHeatmap::toolTipAt(const QPoint& widgetPos) const {
  const auto cell = cellAt(widgetPos);
  if (!cell)
    return QString();
  const auto [column, row] = *cell;
  const HeatmapGrid& grid = m_counts.grid;
  const auto time = [](std::uint64_t ns) {
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ns / 1000000))
        .toString(QStringLiteral("HH:mm:ss"));
  };
  const auto duration = [](double ns) {
    return formatDuration(static_cast<std::uint64_t>(std::llround(ns)));
  };
  const std::uint32_t count = m_counts.at(column, row);
  return (count == 1 ? tr("1 trace") : tr("%1 traces").arg(count)) +
         QStringLiteral("\n%1 – %2\n%3 – %4\n")
             .arg(time(grid.columnStartNs(column)), time(grid.columnStartNs(column + 1)),
                  duration(grid.rowLowerNs(row)), duration(grid.rowLowerNs(row + 1))) +
         tr("Each trace counts once, at its start and duration.\nDrag a rectangle to compare the "
            "root spans of its traces with the other traces'.");
}

void LatencyHeatmap::onMouseMove(QMouseEvent* event) {
  if (m_plot->selectionRect()->isActive())
    return;
  const QPoint plotPos = event->position().toPoint();
  showPlotToolTip(m_plot, plotPos, toolTipAt(m_plot->mapTo(this, plotPos)));
}

}  // namespace sightline
