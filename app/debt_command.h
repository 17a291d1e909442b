#pragma once

#include <QString>
#include <QStringList>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline debt --db W [--json] [--mode signals|cost|hot|compare] [--baseline SRC,SRC
// --target SRC,SRC] [--sources SRC,SRC] [--mapping FILE] [--thresholds FILE] [--files]`: the
// tech-debt heatmap (docs/DEBT.md). arguments[0] is the verb.
int runDebtCommand(const QStringList& arguments, CommandIo& io);
QString debtUsage();

}  // namespace sightline::cli
