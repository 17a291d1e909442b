#pragma once

#include <QString>
#include <QStringList>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline flame (--db W [--profile ID] | FILE) --svg OUT.svg [--sample-type T]
// [--diff-base BASE] [filters] [--width PX]`: writes a standalone SVG flame graph (OUT "-"
// is stdout). arguments[0] is the verb.
int runFlameCommand(const QStringList& arguments, CommandIo& io);
QString flameUsage();

}  // namespace sightline::cli
