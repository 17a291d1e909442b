#pragma once

#include <cstdint>

#include <QString>

namespace sightline {

// Points in time, in the two styles Sightline prints them in.

// The GUI's: local date and time with milliseconds, "2026-11-22 09:14:03.127".
QString formatLocalTimestamp(std::uint64_t unixNano);
// The same for a time in Unix milliseconds (metric snapshots and points).
QString formatLocalTimestampMs(std::int64_t unixMs);

// The command line's: ISO 8601 in UTC with milliseconds, "2026-11-22T07:28:34.123Z", so that
// its output does not depend on the machine's time zone.
QString formatUtcTimestamp(std::uint64_t unixNano);

}  // namespace sightline
