#pragma once

#include <optional>
#include <vector>

#include "model/store/workspace.h"
#include "model/traces/trace_data.h"

namespace sightline {

// Trace list, newest first unless sorted by the caller.
std::vector<TraceSummary> listTraces(const Workspace& workspace, const TraceFilter& filter);

// All spans of a trace; nullopt when the trace is not in the workspace.
std::optional<LoadedTrace> loadTrace(const Workspace& workspace, const TraceId& traceId);

// Attributes, events, links, resource and scope of one span (by spans.id).
std::optional<SpanDetails> loadSpanDetails(const Workspace& workspace, std::int64_t spanRowId);

// Distinct service names / operation names, for filter combo boxes.
std::vector<std::string> listServices(const Workspace& workspace);
// Distinct span names, optionally of one service only; sorted.
std::vector<std::string> listOperations(const Workspace& workspace,
                                        const std::string& service = {});

}  // namespace sightline
