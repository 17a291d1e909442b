#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "model/common/status.h"
#include "model/diagnosis/diagnosis_scope.h"
#include "model/store/workspace.h"
#include "model/traces/trace_records.h"

namespace sightline {

// A span as the diagnosis rules see it: 64 bytes, names as indices into the table's
// dictionary, and the few attributes the rules read, decoded once.
struct DiagnosisSpan {
  SpanId spanId;
  SpanId parentSpanId;
  std::uint64_t startUnixNano = 0;
  std::uint64_t endUnixNano = 0;
  std::uint32_t service = 0;     // dictionary index
  std::uint32_t name = 0;        // dictionary index
  std::uint32_t statement = 0;   // normalised db statement (0: none)
  std::uint32_t route = 0;       // HTTP route or RPC service/method of a call (0: none)
  std::uint32_t peer = 0;        // server.address / peer.service (0: none)
  std::int16_t httpStatus = 0;   // 0: none
  std::int16_t grpcStatus = -1;  // -1: none
  SpanKind kind = SpanKind::Unspecified;
  StatusCode statusCode = StatusCode::Unset;
  bool isDatabase = false;  // db.system or db.system.name present

  std::uint64_t durationNs() const {
    return endUnixNano > startUnixNano ? endUnixNano - startUnixNano : 0;
  }
  // A call to another process: HTTP or RPC client span (not a database query).
  bool isCall() const { return kind == SpanKind::Client && !isDatabase && route != 0; }
};

// Every span of a workspace grouped by trace, each trace's spans in start order.
struct DiagnosisSpanTable {
  std::vector<std::string> dictionary;  // [0] is ""
  std::vector<TraceId> traceIds;
  std::vector<std::uint32_t> traceBegin;  // trace t: spans[traceBegin[t], traceBegin[t + 1])
  std::vector<DiagnosisSpan> spans;

  std::size_t traceCount() const { return traceIds.size(); }
  const std::string& text(std::uint32_t index) const { return dictionary[index]; }
};

// Reads the spans with two table scans (spans, then the few attribute keys the rules need);
// with a scope, only the traces that start in it.
DiagnosisSpanTable loadDiagnosisSpans(Workspace& workspace, Status* status = nullptr,
                                      const DiagnosisScope& scope = {});

// Builds a table from spans in memory (tests, benchmarks). intern() is linear: for small
// dictionaries only.
class DiagnosisSpanTableBuilder {
 public:
  std::uint32_t intern(const std::string& text);
  void add(const TraceId& trace, const DiagnosisSpan& span);
  DiagnosisSpanTable finish();

 private:
  DiagnosisSpanTable m_table;
  std::vector<TraceId> m_traceOf;
  std::vector<DiagnosisSpan> m_spans;
};

}  // namespace sightline
