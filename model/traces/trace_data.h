#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "model/traces/trace_records.h"

namespace sightline {

// One row of the trace list: the derived per-trace summary.
struct TraceSummary {
  TraceId traceId;
  std::string rootService;  // service of the root (earliest span without a parent in the data)
  std::string rootName;
  std::uint64_t startUnixNano = 0;  // earliest span start
  std::uint64_t durationNs = 0;     // latest span end - earliest span start
  std::uint32_t spanCount = 0;
  std::uint32_t errorCount = 0;       // spans with status ERROR
  std::vector<std::string> services;  // distinct, sorted
};

// Criteria of the trace list. Empty strings / zero mean "any".
struct TraceFilter {
  std::string service;    // any span of the trace has this service
  std::string operation;  // any span of the trace has this name
  std::uint64_t minDurationNs = 0;
  std::uint64_t maxDurationNs = 0;  // 0 = no upper bound
  bool errorsOnly = false;
  std::string text;       // substring of a span name, service or attribute value of the trace
  std::size_t limit = 0;  // 0 = no limit
};

// A span as the waterfall, the CLI and the analysis need it: compact, no attributes.
struct LoadedSpan {
  std::int64_t rowId = 0;  // spans.id, to fetch details on demand
  SpanId spanId;
  SpanId parentSpanId;
  std::uint32_t serviceIndex = 0;  // into LoadedTrace::services
  std::string name;
  SpanKind kind = SpanKind::Unspecified;
  std::uint64_t startUnixNano = 0;
  std::uint64_t endUnixNano = 0;
  StatusCode statusCode = StatusCode::Unset;
  std::string statusMessage;
  bool hasLinks = false;

  std::uint64_t durationNs() const {
    return endUnixNano > startUnixNano ? endUnixNano - startUnixNano : 0;
  }
};

// All spans of one trace, ordered by start time (ties by span id).
struct LoadedTrace {
  TraceId traceId;
  std::vector<std::string> services;
  std::vector<LoadedSpan> spans;
};

// Everything the details panel shows for one span.
struct SpanDetails {
  std::vector<Attribute> attributes;
  std::vector<SpanEventRecord> events;
  std::vector<SpanLinkRecord> links;
  std::vector<Attribute> resourceAttributes;
  std::string scopeName;
  std::string scopeVersion;
  std::string traceState;
  std::uint32_t flags = 0;
  std::uint32_t droppedAttributesCount = 0;
  std::uint32_t droppedEventsCount = 0;
  std::uint32_t droppedLinksCount = 0;
};

}  // namespace sightline
