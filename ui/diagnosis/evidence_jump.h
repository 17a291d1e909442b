#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "model/diagnosis/finding.h"

namespace sightline {

// Where opening a finding or one of its evidence rows takes the user: a trace with the
// finding's spans in it highlighted, a profile function, or a metric series over a time
// range. Pure data, so that what a click does is tested without widgets.
struct EvidenceJump {
  enum class Kind { None, Trace, Function, Series };
  Kind kind = Kind::None;
  // Trace: the trace and the finding's spans in it (evidence order, no repeats).
  TraceId traceId;
  std::vector<SpanId> spans;
  // Function: the profile and function; `span` (when not zero) names a span whose samples the
  // profile may be filtered to.
  std::int64_t profileId = 0;
  std::string function;
  SpanId span;
  // Series: name{labels} and the time range to show.
  std::string series;
  std::uint64_t startUnixNano = 0;
  std::uint64_t endUnixNano = 0;
};

// What evidence row `row` of `finding` opens. A span row opens its trace with every span
// evidence row of the finding in that trace highlighted; a series row without a range of
// its own takes the finding's first/last seen.
EvidenceJump jumpForEvidence(const Finding& finding, std::size_t row);

// What opening the whole finding (a double click) does: the first exemplar trace with span
// evidence in it, else the first span evidence's trace, else the first exemplar trace, else
// the first function, else the first series.
EvidenceJump jumpForFinding(const Finding& finding);

// The range a series chart shows for [start, end] (Unix ms): widened by a fifth on each side
// and to at least `minimumMs`, so that a short burst sits in its context.
struct TimeRangeMs {
  std::int64_t fromMs = 0;
  std::int64_t toMs = 0;
};
TimeRangeMs seriesChartRange(std::uint64_t startUnixNano, std::uint64_t endUnixNano,
                             std::int64_t minimumMs = 60000);

}  // namespace sightline
