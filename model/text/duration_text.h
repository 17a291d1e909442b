#pragma once

#include <cstdint>
#include <optional>

#include <QString>
#include <QStringView>

namespace sightline {

// Durations in the styles Sightline prints them in, and the two ways it reads them.

// The GUI's: "1.25 s", "340 ms", "12.5 µs", "800 ns", "2 min", "1.5 h": three significant
// digits in the largest unit that keeps the number at least 1, the way people read latencies.
QString formatDuration(std::uint64_t ns);

// The command line's: "850ns", "1.50µs", "12.3µs", "45.67ms", "1.234s", "2m05.1s": fixed
// decimals per unit and no space, as the CLI's tables and golden files have them.
QString formatDurationCompact(std::uint64_t ns);

// Seconds as a metric holds them (fractional, maybe negative): "340 ms", "1.5 min",
// "-20 ms", "0 s": four significant digits in the largest unit that keeps the number at
// least 1 (h, min, s, ms, µs, ns).
QString formatSeconds(double seconds);

// What people type in the GUI's duration boxes: "250ms", "1.5s", "2m", "1.5 min",
// "800us"/"800µs", "3h", "42ns", any case, optional spaces; a bare number means
// milliseconds. nullopt when the text is not a duration (empty, negative, unknown unit).
std::optional<std::uint64_t> parseDurationInput(const QString& text);

// A command-line option's value: "250ms", "1.5s", "20us"/"20µs", "300ns", "2m", "1h". A bare
// "0" is accepted; other bare numbers are not (in a script the unit would be a guess).
std::optional<std::uint64_t> parseDurationArgument(QStringView text);

}  // namespace sightline
