#pragma once

#include <cstdint>
#include <optional>

#include <QString>

namespace sightline {

// "1.25 s", "340 ms", "12.5 µs", "800 ns": three significant digits in the largest unit
// that keeps the number at least 1, the way people read latencies.
QString formatDuration(std::uint64_t ns);

// Parses what people type in a duration box: "250ms", "1.5s", "2m", "800us"/"800µs",
// "3h", "42ns", with optional spaces; a bare number means milliseconds. nullopt when the
// text is not a duration (empty, negative, unknown unit).
std::optional<std::uint64_t> parseDuration(const QString& text);

// Local date and time with milliseconds, e.g. "2026-11-22 09:14:03.127".
QString formatTimestamp(std::uint64_t unixNano);

}  // namespace sightline
