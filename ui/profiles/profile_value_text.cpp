#include "ui/profiles/profile_value_text.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace sightline {

namespace {

struct UnitScale {
  const char* label;  // what is printed
  double factor;      // in the family's base unit
};

struct UnitFamily {
  std::array<const char*, 4> aliases;  // lower-case, singular
  double factor;                       // the alias's size in the base unit
  int family;                          // 0 = bytes, 1 = time
};

// The units pprof knows, by the names profiles use for them.
constexpr std::array<UnitFamily, 11> kAliases{{
    {{"b", "byte", nullptr, nullptr}, 1, 0},
    {{"kb", "kbyte", "kilobyte", nullptr}, 1024.0, 0},
    {{"mb", "mbyte", "megabyte", nullptr}, 1024.0 * 1024, 0},
    {{"gb", "gbyte", "gigabyte", nullptr}, 1024.0 * 1024 * 1024, 0},
    {{"tb", "tbyte", "terabyte", nullptr}, 1024.0 * 1024 * 1024 * 1024, 0},
    {{"pb", "pbyte", "petabyte", nullptr}, 1024.0 * 1024 * 1024 * 1024 * 1024, 0},
    {{"ns", "nanosecond", nullptr, nullptr}, 1, 1},
    {{"us", "\xce\xbcs", "microsecond", nullptr}, 1e3, 1},
    {{"ms", "millisecond", nullptr, nullptr}, 1e6, 1},
    {{"s", "sec", "second", nullptr}, 1e9, 1},
    {{"hour", "hr", nullptr, nullptr}, 3600e9, 1},
}};

constexpr std::array<UnitScale, 6> kByteScales{{{"B", 1},
                                                {"kB", 1024.0},
                                                {"MB", 1024.0 * 1024},
                                                {"GB", 1024.0 * 1024 * 1024},
                                                {"TB", 1024.0 * 1024 * 1024 * 1024},
                                                {"PB", 1024.0 * 1024 * 1024 * 1024 * 1024}}};
constexpr std::array<UnitScale, 5> kTimeScales{
    {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"hrs", 3600e9}}};

// The family and size of `unit`, as pprof recognises it (case-insensitive, a plural "s"
// dropped from names longer than two letters).
const UnitFamily* findUnit(const std::string& unit) {
  std::string name;
  name.reserve(unit.size());
  for (char c : unit)
    name.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (name.size() > 2 && name.back() == 's')
    name.pop_back();
  for (const UnitFamily& candidate : kAliases) {
    for (const char* alias : candidate.aliases) {
      if (alias && name == alias)
        return &candidate;
    }
  }
  return nullptr;
}

template <std::size_t N>
QString scaled(double base, const std::array<UnitScale, N>& scales, const char* fallback) {
  const UnitScale* best = nullptr;
  for (const UnitScale& scale : scales) {
    if (base / scale.factor >= 1.0)
      best = &scale;
  }
  if (!best) {
    for (const UnitScale& scale : scales) {
      if (QLatin1String(scale.label) == QLatin1String(fallback))
        best = &scale;
    }
  }
  return QString::number(base / best->factor, 'f', 2) + QLatin1String(best->label);
}

}  // namespace

QString formatProfileValue(std::int64_t value, const std::string& unit) {
  const bool negative = value < 0;
  const double magnitude = std::fabs(static_cast<double>(value));
  QString text;
  if (const UnitFamily* family = findUnit(unit)) {
    const double base = magnitude * family->factor;
    text = family->family == 0 ? scaled(base, kByteScales, "B") : scaled(base, kTimeScales, "s");
  } else {
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

double profilePercent(std::int64_t value, std::int64_t total) {
  if (total == 0)
    return 0;
  return static_cast<double>(value) / static_cast<double>(total) * 100.0;
}

QString formatProfilePercent(std::int64_t value, std::int64_t total) {
  const double ratio = std::fabs(profilePercent(value, total));
  if (ratio >= 99.95 && ratio <= 100.05)
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
