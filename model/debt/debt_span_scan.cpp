#include "model/debt/debt_span_scan.h"

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

struct SpanKey {
  TraceId trace;
  SpanId span;
  bool operator==(const SpanKey& other) const { return trace == other.trace && span == other.span; }
};

struct SpanKeyHash {
  std::size_t operator()(const SpanKey& key) const {
    return TraceIdHash()(key.trace) ^ (SpanIdHash()(key.span) * 31);
  }
};

// The code.* attributes of the spans that have them (most spans have none).
Status readCodeAttributes(sqlite3* db,
                          std::unordered_map<SpanKey, CodeAttributes, SpanKeyHash>* out) {
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
                               list + ")");
  while (query.step()) {
    const auto trace = TraceId::fromBytes(query.columnBlob(0));
    const auto span = SpanId::fromBytes(query.columnBlob(1));
    if (!trace || !span)
      continue;
    CodeAttributes& code = (*out)[SpanKey{*trace, *span}];
    (keys[query.columnInt(2)] ? code.file : code.function) = query.columnText(3);
  }
  if (!query.ok())
    return Status::error("workspace: cannot read the span attributes: " + lastSqliteError(db));
  return Status::ok();
}

bool isEntrySpan(const DiagnosisSpan& span, bool root) {
  return root || span.kind == SpanKind::Server || span.kind == SpanKind::Consumer;
}

}  // namespace

std::int64_t DebtSpanScan::traceOfLabels(const std::string& traceHex,
                                         const std::string& spanHex) const {
  if (const auto trace = TraceId::fromHex(traceHex)) {
    if (auto it = traceIndex.find(*trace); it != traceIndex.end())
      return it->second;
  }
  if (const auto span = SpanId::fromHex(spanHex)) {
    if (auto it = traceOfSpan.find(*span); it != traceOfSpan.end())
      return it->second;
  }
  return -1;
}

Status scanDebtSpans(Workspace& workspace, DebtSpanScan* scan) {
  *scan = DebtSpanScan{};
  Status status;
  const DiagnosisRules rules = effectiveDiagnosisRules(workspace, {}, &status);
  if (!status)
    return status;
  const int httpMin = static_cast<int>(rules.number("error-spans", "http_status_min"));
  const DiagnosisSpanTable table = loadDiagnosisSpans(workspace, &status);
  if (!status)
    return status;
  std::unordered_map<SpanKey, CodeAttributes, SpanKeyHash> code;
  if (Status s = readCodeAttributes(workspace.db(), &code); !s)
    return s;

  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> entryIndex;
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
    if (added)
      scan->entries.push_back({table.text(root.service), table.text(root.name), 0, 0, {}});
    DebtEntrySpans& entry = scan->entries[it->second];
    scan->entryOfTrace[t] = it->second;
    ++entry.traces;
    entry.durationNs += end - start;
    scan->tracedNs += end - start;
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const DiagnosisSpan& span = table.spans[first + i];
      scan->traceOfSpan.emplace(span.spanId, static_cast<std::uint32_t>(t));
      const std::string& service = table.text(span.service);
      DebtServiceSpans& figures = scan->services[service];
      const bool failed = isErrorSpan(span, httpMin);
      ++figures.spans;
      figures.errorSpans += failed ? 1 : 0;
      auto& [spans, errors] = entry.spansOf[service];
      ++spans;
      errors += failed ? 1 : 0;
      if (isEntrySpan(span, tree.parent[i] < 0))
        figures.entryDurations.push_back(span.durationNs());
      const std::uint64_t owned = tree.criticalPathNs[i];
      figures.criticalPathNs += owned;
      scan->criticalPathTotalNs += owned;
      if (!code.empty()) {
        if (auto c = code.find(SpanKey{table.traceIds[t], span.spanId}); c != code.end()) {
          scan->codeSpans.push_back({service, c->second.file, c->second.function,
                                     static_cast<std::uint32_t>(t), owned, span.durationNs()});
        }
      }
    }
  }
  return Status::ok();
}

}  // namespace sightline
