#include "model/text/profile_value_text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <span>
#include <string_view>

namespace sightline {

namespace {

struct Unit {
  std::string_view label;                   // what is printed
  std::array<std::string_view, 3> aliases;  // empty entries are unused
  double factor;                            // size in the family's base unit
};

struct UnitFamily {
  std::span<const Unit> units;  // ascending
  Unit fallback;                // when the target unit is not of this family
};

// Memory uses binary multiples under decimal names, as pprof does ("kB" = 1024 bytes).
constexpr Unit kMemoryUnits[] = {{"B", {"b", "byte"}, 1},
                                 {"kB", {"kb", "kbyte", "kilobyte"}, 0x1p10},
                                 {"MB", {"mb", "mbyte", "megabyte"}, 0x1p20},
                                 {"GB", {"gb", "gbyte", "gigabyte"}, 0x1p30},
                                 {"TB", {"tb", "tbyte", "terabyte"}, 0x1p40},
                                 {"PB", {"pb", "pbyte", "petabyte"}, 0x1p50}};

// There is no minute: pprof goes from seconds straight to hours.
constexpr Unit kTimeUnits[] = {{"ns", {"ns", "nanosecond"}, 1},
                               {"us", {"\u03bcs", "us", "microsecond"}, 1e3},
                               {"ms", {"ms", "millisecond"}, 1e6},
                               {"s", {"s", "sec", "second"}, 1e9},
                               {"hrs", {"hour", "hr"}, 3600e9}};

constexpr Unit kGcuUnits[] = {
    {"n*GCU", {"nanogcu"}, 1e-9}, {"u*GCU", {"microgcu"}, 1e-6}, {"m*GCU", {"milligcu"}, 1e-3},
    {"GCU", {"gcu"}, 1},          {"k*GCU", {"kilogcu"}, 1e3},   {"M*GCU", {"megagcu"}, 1e6},
    {"G*GCU", {"gigagcu"}, 1e9},  {"T*GCU", {"teragcu"}, 1e12},  {"P*GCU", {"petagcu"}, 1e15}};

const UnitFamily kFamilies[] = {
    {kMemoryUnits, {"B", {}, 1}}, {kTimeUnits, {"s", {}, 1e9}}, {kGcuUnits, {"GCU", {}, 1}}};

// The Profiles page scales bytes and times only; any other unit is printed after the number.
const std::span<const UnitFamily> kPageFamilies(kFamilies, 2);

// Lower case and, for names longer than two bytes, one trailing 's' dropped, so that
// "nanoseconds", "Bytes" and "ms" all find their unit.
const Unit* findUnit(const UnitFamily& family, std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (name.size() > 2 && name.back() == 's')
    name.pop_back();
  for (const Unit& unit : family.units) {
    for (std::string_view alias : unit.aliases) {
      if (!alias.empty() && alias == name)
        return &unit;
    }
  }
  return nullptr;
}

bool isAutomatic(const std::string& unit) {
  return unit == "auto" || unit == "minimum";
}

QString labelOf(const Unit& unit) {
  return QString::fromLatin1(unit.label.data(), static_cast<qsizetype>(unit.label.size()));
}

ScaledValue inFamily(const UnitFamily& family, const Unit& from, double value,
                     const std::string& toUnit) {
  const double base = value * from.factor;
  if (isAutomatic(toUnit)) {
    const Unit* best = nullptr;
    for (const Unit& unit : family.units) {
      if (base / unit.factor >= 1.0 && (!best || unit.factor >= best->factor))
        best = &unit;
    }
    const Unit& chosen = best ? *best : family.fallback;
    return {base / chosen.factor, labelOf(chosen)};
  }
  const Unit* to = findUnit(family, toUnit);
  const Unit& chosen = to ? *to : family.fallback;
  return {base / chosen.factor, labelOf(chosen)};
}

// |value| / total in percent, as both percentage styles print it.
double shareOfTotal(std::int64_t value, std::int64_t total) {
  return std::fabs(profilePercent(value, total));
}

bool isWhole(double percent) {
  return percent >= 99.95 && percent <= 100.05;
}

}  // namespace

ScaledValue scaleValue(std::int64_t value, const std::string& fromUnit, const std::string& toUnit) {
  if (value < 0 && value != INT64_MIN) {
    ScaledValue positive = scaleValue(-value, fromUnit, toUnit);
    positive.value = -positive.value;
    return positive;
  }
  for (const UnitFamily& family : kFamilies) {
    if (const Unit* from = findUnit(family, fromUnit))
      return inFamily(family, *from, static_cast<double>(value), toUnit);
  }
  // Counts and the like print bare; any other unit name is printed as it is.
  if (toUnit == "count" || toUnit == "sample" || toUnit == "unit" || isAutomatic(toUnit))
    return {static_cast<double>(value), QString()};
  return {static_cast<double>(value), QString::fromStdString(toUnit)};
}

QString formatScaledValue(std::int64_t value, const std::string& fromUnit,
                          const std::string& toUnit) {
  const ScaledValue scaled = scaleValue(value, fromUnit, toUnit);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", scaled.value);
  QString number = QString::fromLatin1(buffer);
  if (number.endsWith(QLatin1String(".00")))
    number.chop(3);
  if (number == QLatin1String("0") || number == QLatin1String("-0"))
    return QStringLiteral("0");
  return number + scaled.unit;
}

QString formatProfileValue(std::int64_t value, const std::string& unit) {
  const bool negative = value < 0;
  const double magnitude = std::fabs(static_cast<double>(value));
  QString text;
  for (const UnitFamily& family : kPageFamilies) {
    if (const Unit* from = findUnit(family, unit)) {
      const ScaledValue scaled = inFamily(family, *from, magnitude, "auto");
      text = QString::number(scaled.value, 'f', 2) + scaled.unit;
      break;
    }
  }
  if (text.isEmpty()) {
    text = QString::number(magnitude, 'f', 2);
    // Units pprof leaves out of its labels; anything else is appended as given.
    if (unit != "count" && unit != "sample" && unit != "samples" && unit != "unit" &&
        !unit.empty()) {
      text += QString::fromStdString(unit);
    }
  }
  // "1.00s" → "1s", but "1.50s" stays, as pprof prints it.
  const qsizetype point = text.indexOf(QLatin1String(".00"));
  if (point >= 0)
    text.remove(point, 3);
  if (text.startsWith(QLatin1Char('0')) && (text.size() == 1 || !text.at(1).isDigit()) &&
      !text.contains(QLatin1Char('.'))) {
    return QStringLiteral("0");
  }
  return negative ? QLatin1Char('-') + text : text;
}

std::string selectOutputUnit(const std::vector<std::int64_t>& values, std::int64_t total,
                             const std::string& sampleUnit) {
  if (values.empty())
    return sampleUnit;
  std::int64_t minValue = 0;
  for (std::int64_t value : values) {
    const std::int64_t magnitude = value < 0 ? -value : value;
    if (magnitude > 0 && (minValue == 0 || magnitude < minValue))
      minValue = magnitude;
  }
  const std::int64_t maxValue = total;
  if (minValue == 0)
    minValue = maxValue;
  const QString minUnit = scaleValue(minValue, sampleUnit, "minimum").unit;
  const QString maxUnit = scaleValue(maxValue, sampleUnit, "minimum").unit;
  QString unit = minUnit;
  // With the total in a bigger unit, the small values may go down to 0.01 of it.
  if (minUnit != maxUnit && minValue * 100 < maxValue)
    unit = scaleValue(100 * minValue, sampleUnit, "minimum").unit;
  return unit.isEmpty() ? sampleUnit : unit.toStdString();
}

double profilePercent(std::int64_t value, std::int64_t total) {
  if (total == 0)
    return 0;
  return static_cast<double>(value) / static_cast<double>(total) * 100.0;
}

QString formatPercentage(std::int64_t value, std::int64_t total) {
  const double ratio = shareOfTotal(value, total);
  if (isWhole(ratio))
    return QStringLiteral("  100%");
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, ratio >= 1.0 ? "%5.2f%%" : "%5.2g%%", ratio);
  return QString::fromLatin1(buffer);
}

QString formatProfilePercent(std::int64_t value, std::int64_t total) {
  const double ratio = shareOfTotal(value, total);
  if (isWhole(ratio))
    return QStringLiteral("100%");
  if (ratio >= 1.0)
    return QString::number(ratio, 'f', 2) + QLatin1Char('%');
  // Two significant digits, like Go's %.2g (which never uses exponent form for these values
  // before 1e-4 %).
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2g%%", ratio);
  return QString::fromLatin1(buffer);
}

}  // namespace sightline
