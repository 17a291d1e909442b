#pragma once

#include <QStringView>
#include <cstdint>
#include <optional>

namespace sightline::cli {

// The value of `import --time`: an RFC 3339 / ISO 8601 time with a zone
// ("2024-05-01T12:00:00Z", "2024-05-01T14:00:00.250+02:00") or Unix seconds ("1714564800",
// "1714564800.25", as Prometheus' API writes times). Returns Unix milliseconds; nullopt
// when malformed, when the zone is missing (local time would make the result depend on the
// machine) or out of range.
std::optional<std::int64_t> parseSnapshotTime(QStringView text);

}  // namespace sightline::cli
