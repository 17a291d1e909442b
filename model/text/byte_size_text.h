#pragma once

#include <cstdint>

#include <QString>

namespace sightline {

// Byte sizes in binary multiples with IEC names (B, KiB, MiB, …), in two styles.

// Four significant digits in the largest unit that keeps the number at least 1: "512 B",
// "1.5 MiB", "-3 KiB" (metric values, which may be fractional or negative).
QString formatByteSize(double bytes);

// One decimal, in KiB below a MiB and in MiB from there: "0.5 KiB", "12.3 MiB" (the sizes
// of imported files in the CLI's progress and summary).
QString formatFileSize(std::uint64_t bytes);

}  // namespace sightline
