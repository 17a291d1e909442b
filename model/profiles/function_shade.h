#pragma once

#include <string_view>

namespace sightline {

// The fill of a function's frames in a flame graph (the view and `sightline flame --svg`),
// for trees that are not differential. The hue is the package's (packageOfFunction): warm,
// from red to yellow, the same for every function of a package and across runs. Saturation
// and value vary with the function's name inside bounds that keep dark text readable, so
// that neighbouring frames of one package, or a profile of a single package, are not one
// flat colour. Deterministic: hashes (FNV-1a) of the names, never std::hash.
struct FunctionShade {
  int hue = 0;         // degrees, 0..359
  int saturation = 0;  // 0..255
  int value = 0;       // 0..255
};

inline constexpr int kShadeMinHue = 4;
inline constexpr int kShadeMaxHue = 49;
inline constexpr int kShadeMinSaturation = 100;
inline constexpr int kShadeMaxSaturation = 190;
inline constexpr int kShadeMinValue = 215;
inline constexpr int kShadeMaxValue = 254;

FunctionShade functionShade(std::string_view function);

struct ShadeRgb {
  int red = 0;
  int green = 0;
  int blue = 0;
};
// The shade as 8-bit RGB, so that the view and the SVG paint the same colour.
ShadeRgb shadeRgb(const FunctionShade& shade);

}  // namespace sightline
