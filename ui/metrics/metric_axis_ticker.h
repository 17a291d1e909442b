#pragma once

#include "model/text/metric_value_text.h"
#include "ui/widgets/qcustomplot_include.h"

namespace sightline {

// A value axis whose tick labels speak the metric's unit ("250 ms", "1.5 MiB/s", "12 %").
class MetricAxisTicker : public QCPAxisTicker {
 public:
  MetricAxisTicker(MetricValueUnit unit, bool perSecond) : m_unit(unit), m_perSecond(perSecond) {}

 protected:
  QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                       int precision) override;

 private:
  MetricValueUnit m_unit;
  bool m_perSecond;
};

}  // namespace sightline
