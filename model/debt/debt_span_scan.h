#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/store/workspace.h"

namespace sightline {

// Runtime figures of one service from the spans.
struct DebtServiceSpans {
  std::uint64_t spans = 0;
  std::uint64_t errorSpans = 0;               // as the diagnosis' error-spans rule counts errors
  std::vector<std::uint64_t> entryDurations;  // its server/consumer spans and roots
  std::uint64_t criticalPathNs = 0;           // critical-path time its spans own
};

// An entry point: the root operation of traces.
struct DebtEntrySpans {
  std::string service;
  std::string operation;
  std::uint32_t traces = 0;
  std::uint64_t durationNs = 0;  // summed over its traces
  // Per service inside these traces: spans and error spans.
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> spansOf;
  // Per service: the critical-path time its spans that name no code own in these traces,
  // and the traces (in scan order) where they own some. Cost × debt charges it to the
  // service's root package, so a service whose spans carry no `code.*` attributes still
  // has a row.
  struct Unnamed {
    std::uint64_t criticalPathNs = 0;
    std::vector<std::uint32_t> traces;
  };
  std::map<std::string, Unnamed> unnamedOf;
};

// A span that names its code (`code.filepath`/`code.file.path`, `code.function`/
// `code.function.name`), with the critical-path time it owns.
struct DebtCodeSpan {
  std::string service;
  std::string file;
  std::string function;
  std::uint32_t trace = 0;
  std::uint64_t criticalPathNs = 0;
  std::uint64_t durationNs = 0;
};

// One pass over every trace (span tree, critical path) for the heatmap.
struct DebtSpanScan {
  std::uint32_t traceCount = 0;
  std::uint64_t tracedNs = 0;             // the traces' durations, summed
  std::uint64_t criticalPathTotalNs = 0;  // all traces' critical paths, summed
  std::map<std::string, DebtServiceSpans> services;
  std::vector<DebtEntrySpans> entries;
  std::vector<std::uint32_t> entryOfTrace;
  std::unordered_map<TraceId, std::uint32_t, TraceIdHash> traceIndex;
  // The traces of the span ids asked for (profile samples labelled with a span id only).
  std::unordered_map<SpanId, std::uint32_t, SpanIdHash> traceOfSpan;
  std::vector<DebtCodeSpan> codeSpans;

  bool hasSpans() const { return traceCount > 0; }
  // The trace a trace id names, -1 when it is not in the workspace.
  std::int64_t traceOf(const TraceId& trace) const;
  // The trace of a labelled sample: its trace id's, else its span id's (one of `wantedSpans`).
  std::int64_t traceOfLabels(const std::optional<TraceId>& trace,
                             const std::optional<SpanId>& span) const;
};

// `wantedSpans`: span ids whose trace is wanted in traceOfSpan (a million spans' map would
// cost more than the rest of the scan).
Status scanDebtSpans(Workspace& workspace,
                     const std::unordered_set<SpanId, SpanIdHash>& wantedSpans, DebtSpanScan* scan);

}  // namespace sightline
