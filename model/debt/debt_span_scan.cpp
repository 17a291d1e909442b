#include "model/debt/debt_span_scan.h"

#include <algorithm>
#include <map>

#include "model/diagnosis/diagnosis_engine.h"
#include "model/diagnosis/span_table.h"
#include "model/diagnosis/trace_rule_scan.h"
#include "model/store/store_statement.h"
#include "model/traces/store_attributes.h"

namespace sightline {

namespace {

struct CodeAttributes {
  std::string file;
  std::string function;
};

// The code.* attributes of the spans that have them (most spans have none), by trace id.
Status readCodeAttributes(
    sqlite3* db,
    std::unordered_map<TraceId, std::vector<std::pair<SpanId, CodeAttributes>>, TraceIdHash>* out) {
  std::map<std::int64_t, bool> keys;  // key id → is a file key
  {
    StoreStatement query(db,
                         "SELECT id, text IN ('code.filepath', 'code.file.path') FROM strings "
                         "WHERE text IN ('code.filepath', 'code.file.path', 'code.function', "
                         "'code.function.name')");
    while (query.step())
      keys.emplace(query.columnInt(0), query.columnInt(1) != 0);
    if (!query.ok())
      return Status::error("workspace: cannot read the span attributes: " + lastSqliteError(db));
  }
  if (keys.empty())
    return Status::ok();
  std::string list;
  for (const auto& [id, file] : keys)
    list += (list.empty() ? "" : ",") + std::to_string(id);
  StoreStatement query(db, "SELECT sp.trace_id, sp.span_id, a.key_id, " + attributeValueSql("a") +
                               " FROM span_attributes a JOIN spans sp ON sp.id = a.span_id "
                               "WHERE a.type = 1 AND a.key_id IN (" +
                               list + ") ORDER BY a.span_id");
  while (query.step()) {
    const auto trace = TraceId::fromBytes(query.columnBlob(0));
    const auto span = SpanId::fromBytes(query.columnBlob(1));
    if (!trace || !span)
      continue;
    auto& spans = (*out)[*trace];
    if (spans.empty() || spans.back().first != *span)
      spans.emplace_back(*span, CodeAttributes{});
    (keys[query.columnInt(2)] ? spans.back().second.file : spans.back().second.function) =
        query.columnText(3);
  }
  if (!query.ok())
    return Status::error("workspace: cannot read the span attributes: " + lastSqliteError(db));
  for (auto& [trace, spans] : *out) {
    std::stable_sort(spans.begin(), spans.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  return Status::ok();
}

bool isEntrySpan(const DiagnosisSpan& span, bool root) {
  return root || span.kind == SpanKind::Server || span.kind == SpanKind::Consumer;
}

}  // namespace

std::int64_t DebtSpanScan::traceOf(const TraceId& trace) const {
  auto it = traceIndex.find(trace);
  return it == traceIndex.end() ? -1 : it->second;
}

std::int64_t DebtSpanScan::traceOfLabels(const std::optional<TraceId>& trace,
                                         const std::optional<SpanId>& span) const {
  if (trace) {
    if (const std::int64_t t = traceOf(*trace); t >= 0)
      return t;
  }
  if (span) {
    if (auto it = traceOfSpan.find(*span); it != traceOfSpan.end())
      return it->second;
  }
  return -1;
}

Status scanDebtSpans(Workspace& workspace,
                     const std::unordered_set<SpanId, SpanIdHash>& wantedSpans,
                     DebtSpanScan* scan) {
  *scan = DebtSpanScan{};
  Status status;
  const DiagnosisRules rules = effectiveDiagnosisRules(workspace, {}, &status);
  if (!status)
    return status;
  const int httpMin = static_cast<int>(rules.number("error-spans", "http_status_min"));
  const DiagnosisSpanTable table = loadDiagnosisSpans(workspace, &status);
  if (!status)
    return status;
  std::unordered_map<TraceId, std::vector<std::pair<SpanId, CodeAttributes>>, TraceIdHash> code;
  if (Status s = readCodeAttributes(workspace.db(), &code); !s)
    return s;
  // Per-span figures by the table's dictionary index of the service, named at the end.
  std::vector<DebtServiceSpans> byService(table.dictionary.size());
  std::vector<std::uint8_t> seenService(table.dictionary.size(), 0);

  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> entryIndex;
  std::vector<std::unordered_map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>>>
      entrySpansOf;
  scan->traceCount = static_cast<std::uint32_t>(table.traceCount());
  scan->entryOfTrace.resize(table.traceCount());
  for (std::size_t t = 0; t < table.traceCount(); ++t) {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    const TraceTree tree = buildTableTraceTree(table, t, &start, &end);
    const std::uint32_t first = table.traceBegin[t];
    scan->traceIndex.emplace(table.traceIds[t], static_cast<std::uint32_t>(t));
    if (tree.roots.empty())
      continue;
    const DiagnosisSpan& root = table.spans[first + static_cast<std::uint32_t>(tree.roots.front())];
    auto [it, added] = entryIndex.try_emplace({root.service, root.name},
                                              static_cast<std::uint32_t>(scan->entries.size()));
    if (added) {
      scan->entries.push_back({table.text(root.service), table.text(root.name), 0, 0, {}});
      entrySpansOf.emplace_back();
    }
    DebtEntrySpans& entry = scan->entries[it->second];
    scan->entryOfTrace[t] = it->second;
    ++entry.traces;
    entry.durationNs += end - start;
    scan->tracedNs += end - start;
    const auto codeOfTrace = code.empty() ? code.end() : code.find(table.traceIds[t]);
    // This trace's critical path owned by spans that name no code, per service.
    std::map<std::uint32_t, DebtEntrySpans::Unnamed> unnamedOf;
    // Per service of this entry's traces: spans and errors, by dictionary index.
    std::unordered_map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>>& entrySpans =
        entrySpansOf[it->second];
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const DiagnosisSpan& span = table.spans[first + i];
      if (!wantedSpans.empty() && wantedSpans.count(span.spanId))
        scan->traceOfSpan.emplace(span.spanId, static_cast<std::uint32_t>(t));
      seenService[span.service] = 1;
      DebtServiceSpans& figures = byService[span.service];
      const bool failed = isErrorSpan(span, httpMin);
      ++figures.spans;
      figures.errorSpans += failed ? 1 : 0;
      auto& [spans, errors] = entrySpans[span.service];
      ++spans;
      errors += failed ? 1 : 0;
      if (isEntrySpan(span, tree.parent[i] < 0))
        figures.entryDurations.push_back(span.durationNs());
      const std::uint64_t owned = tree.criticalPathNs[i];
      figures.criticalPathNs += owned;
      scan->criticalPathTotalNs += owned;
      bool namesCode = false;
      if (codeOfTrace != code.end()) {
        const auto& named = codeOfTrace->second;  // sorted by span id
        auto c =
            std::lower_bound(named.begin(), named.end(), span.spanId,
                             [](const auto& entry, const SpanId& id) { return entry.first < id; });
        for (; c != named.end() && c->first == span.spanId; ++c) {
          namesCode = true;
          scan->codeSpans.push_back({table.text(span.service), c->second.file, c->second.function,
                                     static_cast<std::uint32_t>(t), owned, span.durationNs()});
        }
      }
      if (!namesCode && owned > 0) {
        auto& unnamed = unnamedOf[span.service];
        unnamed.criticalPathNs += owned;
        if (unnamed.traces.empty() || unnamed.traces.back() != static_cast<std::uint32_t>(t))
          unnamed.traces.push_back(static_cast<std::uint32_t>(t));
      }
    }
    for (auto& [service, unnamed] : unnamedOf) {
      DebtEntrySpans::Unnamed& into = entry.unnamedOf[table.text(service)];
      into.criticalPathNs += unnamed.criticalPathNs;
      into.traces.insert(into.traces.end(), unnamed.traces.begin(), unnamed.traces.end());
    }
    unnamedOf.clear();
  }
  for (std::size_t d = 0; d < byService.size(); ++d) {
    if (seenService[d])
      scan->services.emplace(table.text(static_cast<std::uint32_t>(d)), std::move(byService[d]));
  }
  for (std::size_t e = 0; e < scan->entries.size(); ++e) {
    for (const auto& [service, counts] : entrySpansOf[e])
      scan->entries[e].spansOf[table.text(service)] = counts;
  }
  return Status::ok();
}

}  // namespace sightline
