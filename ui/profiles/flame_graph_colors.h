#pragma once

#include <string_view>

#include <QColor>

#include "model/profiles/call_tree.h"

namespace sightline {

// Colours of the flame graph. Normal trees colour a node by its function: the hue by its
// package (packageOfFunction) from a warm palette, so a package keeps its colour across
// profiles and sessions, the shade by the function within the package (functionShade, the
// same colours as `sightline flame --svg`). Differential trees colour by the change of the
// node's share of its profile: red = grew, blue = shrank, grey = unchanged, more saturated
// the bigger the change.

// A warm colour (reds, oranges, yellows) with the hue of the function's package and a shade
// of its own; stable across runs.
QColor functionColor(std::string_view function);

// The node's share of the current profile minus its share of the base profile, each side
// normalised to its own total: total/rootTotal − baseTotal/baseRootTotal (−1..1). A side
// with a zero total contributes 0.
double normalisedDelta(std::int64_t total, std::int64_t rootTotal, std::int64_t baseTotal,
                       std::int64_t baseRootTotal);
// The same for node `node` of a differential tree.
double normalisedDelta(const CallTree& tree, std::uint32_t node);

// Grey at delta 0, blending into red (delta > 0) or blue (delta < 0) until |delta| reaches
// `fullScale`, where the colour is fully saturated.
QColor diffColor(double delta, double fullScale);
// The scale diffColor saturates at for a tree: its largest |delta|, but at least
// kMinDiffScale so that tiny noise between two near-identical profiles stays near grey.
inline constexpr double kMinDiffScale = 0.01;
double diffColorScale(const CallTree& tree);

// A colour washed out towards `background`: ancestors of the zoom node and, while
// searching, nodes that do not match.
QColor dimmedColor(const QColor& color, const QColor& background);

// Runs of nodes narrower than a pixel, merged into one sliver.
QColor mergedSliverColor();
// A sliver hiding a search match.
QColor mergedMatchColor();

}  // namespace sightline
