#pragma once

#include <vector>

#include "model/common/status.h"
#include "model/store/workspace.h"
#include "model/traces/trace_data.h"
#include "model/traces/trace_records.h"

namespace sightline {

// The attributes of every span of `trace` (as loadTrace() gave it): element i holds those of
// trace.spans[i], in stored order. One query for the whole trace: `trace --json` prints every
// span's attributes, and loadSpanDetails() span by span (six statements each) took 8 s for a
// trace of 100k spans.
std::vector<std::vector<Attribute>> loadTraceSpanAttributes(const Workspace& workspace,
                                                            const LoadedTrace& trace,
                                                            Status* status = nullptr);

}  // namespace sightline
