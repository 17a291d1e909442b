#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "model/common/ids.h"
#include "model/traces/trace_records.h"

namespace sightline {

// A span as the outlier comparison's predicates see it (no attributes). When the comparison
// runs over root spans, each stands for its trace: start and duration are the trace's.
struct OutlierSpan {
  std::int64_t rowId = 0;  // spans.id
  TraceId traceId;
  std::uint64_t startNs = 0;
  std::uint64_t durationNs = 0;
  std::string_view service;
  std::string_view name;
  SpanKind kind = SpanKind::Unspecified;
  StatusCode status = StatusCode::Unset;
};

using OutlierPredicate = std::function<bool(const OutlierSpan&)>;

}  // namespace sightline
