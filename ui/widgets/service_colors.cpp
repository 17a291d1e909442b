#include "ui/widgets/service_colors.h"

#include <array>

#include "model/common/stable_hash.h"

namespace sightline {

namespace {

// Hues spread around the wheel, alternating light and dark so that neighbours in the list
// differ in brightness too; none is red, which is reserved for errors.
constexpr std::array<QRgb, 16> kPalette = {
    0xff4e79a7, 0xfff28e2b, 0xff59a14f, 0xffb07aa1, 0xff76b7b2, 0xffedc948, 0xff9c755f, 0xff86bcb6,
    0xff8cd17d, 0xff499894, 0xfff1a7c6, 0xff6a5acd, 0xffd4a373, 0xff5fa2dd, 0xffbab0ac, 0xffa0cbe8,
};

}  // namespace

QColor serviceColor(std::string_view service) {
  return QColor::fromRgb(kPalette[stableHash(service) % kPalette.size()]);
}

int serviceColorCount() {
  return static_cast<int>(kPalette.size());
}

}  // namespace sightline
