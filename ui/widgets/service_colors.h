#pragma once

#include <string_view>

#include <QColor>

namespace sightline {

// The colour of a service: a hash of its name picks one of a fixed set of distinguishable,
// medium-saturation colours, so a service keeps its colour across traces and sessions.
QColor serviceColor(std::string_view service);

// How many distinct colours serviceColor can return.
int serviceColorCount();

}  // namespace sightline
