#pragma once

class QCPAxis;
class QCustomPlot;
class QPoint;
class QString;

namespace sightline {

// What the pages' QCustomPlot charts set up alike.

// `axis` shows Unix seconds as local times: "HH:mm:ss" over the date.
void setLocalTimeAxis(QCPAxis* axis);

// The legend in a column of its own right of the plot, at the top, so that it never hides a
// line or a point; an empty element below it takes the remaining height.
void placeLegendBeside(QCustomPlot* plot);

// `text` as the tooltip at `plotPos` (in `plot`'s coordinates); no tooltip when it is empty.
void showPlotToolTip(QCustomPlot* plot, const QPoint& plotPos, const QString& text);

}  // namespace sightline
