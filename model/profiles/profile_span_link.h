#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QString>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/profiles/profile_queries.h"
#include "model/store/workspace.h"

namespace sightline {

// Where the CPU time of a span is: a profile and the label filter that keeps the samples
// taken while the span (or, failing that, its trace) was running.
struct SpanProfileLink {
  std::int64_t profileId = 0;
  SampleLabelFilter filter;
  bool bySpan = false;  // false: matched on the trace id only
  QString description;  // e.g. "samples of span 00f067aa0ba902b7"
};

// The label keys profilers use for span and trace ids (pprof labels set by OpenTelemetry
// integrations and by hand), and the filters for ids written as lower- or upper-case hex.
SampleLabelFilter spanLabelFilter(const std::vector<SpanId>& spans);
SampleLabelFilter traceLabelFilter(const TraceId& trace);

// What the trace page learns once per trace: whether any profile has samples of this trace
// (the fallback for every span) and whether any has samples labelled with one of its spans.
struct TraceProfileLinks {
  std::optional<SpanProfileLink> trace;
  bool spansLabelled = false;
};
TraceProfileLinks findTraceProfileLinks(Workspace& workspace, const TraceId& trace,
                                        const std::vector<SpanId>& spans, Status* status = nullptr);

// The profile with samples of `span`, or nullopt.
std::optional<SpanProfileLink> findSpanProfileLink(Workspace& workspace, const SpanId& span,
                                                   Status* status = nullptr);

}  // namespace sightline
