#include "model/text/number_text.h"

#include <algorithm>
#include <cmath>

namespace sightline {

QString formatSignificant(double value, int digits) {
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e15))
    return QString::number(value, 'g', digits);
  const int integerDigits = int(std::floor(std::log10(std::max(magnitude, 1e-300)))) + 1;
  QString text = QString::number(value, 'f', std::max(0, digits - integerDigits));
  if (text.contains(QLatin1Char('.'))) {
    while (text.endsWith(QLatin1Char('0')))
      text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
      text.chop(1);
  }
  return text;
}

}  // namespace sightline
