#pragma once

#include <functional>

#include <QString>

namespace sightline {

// How wide a text is, in the caller's units: pixels of a font (the flame graph view) or an
// estimate per character (the SVG of `sightline flame --svg`).
using TextWidth = std::function<double(const QString&)>;

// The label of a frame named `name` in `room` units of width. A name that does not fit loses
// its FRONT, because the end says which function it is: "…(*scrapeCache).setHelp" rather
// than "github.com/prometheus/…". The cut goes after a separator of the name ('/', '.', ':'
// outside brackets, so not inside C++ argument lists or Go type parameters), keeping the
// longest tail that fits; when even the part after the last separator does not fit, "…"
// and as many of the last characters as fit. Empty when not even "…" and one character
// fit. Pure; the width is measured only O(log length) times.
QString elideFunctionName(const QString& name, double room, const TextWidth& widthOf);

}  // namespace sightline
