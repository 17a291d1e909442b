#pragma once

#include <QString>
#include <cstdint>
#include <optional>

namespace sightline {

// The cells of a before → after table in the shape reviewers use: "2.14 s → 412 ms, ↓80.7 %".
// Either side may be missing ("–"); the arrow shows the direction of the number.
QString durationChange(std::optional<std::uint64_t> beforeNs, std::optional<std::uint64_t> afterNs);
QString rateChange(std::optional<double> before, std::optional<double> after,
                   const QString& unit);                                         // e.g. "/s"
QString shareChange(std::optional<double> before, std::optional<double> after);  // 0..1 → %
QString countChange(std::optional<std::uint64_t> before, std::optional<std::uint64_t> after);

// A duration as reviewers write it: milliseconds up to 10 s with three significant digits
// ("2140 ms", "412 ms", "6.29 ms"), µs and ns below a millisecond, seconds above 10 s ("31.7 s").
QString reportDuration(std::uint64_t ns);

// "↓80.7 %", "↑12 %", "±0 %"; empty when `before` is 0.
QString relativeChange(double before, double after);

}  // namespace sightline
