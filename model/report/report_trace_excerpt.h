#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "model/diagnosis/finding.h"

namespace sightline {

class Workspace;

// A finding's exemplar trace cut for paper: its critical path and the finding's evidence
// spans with their ancestors, in the waterfall's order; everything else is counted, not kept.
struct TraceExcerptRow {
  int depth = 0;
  std::string service;
  std::string name;
  std::uint64_t startUnixNano = 0;
  std::uint64_t endUnixNano = 0;
  bool onCriticalPath = false;
  bool evidence = false;  // one of the finding's spans
  bool error = false;     // status ERROR
};

struct TraceExcerpt {
  TraceId traceId;
  std::uint64_t startUnixNano = 0;
  std::uint64_t endUnixNano = 0;
  std::vector<TraceExcerptRow> rows;
  std::size_t spans = 0;     // in the whole trace
  std::size_t notDrawn = 0;  // spans left out of `rows`
  bool criticalPathApproximate = false;
};

// The excerpt of `finding`'s first exemplar trace (nullopt when it names none, or the trace is
// not in the workspace). At most `maxRows` rows: the evidence spans and their ancestors first,
// then the critical path in display order.
std::optional<TraceExcerpt> readTraceExcerpt(const Workspace& workspace, const Finding& finding,
                                             std::size_t maxRows = 40);

}  // namespace sightline
