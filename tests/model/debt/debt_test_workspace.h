#pragma once

// Helpers of the debt tests: code-quality records written through DebtWriter and small
// traces through TraceWriter, into an in-memory workspace.

#include <QTest>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/debt/debt_writer.h"
#include "model/store/workspace.h"
#include "model/traces/trace_writer.h"

namespace sightline::debt_test {

// 2026-11-20T14:00:00Z
inline constexpr std::uint64_t kBase = 1795183200000000000ull;
inline constexpr std::uint64_t kMs = 1000000ull;
inline constexpr std::int64_t kDay = 86400LL * 1000000000LL;

inline std::unique_ptr<Workspace> openMemory() {
  Status status;
  auto workspace = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  if (!workspace)
    qFatal("cannot open a workspace: %s", status.message().c_str());
  return workspace;
}

// Stores one debt source of format `kind`; returns its id (0 on failure, which the test
// checks).
inline std::int64_t writeDebt(Workspace& workspace, const std::string& kind,
                              const std::string& name, DebtBatch batch) {
  DebtWriter writer(workspace, {name, kind, "sha-" + kind + "-" + name, 100});
  if (!writer.consume(std::move(batch)).isOk())
    return 0;
  if (!writer.finish().isOk())
    return 0;
  return writer.stats().sourceId;
}

inline DebtMeasureRecord measure(DebtUnitKind kind, std::string path, std::string metric,
                                 double value, std::string symbol = {}) {
  DebtMeasureRecord m;
  m.kind = kind;
  m.path = std::move(path);
  m.metric = std::move(metric);
  m.value = value;
  m.symbol = std::move(symbol);
  return m;
}

inline DebtMeasureRecord fileMeasure(std::string path, std::string metric, double value) {
  return measure(DebtUnitKind::File, std::move(path), std::move(metric), value);
}

inline DebtIssueRecord issue(std::string tool, std::string path, std::string rule,
                             std::optional<double> securitySeverity = std::nullopt,
                             std::vector<std::string> tags = {}) {
  DebtIssueRecord i;
  i.tool = std::move(tool);
  i.ruleId = std::move(rule);
  i.level = "warning";
  i.securitySeverity = securitySeverity;
  i.tags = std::move(tags);
  i.path = std::move(path);
  i.line = 7;
  i.message = "message of " + i.ruleId;
  return i;
}

inline DebtChangeRecord change(std::string commit, std::int64_t timeNs, std::string path) {
  DebtChangeRecord c;
  c.commit = std::move(commit);
  c.author = "Dana <dana@example.com>";
  c.timeUnixNano = timeNs;
  c.path = std::move(path);
  c.added = 1;
  c.deleted = 0;
  return c;
}

inline AttributeValue text(std::string value) {
  AttributeValue v;
  v.type = AttributeValue::Type::String;
  v.text = std::move(value);
  return v;
}

// Builds traces: resources by service name, spans with explicit ids.
class TraceBuilder {
 public:
  std::uint32_t resource(const std::string& service) {
    for (const ResourceRecord& r : m_batch.resources) {
      if (r.attributes.front().value.text == service)
        return r.localId;
    }
    ResourceRecord r;
    r.localId = static_cast<std::uint32_t>(m_batch.resources.size() + 1);
    r.attributes.push_back({"service.name", text(service)});
    m_batch.resources.push_back(r);
    return r.localId;
  }

  // A span of trace `trace` with id `id` (parent 0 = root), `durationMs` from `startMs`
  // after kBase.
  SpanRecord& span(int trace, int id, int parent, const std::string& service,
                   const std::string& name, SpanKind kind, std::uint64_t startMs,
                   std::uint64_t durationMs) {
    SpanRecord s;
    s.resourceLocalId = resource(service);
    s.scopeLocalId = 1;
    s.traceId.bytes[14] = static_cast<std::uint8_t>(trace >> 8);
    s.traceId.bytes[15] = static_cast<std::uint8_t>(trace);
    s.traceId.bytes[0] = 0x5d;
    s.spanId.bytes[6] = static_cast<std::uint8_t>(trace);
    s.spanId.bytes[7] = static_cast<std::uint8_t>(id);
    if (parent) {
      s.parentSpanId.bytes[6] = static_cast<std::uint8_t>(trace);
      s.parentSpanId.bytes[7] = static_cast<std::uint8_t>(parent);
    }
    s.name = name;
    s.kind = kind;
    s.startUnixNano = kBase + startMs * kMs;
    s.endUnixNano = s.startUnixNano + durationMs * kMs;
    m_batch.spans.push_back(std::move(s));
    return m_batch.spans.back();
  }

  bool write(Workspace& workspace, const std::string& name) {
    ScopeRecord scope;
    scope.localId = 1;
    m_batch.scopes.push_back(scope);
    TraceWriter writer(workspace, {name, "otlp-json", "sha-traces-" + name, 100});
    if (!writer.consume(std::move(m_batch)).isOk())
      return false;
    return writer.finish().isOk();
  }

 private:
  TraceBatch m_batch;
};

}  // namespace sightline::debt_test
