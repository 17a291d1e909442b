#include "ui/profiles/flame_graph_colors.h"

#include <algorithm>
#include <cmath>

#include "model/profiles/function_shade.h"

namespace sightline {

namespace {

// Rounded to 8 bits per channel so that it compares equal to what lands in an image.
QColor mix(const QColor& from, const QColor& to, double t) {
  auto channel = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
  return QColor(channel(from.red(), to.red()), channel(from.green(), to.green()),
                channel(from.blue(), to.blue()));
}

const QColor kUnchanged(0xc8, 0xc8, 0xc8);
const QColor kGrew(0xe0, 0x2a, 0x22);
const QColor kShrank(0x2a, 0x62, 0xe0);

}  // namespace

QColor functionColor(std::string_view function) {
  const ShadeRgb rgb = shadeRgb(functionShade(function));
  return QColor(rgb.red, rgb.green, rgb.blue);
}

double normalisedDelta(std::int64_t total, std::int64_t rootTotal, std::int64_t baseTotal,
                       std::int64_t baseRootTotal) {
  const double current =
      rootTotal != 0 ? static_cast<double>(total) / static_cast<double>(rootTotal) : 0.0;
  const double base = baseRootTotal != 0
                          ? static_cast<double>(baseTotal) / static_cast<double>(baseRootTotal)
                          : 0.0;
  return current - base;
}

double normalisedDelta(const CallTree& tree, std::uint32_t node) {
  return normalisedDelta(tree.nodes[node].total, tree.shareTotal(), tree.baseTotalOf(node),
                         tree.baseShareTotal());
}

QColor diffColor(double delta, double fullScale) {
  if (!(fullScale > 0) || !std::isfinite(delta))
    return kUnchanged;
  const double t = std::clamp(std::fabs(delta) / fullScale, 0.0, 1.0);
  return mix(kUnchanged, delta > 0 ? kGrew : kShrank, t);
}

double diffColorScale(const CallTree& tree) {
  double largest = 0;
  for (std::uint32_t node = 0; node < tree.nodes.size(); ++node)
    largest = std::max(largest, std::fabs(normalisedDelta(tree, node)));
  return std::max(largest, kMinDiffScale);
}

QColor dimmedColor(const QColor& color, const QColor& background) {
  return mix(color, background, 0.6);
}

QColor mergedSliverColor() {
  return QColor(0x9c, 0x9c, 0x9c);
}

QColor mergedMatchColor() {
  return QColor(0xc2, 0x3a, 0xd6);
}

}  // namespace sightline
