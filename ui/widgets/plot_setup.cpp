#include "ui/widgets/plot_setup.h"

#include <QToolTip>

#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

void setLocalTimeAxis(QCPAxis* axis) {
  auto dateTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
  dateTicker->setDateTimeFormat(QStringLiteral("HH:mm:ss\nyyyy-MM-dd"));
  dateTicker->setDateTimeSpec(Qt::LocalTime);
  axis->setTicker(dateTicker);
}

void placeLegendBeside(QCustomPlot* plot) {
  plot->legend->setVisible(true);
  plot->legend->setBrush(Qt::NoBrush);
  plot->legend->setBorderPen(Qt::NoPen);
  auto* side = new QCPLayoutGrid;
  plot->plotLayout()->addElement(0, 1, side);
  plot->plotLayout()->setColumnStretchFactor(1, 0.001);
  side->addElement(0, 0, plot->legend);
  side->addElement(1, 0, new QCPLayoutElement(plot));
  side->setRowStretchFactor(0, 0.001);
}

void showPlotToolTip(QCustomPlot* plot, const QPoint& plotPos, const QString& text) {
  if (text.isEmpty()) {
    QToolTip::hideText();
    return;
  }
  QToolTip::showText(plot->mapToGlobal(plotPos), text, plot);
}

}  // namespace sightline
