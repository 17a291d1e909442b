#include "ui/metrics/metric_value_text.h"

#include <cmath>

#include <QDateTime>

namespace sightline {

namespace {

bool endsWith(const std::string& text, const char* suffix) {
  const std::string s(suffix);
  return text.size() >= s.size() && text.compare(text.size() - s.size(), s.size(), s) == 0;
}

// Four significant digits without trailing zeros, the way the Prometheus UI shows floats.
QString significant(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e15))
    return QString::number(value, 'g', 4);
  QString text = QString::number(
      value, 'f', std::max(0, 3 - int(std::floor(std::log10(std::max(magnitude, 1e-300))))));
  if (text.contains(QLatin1Char('.'))) {
    while (text.endsWith(QLatin1Char('0')))
      text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
      text.chop(1);
  }
  return text;
}

QString special(double value) {
  if (std::isnan(value))
    return QStringLiteral("NaN");
  return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
}

QString seconds(double value) {
  const double magnitude = std::fabs(value);
  struct Scale {
    double factor;
    const char* label;
  };
  static constexpr Scale kScales[] = {{3600, "h"},  {60, "min"},  {1, "s"},
                                      {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}};
  if (magnitude == 0)
    return QStringLiteral("0 s");
  for (const Scale& scale : kScales) {
    if (magnitude >= scale.factor || scale.factor == 1e-9)
      return significant(value / scale.factor) + QLatin1Char(' ') + QString::fromUtf8(scale.label);
  }
  return significant(value);
}

QString bytes(double value) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double scaled = value;
  int unit = 0;
  while (std::fabs(scaled) >= 1024 && unit < 5) {
    scaled /= 1024;
    ++unit;
  }
  return significant(scaled) + QLatin1Char(' ') + QLatin1String(kUnits[unit]);
}

}  // namespace

MetricValueUnit metricValueUnit(const std::string& familyName, const std::string& unit) {
  if (unit == "seconds" || endsWith(familyName, "_seconds") ||
      endsWith(familyName, "_seconds_total")) {
    return MetricValueUnit::Seconds;
  }
  if (unit == "bytes" || endsWith(familyName, "_bytes") || endsWith(familyName, "_bytes_total"))
    return MetricValueUnit::Bytes;
  if (unit == "ratio" || endsWith(familyName, "_ratio"))
    return MetricValueUnit::Ratio;
  return MetricValueUnit::Plain;
}

QString formatMetricValue(double value) {
  if (!std::isfinite(value))
    return special(value);
  if (value == std::trunc(value) && std::fabs(value) < 1e15)
    return QString::number(static_cast<qint64>(value));
  return significant(value);
}

QString formatMetricValue(double value, MetricValueUnit unit) {
  if (!std::isfinite(value))
    return special(value);
  switch (unit) {
    case MetricValueUnit::Seconds:
      return seconds(value);
    case MetricValueUnit::Bytes:
      return bytes(value);
    case MetricValueUnit::Ratio:
      return significant(value * 100) + QStringLiteral(" %");
    case MetricValueUnit::Plain:
      break;
  }
  return formatMetricValue(value);
}

QString formatMetricRate(double perSecond, MetricValueUnit unit) {
  if (!std::isfinite(perSecond))
    return special(perSecond);
  // A counter of seconds per second is a utilisation, a plain count per second a rate.
  const QString value =
      unit == MetricValueUnit::Plain ? significant(perSecond) : formatMetricValue(perSecond, unit);
  return value + QStringLiteral("/s");
}

QString formatMetricChange(double change, MetricValueUnit unit) {
  if (!std::isfinite(change))
    return special(change);
  const QString text = formatMetricValue(change, unit);
  return change > 0 ? QLatin1Char('+') + text : text;
}

QString formatRelativeChange(double relative) {
  if (std::isnan(relative))
    return QStringLiteral("NaN");
  if (std::isinf(relative))
    return relative > 0 ? QStringLiteral("+∞") : QStringLiteral("−∞");
  const QString text = significant(relative * 100) + QStringLiteral(" %");
  return relative > 0 ? QLatin1Char('+') + text : text;
}

QString formatSnapshotTime(std::int64_t unixMs) {
  return QDateTime::fromMSecsSinceEpoch(unixMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString seriesText(const std::string& name, const std::vector<MetricLabel>& labels) {
  return QString::fromStdString(name + canonicalLabelText(labels));
}

}  // namespace sightline
