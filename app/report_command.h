#pragma once

#include <QString>
#include <QStringList>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline report --db W --out FILE.html [--baseline SIDE --target SIDE] [--title T]
// [--sections LIST]`: the review report of a workspace. arguments[0] is the verb.
int runReportCommand(const QStringList& arguments, CommandIo& io);
QString reportUsage();

}  // namespace sightline::cli
