#include "ui/diagnosis/evidence_jump.h"

#include <algorithm>

namespace sightline {

namespace {

EvidenceJump traceJump(const Finding& finding, const TraceId& traceId) {
  EvidenceJump jump;
  jump.kind = EvidenceJump::Kind::Trace;
  jump.traceId = traceId;
  for (const FindingEvidence* row : finding.spanEvidence()) {
    if (row->traceId == traceId &&
        std::find(jump.spans.begin(), jump.spans.end(), row->spanId) == jump.spans.end()) {
      jump.spans.push_back(row->spanId);
    }
  }
  return jump;
}

}  // namespace

EvidenceJump jumpForEvidence(const Finding& finding, std::size_t row) {
  if (row >= finding.evidence.size())
    return {};
  const FindingEvidence& evidence = finding.evidence[row];
  switch (evidence.kind) {
    case FindingEvidence::Kind::Span:
      return traceJump(finding, evidence.traceId);
    case FindingEvidence::Kind::ProfileFunction: {
      EvidenceJump jump;
      jump.kind = EvidenceJump::Kind::Function;
      jump.profileId = evidence.profileId != 0 ? evidence.profileId : finding.profileId;
      jump.function = evidence.function;
      jump.span = evidence.spanId;
      return jump;
    }
    case FindingEvidence::Kind::MetricSeries: {
      EvidenceJump jump;
      jump.kind = EvidenceJump::Kind::Series;
      jump.series = evidence.series;
      const bool ownRange = evidence.startUnixNano != 0 || evidence.endUnixNano != 0;
      jump.startUnixNano = ownRange ? evidence.startUnixNano : finding.firstSeenUnixNano;
      jump.endUnixNano = ownRange ? evidence.endUnixNano : finding.lastSeenUnixNano;
      return jump;
    }
  }
  return {};
}

EvidenceJump jumpForFinding(const Finding& finding) {
  // The most telling exemplar that has spans in the evidence, else the first span's trace.
  const std::vector<const FindingEvidence*> spans = finding.spanEvidence();
  for (const TraceId& traceId : finding.traceIds) {
    for (const FindingEvidence* span : spans) {
      if (span->traceId == traceId)
        return traceJump(finding, traceId);
    }
  }
  if (!spans.empty())
    return traceJump(finding, spans.front()->traceId);
  if (!finding.traceIds.empty())
    return traceJump(finding, finding.traceIds.front());
  for (const FindingEvidence::Kind kind :
       {FindingEvidence::Kind::ProfileFunction, FindingEvidence::Kind::MetricSeries}) {
    for (std::size_t row = 0; row < finding.evidence.size(); ++row) {
      if (finding.evidence[row].kind == kind)
        return jumpForEvidence(finding, row);
    }
  }
  if (finding.profileId != 0 && !finding.function.empty()) {
    EvidenceJump jump;
    jump.kind = EvidenceJump::Kind::Function;
    jump.profileId = finding.profileId;
    jump.function = finding.function;
    return jump;
  }
  return {};
}

TimeRangeMs seriesChartRange(std::uint64_t startUnixNano, std::uint64_t endUnixNano,
                             std::int64_t minimumMs) {
  auto from = static_cast<std::int64_t>(startUnixNano / 1000000);
  auto to = static_cast<std::int64_t>(std::max(startUnixNano, endUnixNano) / 1000000);
  const std::int64_t margin = (to - from) / 5;
  from -= margin;
  to += margin;
  if (to - from < minimumMs) {
    const std::int64_t grow = (minimumMs - (to - from)) / 2;
    from -= grow;
    to = from + minimumMs;
  }
  return {from, to};
}

}  // namespace sightline
