#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <vector>

#include "app/command_line.h"
#include "model/traces/trace_data.h"

namespace sightline::cli {

// `sightline traces --db W [filters] [--json]`: the trace list. arguments[0] is the verb.
int runTracesCommand(const QStringList& arguments, CommandIo& io);
QString tracesUsage();

// The documented JSON form: {"traces": [{"trace_id", "root_service", …}]} and a newline.
void writeTracesJson(QTextStream& out, const std::vector<TraceSummary>& traces);
// The aligned text table.
QString formatTracesTable(const std::vector<TraceSummary>& traces);

}  // namespace sightline::cli
