#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include "app/command_line.h"
#include "model/diagnosis/compare_traces.h"

namespace sightline::cli {

// `sightline compare --db W --baseline SIDE --target SIDE [--all-paths] [--json]`: the
// before/after comparison of two sets of traces. arguments[0] is the verb.
int runCompareCommand(const QStringList& arguments, CommandIo& io);
QString compareUsage();

// The documented JSON form (docs/CLI.md) and a newline.
void writeCompareJson(QTextStream& out, const TraceComparison& comparison);
// The text report: the sides, the operations table, the changed paths as a tree (every path
// with `allPaths`), the profiles.
QString formatCompareText(const TraceComparison& comparison, bool allPaths);

}  // namespace sightline::cli
