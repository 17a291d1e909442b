#pragma once

#include <QString>
#include <QStringList>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline serve --db W [--otlp-http ADDR] [--allow-remote] [--json]`: receives OTLP/HTTP
// traces into the workspace until SIGINT or SIGTERM; prints the address it listens on, a
// one-line summary a minute, and a final summary. arguments[0] is the verb.
int runServeCommand(const QStringList& arguments, CommandIo& io);
QString serveUsage();

}  // namespace sightline::cli
