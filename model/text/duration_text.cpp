#include "model/text/duration_text.h"

#include <array>
#include <cmath>

#include <QRegularExpression>

#include "model/text/number_text.h"

namespace sightline {

namespace {

struct Unit {
  const char* suffix;
  double ns;
};

QString withUnit(double value, const char* unit) {
  return formatSignificant(value, 3) + QLatin1Char(' ') + QString::fromUtf8(unit);
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

QString formatDurationCompact(std::uint64_t ns) {
  if (ns < 1000)
    return QString::number(ns) + QLatin1String("ns");
  const double value = static_cast<double>(ns);
  if (ns < 1000000)
    return QString::number(value / 1e3, 'f', ns < 10000 ? 2 : 1) + QStringLiteral("µs");
  if (ns < 1000000000)
    return QString::number(value / 1e6, 'f', 2) + QLatin1String("ms");
  if (ns < 60000000000ull)
    return QString::number(value / 1e9, 'f', 3) + QLatin1String("s");
  const std::uint64_t minutes = ns / 60000000000ull;
  const double seconds = static_cast<double>(ns % 60000000000ull) / 1e9;
  return QString::number(minutes) + QLatin1Char('m') +
         QStringLiteral("%1s").arg(seconds, 4, 'f', 1, QLatin1Char('0'));
}

QString formatSeconds(double seconds) {
  const double magnitude = std::fabs(seconds);
  struct Scale {
    double factor;
    const char* label;
  };
  static constexpr Scale kScales[] = {{3600, "h"},  {60, "min"},  {1, "s"},
                                      {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}};
  if (magnitude == 0)
    return QStringLiteral("0 s");
  for (const Scale& scale : kScales) {
    if (magnitude >= scale.factor || scale.factor == 1e-9) {
      return formatSignificant(seconds / scale.factor, 4) + QLatin1Char(' ') +
             QString::fromUtf8(scale.label);
    }
  }
  return formatSignificant(seconds, 4);
}

std::optional<std::uint64_t> parseDurationInput(const QString& text) {
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

std::optional<std::uint64_t> parseDurationArgument(QStringView text) {
  static const QRegularExpression kDuration(
      QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?\\s*$"));
  const QRegularExpressionMatch match = kDuration.match(text.toString());
  if (!match.hasMatch())
    return std::nullopt;
  bool ok = false;
  const double number = match.captured(1).toDouble(&ok);
  if (!ok)
    return std::nullopt;
  const QString unit = match.captured(2);
  if (unit.isEmpty()) {
    if (number != 0)
      return std::nullopt;
    return 0;
  }
  double scale = 1;
  if (unit == QLatin1String("us") || unit == QStringLiteral("µs")) {
    scale = 1e3;
  } else if (unit == QLatin1String("ms")) {
    scale = 1e6;
  } else if (unit == QLatin1String("s")) {
    scale = 1e9;
  } else if (unit == QLatin1String("m")) {
    scale = 60e9;
  } else if (unit == QLatin1String("h")) {
    scale = 3600e9;
  }
  const double ns = number * scale;
  // Beyond ~292 years the value no longer fits; such a filter is a typo, not a wish.
  if (!std::isfinite(ns) || ns >= 9.2e18)
    return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(ns));
}

}  // namespace sightline
