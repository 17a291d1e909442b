#pragma once

#include <cstdint>
#include <string>

#include <QString>

namespace sightline {

// A profile value in its sample type's unit the way `go tool pprof` prints it: scaled to the
// largest unit that keeps it at least 1 ("1.50s", "512kB", "40ms"), two decimals with ".00"
// dropped; counts and unknown units as plain numbers.
QString formatProfileValue(std::int64_t value, const std::string& unit);

// pprof's percentage: "100%" near 100, two decimals from 1 % on, two significant digits below
// (so small shares stay readable). Uses |value| / total, 0 when total is 0.
QString formatProfilePercent(std::int64_t value, std::int64_t total);

// The same share as a number (percent, signed), for sorting and colouring.
double profilePercent(std::int64_t value, std::int64_t total);

}  // namespace sightline
