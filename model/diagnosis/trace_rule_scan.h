#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/diagnosis/diagnosis_rules.h"
#include "model/diagnosis/span_table.h"
#include "model/traces/trace_tree.h"

namespace sightline {

// A (service, name) pair of dictionary indices packed into one key.
using OperationKey = std::uint64_t;
inline OperationKey operationKey(std::uint32_t service, std::uint32_t name) {
  return static_cast<std::uint64_t>(service) << 32 | name;
}
inline std::uint32_t keyService(OperationKey key) {
  return static_cast<std::uint32_t>(key >> 32);
}
inline std::uint32_t keyName(OperationKey key) {
  return static_cast<std::uint32_t>(key);
}

// One occurrence of a pattern in one trace: the trace, the spans that show it (indices
// into DiagnosisSpanTable::spans) and the figure the rule ranks by.
struct TraceOccurrence {
  std::uint32_t trace = 0;
  std::vector<std::uint32_t> spans;
  std::uint64_t value = 0;  // e.g. duration, time saved, owned critical-path time
  std::uint64_t total = 0;  // e.g. the run's summed duration, the trace's duration
  std::uint32_t count = 0;  // e.g. the run's length, the chain's depth
  bool onCriticalPath = false;
  // The span the pattern hangs from (the parent of repeated siblings), or kNoAnchor.
  std::uint32_t anchor = UINT32_MAX;
};

// Occurrences of one group of a rule (one operation, one statement, one root operation…).
struct OccurrenceGroup {
  std::vector<TraceOccurrence> occurrences;
  std::uint32_t extra = 0;  // per rule: the statement, route or service the group is about
};

// Per (service, operation) latency figures.
struct OperationFigures {
  std::vector<std::uint64_t> durations;
  std::uint32_t traces = 0;  // traces with at least one span of the operation
  std::uint64_t selfNs = 0;
  // Spans over the slow-operation budget whose critical-path children are not: the
  // operation itself is slow there.
  std::vector<TraceOccurrence> slowCulprits;
  // Spans over budget because a child on the critical path is: key of that child, count.
  std::unordered_map<OperationKey, std::uint32_t> slowBecauseOf;
  std::uint32_t slowSpans = 0;
};

// Per root operation: how many traces, how long, and each operation's self time in them.
struct RootFigures {
  std::uint32_t traces = 0;
  std::uint64_t durationNs = 0;
  std::unordered_map<OperationKey, std::uint64_t> selfNs;
  std::unordered_map<OperationKey, std::uint32_t> tracesWith;
  std::unordered_map<OperationKey, std::uint32_t> exemplarSpan;     // a span of the op, last trace
  std::unordered_map<std::uint32_t, std::uint64_t> criticalPathNs;  // by service, summed
};

// What one pass over the traces collects for the trace rules; one per worker thread, then
// merged. Keys are OperationKey unless noted.
struct TraceRuleScan {
  std::uint32_t traces = 0;
  std::uint64_t firstStartNs = UINT64_MAX;
  std::uint64_t lastEndNs = 0;
  std::unordered_map<OperationKey, OperationFigures> operations;
  std::unordered_map<OperationKey, RootFigures> roots;
  // error-spans: key = operation of the origin span; extra = the peer of a failed call.
  std::unordered_map<std::uint64_t, OccurrenceGroup> errorOrigins;
  // errors that were only passed on (a child erred first), per operation, for the text
  std::unordered_map<OperationKey, std::uint32_t> errorsPassedOn;
  std::unordered_map<OperationKey, OccurrenceGroup> deepChains;  // by root operation
  // dominant-service: key = root operation, extra = the service; per (root, service)
  std::unordered_map<std::uint64_t, OccurrenceGroup> dominantServices;
  std::unordered_map<OperationKey, OccurrenceGroup> databaseDominant;  // by root operation
  // n-plus-one-db: by (parent operation, statement) hashed; extra = statement
  std::unordered_map<std::uint64_t, OccurrenceGroup> nPlusOneDb;
  std::unordered_map<std::uint64_t, OccurrenceGroup> nPlusOneHttp;   // extra = route
  std::unordered_map<OperationKey, OccurrenceGroup> parallelizable;  // by parent operation
  std::unordered_map<std::uint64_t, OccurrenceGroup> slowQueries;    // extra = statement

  void merge(TraceRuleScan&& other);
};

// Runs the per-trace part of every trace rule over traces [begin, end) of `table`.
void scanTraces(const DiagnosisSpanTable& table, const DiagnosisRules& rules, std::size_t begin,
                std::size_t end, TraceRuleScan& scan);

// The span tree of trace `t` of the table (indices relative to the trace's first span), and
// its start and end.
TraceTree buildTableTraceTree(const DiagnosisSpanTable& table, std::size_t t,
                              std::uint64_t* start = nullptr, std::uint64_t* end = nullptr);

// Whether a span failed: status ERROR, HTTP status ≥ `httpMin`, or a gRPC status other than 0.
bool isErrorSpan(const DiagnosisSpan& span, int httpMin);

}  // namespace sightline
