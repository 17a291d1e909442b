#pragma once

#include <QIcon>

namespace sightline {

// The application icon: a tiny span waterfall (staggered bars in three colours) drawn in
// code at the usual sizes, so that no image file has to be installed next to the binary.
QIcon sightlineIcon();

}  // namespace sightline
