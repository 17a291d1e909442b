#pragma once

#include <QPainter>
#include <QRectF>
#include <QSizeF>

#include "model/profiles/call_tree.h"
#include "model/report/report_finding_figures.h"
#include "model/report/report_trace_excerpt.h"
#include "ui/report/report_path_bars.h"

namespace sightline {

// The PDF's font: DejaVu Sans (fonts-dejavu-core), then Noto Sans CJK SC (fonts-noto-cjk) for
// the glyphs it lacks, so that Chinese names take the Simplified Chinese forms; both embedded.
QFont reportPdfFont();

// Vector drawings of the report's figures for QPainter (the PDF), in points. Each has a size
// for a given width and paints into a rectangle of that size.
QSizeF waterfallSize(const TraceExcerpt& excerpt, double width);
void paintWaterfall(QPainter& painter, const QRectF& rect, const TraceExcerpt& excerpt);

QSizeF flameSize(const CallTree& tree, double width);
void paintFlame(QPainter& painter, const QRectF& rect, const CallTree& tree);

// A finding card's metric sparkline (report_sparkline.h).
void paintSparkline(QPainter& painter, const QRectF& rect, const FindingSparkline& line);

// Section 4: one endpoint's bars (report_path_bars.h), and the services' colours.
QSizeF pathBarsSize(const PathBarGroup& group, double width);
void paintPathBars(QPainter& painter, const QRectF& rect, const PathBarGroup& group);
QSizeF pathLegendSize(const PathBarChart& chart, double width);
void paintPathLegend(QPainter& painter, const QRectF& rect, const PathBarChart& chart);

}  // namespace sightline
