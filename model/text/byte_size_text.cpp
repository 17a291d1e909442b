#include "model/text/byte_size_text.h"

#include <cmath>

#include "model/text/number_text.h"

namespace sightline {

QString formatByteSize(double bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double scaled = bytes;
  int unit = 0;
  while (std::fabs(scaled) >= 1024 && unit < 5) {
    scaled /= 1024;
    ++unit;
  }
  return formatSignificant(scaled, 4) + QLatin1Char(' ') + QLatin1String(kUnits[unit]);
}

QString formatFileSize(std::uint64_t bytes) {
  if (bytes < 1024 * 1024)
    return QString::number(static_cast<double>(bytes) / 1024, 'f', 1) + QStringLiteral(" KiB");
  return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) +
         QStringLiteral(" MiB");
}

}  // namespace sightline
