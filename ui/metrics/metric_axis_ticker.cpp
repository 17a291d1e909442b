#include "ui/metrics/metric_axis_ticker.h"

#include <cmath>

namespace sightline {

QString MetricAxisTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                                       int precision) {
  // Ticks a hair off zero come from floating-point steps; they read as 0.
  if (std::fabs(tick) < 1e-12)
    tick = 0;
  if (m_unit == MetricValueUnit::Plain) {
    const QString plain = QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision);
    return m_perSecond ? plain + QStringLiteral("/s") : plain;
  }
  return m_perSecond ? formatMetricRate(tick, m_unit) : formatMetricValue(tick, m_unit);
}

}  // namespace sightline
