#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <functional>
#include <vector>

#include "app/command_line.h"
#include "model/traces/trace_data.h"
#include "model/traces/trace_tree.h"

namespace sightline::cli {

// `sightline trace --db W TRACE_ID [--json]`: the span tree of one trace with self time and
// the critical path. arguments[0] is the verb.
int runTraceCommand(const QStringList& arguments, CommandIo& io);
QString traceUsage();

// Supplies the attributes of trace.spans[spanIndex] (the CLI reads them all at once with
// loadTraceSpanAttributes).
using SpanAttributesFn = std::function<std::vector<Attribute>(std::size_t spanIndex)>;

// The documented JSON form ({"trace_id", …, "spans": [...]} in preorder) and a newline.
void writeTraceJson(QTextStream& out, const LoadedTrace& trace, const TraceTree& tree,
                    const SpanAttributesFn& attributesOf);
// The indented text tree: offset, duration, self time, markers, service and name per span.
QString formatTraceText(const LoadedTrace& trace, const TraceTree& tree);

}  // namespace sightline::cli
