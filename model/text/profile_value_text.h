#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <QString>

namespace sightline {

// Profile values printed the way `go tool pprof` prints them (its measurement package), so
// that `sightline top` reads like `pprof -top` and the Profiles page like pprof's web view:
// nanoseconds as "1.50ms", bytes as "12.50MB" (binary multiples, as pprof), counts bare.
// Written from pprof's documented behaviour.

// A value converted to `toUnit`: the number and the label to print after it (empty for
// counts). `toUnit` "auto" (or "minimum") picks the largest unit in which the value is ≥ 1.
// Units pprof does not know are kept as they are.
struct ScaledValue {
  double value = 0;
  QString unit;
};
ScaledValue scaleValue(std::int64_t value, const std::string& fromUnit, const std::string& toUnit);

// The command line's: "%.2f" of the scaled value with a trailing ".00" dropped and the unit
// appended; "0" for zero ("1.50ms", "250ms", "12kB", "42").
QString formatScaledValue(std::int64_t value, const std::string& fromUnit,
                          const std::string& toUnit);

// The GUI's: bytes and times scaled to the largest unit that keeps them at least 1 ("1.50s",
// "512kB", "40ms"), two decimals with ".00" dropped; counts as plain numbers and any other
// unit named after the number ("5widgets").
QString formatProfileValue(std::int64_t value, const std::string& unit);

// pprof's choice of one output unit for a whole report: the unit of the smallest non-zero
// value, or of a hundred times it when the largest value (the total) needs a bigger unit.
// `values` are the rows' flat values (their cum value when flat is 0); signs are ignored.
std::string selectOutputUnit(const std::vector<std::int64_t>& values, std::int64_t total,
                             const std::string& sampleUnit);

// value / total in percent, signed; 0 when total is 0 (for sorting and colouring).
double profilePercent(std::int64_t value, std::int64_t total);

// pprof's percentage column, of |value| / total: "  100%" near 100, "%5.2f%%" from 1 %,
// "%5.2g%%" below (so small shares stay readable); 0 when total is 0.
QString formatPercentage(std::int64_t value, std::int64_t total);

// The same share in the GUI, without the column's padding: "100%", "33.33%", "0.12%".
QString formatProfilePercent(std::int64_t value, std::int64_t total);

}  // namespace sightline
