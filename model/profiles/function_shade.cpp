#include "model/profiles/function_shade.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "model/common/stable_hash.h"
#include "model/profiles/call_tree.h"

namespace sightline {

namespace {

// How much of the saturation and value ranges the package and the function each choose: the
// package sets a base so that packages of close hues still differ, the function shades it.
constexpr int kPackageSaturationSteps = 21;
constexpr int kPackageValueSteps = 6;
constexpr int kFunctionSaturationSteps =
    kShadeMaxSaturation - kShadeMinSaturation + 2 - kPackageSaturationSteps;
constexpr int kFunctionValueSteps = kShadeMaxValue - kShadeMinValue + 2 - kPackageValueSteps;

}  // namespace

FunctionShade functionShade(std::string_view function) {
  const std::uint32_t package = stableHash(packageOfFunction(std::string(function)));
  const std::uint32_t own = stableHash(function);
  FunctionShade shade;
  // The hue is the one the palette by package alone had, so packages keep their colour.
  shade.hue = kShadeMinHue + static_cast<int>(package % (kShadeMaxHue - kShadeMinHue + 1));
  shade.saturation = kShadeMinSaturation +
                     static_cast<int>((package >> 8) % kPackageSaturationSteps) +
                     static_cast<int>(own % kFunctionSaturationSteps);
  shade.value = kShadeMinValue + static_cast<int>((package >> 16) % kPackageValueSteps) +
                static_cast<int>((own >> 12) % kFunctionValueSteps);
  return shade;
}

ShadeRgb shadeRgb(const FunctionShade& shade) {
  // The usual HSV to RGB: six sectors of 60 degrees.
  const double h = static_cast<double>(((shade.hue % 360) + 360) % 360) / 60.0;
  const double s = static_cast<double>(shade.saturation) / 255.0;
  const double v = static_cast<double>(shade.value) / 255.0;
  const int sector = static_cast<int>(h);
  const double f = h - sector;
  const double p = v * (1 - s);
  const double q = v * (1 - s * f);
  const double t = v * (1 - s * (1 - f));
  struct Channels {
    double red, green, blue;
  };
  const Channels sectors[6] = {{v, t, p}, {q, v, p}, {p, v, t}, {p, q, v}, {t, p, v}, {v, p, q}};
  const Channels& c = sectors[sector % 6];
  auto byte = [](double x) { return static_cast<int>(std::lround(x * 255.0)); };
  return {byte(c.red), byte(c.green), byte(c.blue)};
}

}  // namespace sightline
