#pragma once

#include <QString>
#include <QStringList>

#include "app/command_line.h"

namespace sightline::cli {

// `sightline metrics --db W [--json]`: the families with their series and sample counts;
// `--series SELECTOR`: the points of the matching series; `--quantile Q --histogram NAME
// [--by LABEL,...] [--rate]`: histogram quantiles per snapshot. arguments[0] is the verb.
int runMetricsCommand(const QStringList& arguments, CommandIo& io);
QString metricsUsage();

}  // namespace sightline::cli
