#pragma once

#include <QString>
#include <QStringList>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline import --db W FILE... [--json]`: imports each file, prints a summary; exit 1
// when any file failed. arguments[0] is the verb.
int runImportCommand(const QStringList& arguments, CommandIo& io);
QString importUsage();

}  // namespace sightline::cli
