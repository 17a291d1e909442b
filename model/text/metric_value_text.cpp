#include "model/text/metric_value_text.h"

#include <cmath>

#include <QLocale>

#include "model/text/byte_size_text.h"
#include "model/text/duration_text.h"
#include "model/text/number_text.h"

namespace sightline {

namespace {

QString nonFinite(double value) {
  if (std::isnan(value))
    return QStringLiteral("NaN");
  return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
}

}  // namespace

QString formatExpositionValue(double value) {
  if (!std::isfinite(value))
    return nonFinite(value);
  return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

MetricValueUnit metricValueUnit(const std::string& familyName, const std::string& unit) {
  if (unit == "seconds" || familyName.ends_with("_seconds") ||
      familyName.ends_with("_seconds_total")) {
    return MetricValueUnit::Seconds;
  }
  if (unit == "bytes" || familyName.ends_with("_bytes") || familyName.ends_with("_bytes_total"))
    return MetricValueUnit::Bytes;
  if (unit == "ratio" || familyName.ends_with("_ratio"))
    return MetricValueUnit::Ratio;
  return MetricValueUnit::Plain;
}

QString formatMetricValue(double value) {
  if (!std::isfinite(value))
    return nonFinite(value);
  if (value == std::trunc(value) && std::fabs(value) < 1e15)
    return QString::number(static_cast<qint64>(value));
  return formatSignificant(value, 4);
}

QString formatMetricValue(double value, MetricValueUnit unit) {
  if (!std::isfinite(value))
    return nonFinite(value);
  switch (unit) {
    case MetricValueUnit::Seconds:
      return formatSeconds(value);
    case MetricValueUnit::Bytes:
      return formatByteSize(value);
    case MetricValueUnit::Ratio:
      return formatSignificant(value * 100, 4) + QStringLiteral(" %");
    case MetricValueUnit::Plain:
      break;
  }
  return formatMetricValue(value);
}

QString formatMetricRate(double perSecond, MetricValueUnit unit) {
  if (!std::isfinite(perSecond))
    return nonFinite(perSecond);
  // A counter of seconds per second is a utilisation, a plain count per second a rate.
  const QString value = unit == MetricValueUnit::Plain ? formatSignificant(perSecond, 4)
                                                       : formatMetricValue(perSecond, unit);
  return value + QStringLiteral("/s");
}

QString formatMetricChange(double change, MetricValueUnit unit) {
  if (!std::isfinite(change))
    return nonFinite(change);
  const QString text = formatMetricValue(change, unit);
  return change > 0 ? QLatin1Char('+') + text : text;
}

QString formatRelativeChange(double relative) {
  if (std::isnan(relative))
    return QStringLiteral("NaN");
  if (std::isinf(relative))
    return relative > 0 ? QStringLiteral("+∞") : QStringLiteral("−∞");
  const QString text = formatSignificant(relative * 100, 4) + QStringLiteral(" %");
  return relative > 0 ? QLatin1Char('+') + text : text;
}

QString seriesText(const std::string& name, const std::vector<MetricLabel>& labels) {
  return QString::fromStdString(name + canonicalLabelText(labels));
}

}  // namespace sightline
