#pragma once

#include <QString>

namespace sightline {

// `value` with `digits` significant digits and no trailing zeros ("12.35", "0.001234",
// "340"); exponent form below 1e-4 and from 1e15 ("1.5e-07"), where fixed notation would
// be all zeros or all digits. The way the Prometheus UI shows floats, and our durations.
QString formatSignificant(double value, int digits);

}  // namespace sightline
