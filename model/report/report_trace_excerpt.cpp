#include "model/report/report_trace_excerpt.h"

#include <algorithm>
#include <unordered_set>

#include "model/traces/trace_queries.h"
#include "model/traces/trace_tree.h"

namespace sightline {

std::optional<TraceExcerpt> readTraceExcerpt(const Workspace& workspace, const Finding& finding,
                                             std::size_t maxRows) {
  if (finding.traceIds.empty())
    return std::nullopt;
  const TraceId traceId = finding.traceIds.front();
  const std::optional<LoadedTrace> trace = loadTrace(workspace, traceId);
  if (!trace || trace->spans.empty())
    return std::nullopt;
  const TraceTree tree = buildTraceTree(*trace);

  std::unordered_set<SpanId, SpanIdHash> evidenceIds;
  for (const FindingEvidence* e : finding.spanEvidence()) {
    if (e->traceId == traceId)
      evidenceIds.insert(e->spanId);
  }
  // Which spans to keep: evidence and their ancestors first (they are why the excerpt is
  // there), then the critical path, within maxRows.
  std::vector<std::uint8_t> keep(trace->spans.size(), 0);
  std::size_t kept = 0;
  auto keepWithAncestors = [&](std::int32_t i) {
    std::vector<std::int32_t> chain;
    for (std::int32_t a = i; a >= 0 && !keep[static_cast<std::size_t>(a)];
         a = tree.parent[static_cast<std::size_t>(a)])
      chain.push_back(a);
    if (kept + chain.size() > maxRows)
      return;
    for (std::int32_t a : chain)
      keep[static_cast<std::size_t>(a)] = 1;
    kept += chain.size();
  };
  for (std::int32_t i : tree.preorder) {
    if (evidenceIds.contains(trace->spans[static_cast<std::size_t>(i)].spanId))
      keepWithAncestors(i);
  }
  for (std::int32_t i : tree.preorder) {
    if (tree.onCriticalPath[static_cast<std::size_t>(i)])
      keepWithAncestors(i);
  }

  TraceExcerpt excerpt;
  excerpt.traceId = traceId;
  excerpt.spans = trace->spans.size();
  excerpt.criticalPathApproximate = tree.criticalPathApproximate;
  excerpt.startUnixNano = UINT64_MAX;
  for (const LoadedSpan& span : trace->spans) {
    excerpt.startUnixNano = std::min(excerpt.startUnixNano, span.startUnixNano);
    excerpt.endUnixNano = std::max(excerpt.endUnixNano, span.endUnixNano);
  }
  for (std::int32_t i : tree.preorder) {
    const auto index = static_cast<std::size_t>(i);
    if (!keep[index])
      continue;
    const LoadedSpan& span = trace->spans[index];
    TraceExcerptRow row;
    row.depth = tree.depth[index];
    row.service = trace->services[span.serviceIndex];
    row.name = span.name;
    row.startUnixNano = span.startUnixNano;
    row.endUnixNano = span.endUnixNano;
    row.onCriticalPath = tree.onCriticalPath[index] != 0;
    row.evidence = evidenceIds.contains(span.spanId);
    row.error = span.statusCode == StatusCode::Error;
    excerpt.rows.push_back(std::move(row));
  }
  excerpt.notDrawn = excerpt.spans - excerpt.rows.size();
  return excerpt;
}

}  // namespace sightline
