#include "ui/widgets/duration_text.h"

#include <array>
#include <cmath>

#include <QDateTime>

namespace sightline {

namespace {

struct Unit {
  const char* suffix;
  double ns;
};

QString withUnit(double value, const char* unit) {
  // Three significant digits: 1.23, 12.3, 123.
  int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  QString number = QString::number(value, 'f', decimals);
  if (number.contains(QLatin1Char('.'))) {
    while (number.endsWith(QLatin1Char('0')))
      number.chop(1);
    if (number.endsWith(QLatin1Char('.')))
      number.chop(1);
  }
  return number + QLatin1Char(' ') + QString::fromUtf8(unit);
}

}  // namespace

QString formatDuration(std::uint64_t ns) {
  const double v = static_cast<double>(ns);
  if (ns < 1000)
    return QString::number(ns) + QStringLiteral(" ns");
  if (v < 1e6)
    return withUnit(v / 1e3, "µs");
  if (v < 1e9)
    return withUnit(v / 1e6, "ms");
  if (v < 60e9)
    return withUnit(v / 1e9, "s");
  if (v < 3600e9)
    return withUnit(v / 60e9, "min");
  return withUnit(v / 3600e9, "h");
}

std::optional<std::uint64_t> parseDuration(const QString& text) {
  const QString trimmed = text.trimmed().toLower();
  if (trimmed.isEmpty())
    return std::nullopt;
  qsizetype split = 0;
  while (split < trimmed.size() &&
         (trimmed[split].isDigit() || trimmed[split] == QLatin1Char('.'))) {
    ++split;
  }
  if (split == 0)
    return std::nullopt;
  bool ok = false;
  const double number = trimmed.left(split).toDouble(&ok);
  if (!ok || !std::isfinite(number))
    return std::nullopt;
  const QString unit = trimmed.mid(split).trimmed();

  static const std::array<Unit, 10> kUnits = {{{"ns", 1},
                                               {"us", 1e3},
                                               {"µs", 1e3},
                                               {"ms", 1e6},
                                               {"s", 1e9},
                                               {"sec", 1e9},
                                               {"m", 60e9},
                                               {"min", 60e9},
                                               {"h", 3600e9},
                                               {"", 1e6}}};
  for (const Unit& candidate : kUnits) {
    if (unit == QString::fromUtf8(candidate.suffix)) {
      const double ns = std::round(number * candidate.ns);
      if (ns > 1.8e19)
        return std::nullopt;
      return static_cast<std::uint64_t>(ns);
    }
  }
  return std::nullopt;
}

QString formatTimestamp(std::uint64_t unixNano) {
  const auto ms = static_cast<qint64>(unixNano / 1000000);
  return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

}  // namespace sightline
