#pragma once

// A small workspace with known comparison answers, shared by the compare tests of the model,
// the command line and the GUI. Two sources, ten traces each:
//
// baseline.json, trace i (0..9) starts at kBase + i s:
//   web  GET /a        server  (i+1)·10 ms, http.response.status_code 200
//   ├ db   SELECT      client  1 ms (twice)
//   ├ web  cache lookup internal 1 ms
//   └ web  charge      client  5 ms, rpc.grpc.status_code 0
// target.json, trace i starts at kBase + 600 s + i s:
//   web  GET /a        server  (i+1)·10 ms, but 1 s for i = 9; status code 503 for i = 3, 4
//   ├ db   SELECT      client  1 ms (three times; the third has status ERROR for i = 0)
//   ├ web  charge      client  5 ms, rpc.grpc.status_code 14 for i = 1
//   ├ db   pool acquire internal 250 ms, for i = 3, 4
//   └ web  render      internal 1 ms with http.response.status_code 500 (not an error: internal),
//                      for i = 5
//
// So GET /a: p50 50 ms on both sides, p95 100 ms → 1 s (+900 ms, ratio 9), errors 0 → 0.2.

#include <cstdint>
#include <memory>
#include <string>

#include "model/store/source_description.h"
#include "model/store/workspace.h"
#include "model/traces/trace_writer.h"

namespace sightline::compare_test {

// 2026-11-20T14:00:00Z
inline constexpr std::uint64_t kBase = 1795183200000000000ull;
inline constexpr std::uint64_t kMs = 1000000ull;
inline constexpr std::uint64_t kSecond = 1000000000ull;

inline AttributeValue intValue(std::int64_t i) {
  AttributeValue v;
  v.type = AttributeValue::Type::Int;
  v.intValue = i;
  return v;
}

inline AttributeValue stringValue(std::string text) {
  AttributeValue v;
  v.type = AttributeValue::Type::String;
  v.text = std::move(text);
  return v;
}

inline SpanRecord makeSpan(int trace, int side, int id, int parent, std::uint32_t resource,
                           std::string name, SpanKind kind, std::uint64_t start,
                           std::uint64_t durationNs) {
  SpanRecord s;
  s.resourceLocalId = resource;
  s.scopeLocalId = 1;
  s.traceId.bytes[14] = static_cast<std::uint8_t>(side);
  s.traceId.bytes[15] = static_cast<std::uint8_t>(trace + 1);
  s.spanId.bytes[7] = static_cast<std::uint8_t>(id);
  if (parent)
    s.parentSpanId.bytes[7] = static_cast<std::uint8_t>(parent);
  s.name = std::move(name);
  s.kind = kind;
  s.startUnixNano = start;
  s.endUnixNano = start + durationNs;
  return s;
}

inline TraceBatch sideBatch(bool target) {
  TraceBatch batch;
  const char* services[] = {"", "web", "db"};
  for (std::uint32_t i = 1; i <= 2; ++i) {
    ResourceRecord r;
    r.localId = i;
    r.attributes.push_back({"service.name", stringValue(services[i])});
    batch.resources.push_back(r);
  }
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  const int side = target ? 2 : 1;
  for (int i = 0; i < 10; ++i) {
    const std::uint64_t start = kBase + (target ? 600 : 0) * kSecond + i * kSecond;
    const std::uint64_t rootNs = target && i == 9 ? 1000 * kMs : (i + 1) * 10 * kMs;
    SpanRecord root = makeSpan(i, side, 1, 0, 1, "GET /a", SpanKind::Server, start, rootNs);
    root.attributes = {
        {"http.response.status_code", intValue(target && (i == 3 || i == 4) ? 503 : 200)}};
    batch.spans.push_back(root);
    const int selects = target ? 3 : 2;
    for (int k = 0; k < selects; ++k) {
      SpanRecord select =
          makeSpan(i, side, 2 + k, 1, 2, "SELECT", SpanKind::Client, start + kMs, kMs);
      if (target && i == 0 && k == 2)
        select.statusCode = StatusCode::Error;
      batch.spans.push_back(select);
    }
    SpanRecord charge =
        makeSpan(i, side, 10, 1, 1, "charge", SpanKind::Client, start + 3 * kMs, 5 * kMs);
    charge.attributes = {{"rpc.grpc.status_code", intValue(target && i == 1 ? 14 : 0)}};
    batch.spans.push_back(charge);
    if (!target) {
      batch.spans.push_back(
          makeSpan(i, side, 11, 1, 1, "cache lookup", SpanKind::Internal, start, kMs));
    }
    if (target && (i == 3 || i == 4)) {
      batch.spans.push_back(
          makeSpan(i, side, 12, 1, 2, "pool acquire", SpanKind::Internal, start, 250 * kMs));
    }
    if (target && i == 5) {
      SpanRecord render = makeSpan(i, side, 13, 1, 1, "render", SpanKind::Internal, start, kMs);
      render.attributes = {{"http.response.status_code", intValue(500)}};
      batch.spans.push_back(render);
    }
  }
  return batch;
}

// Writes both sources (baseline.json is source 1, target.json source 2) into `workspace`.
inline bool writeCompareSources(Workspace& workspace) {
  for (bool target : {false, true}) {
    const std::string path = target ? "/data/target.json" : "/data/baseline.json";
    TraceWriter writer(workspace, SourceDescription{path, "otlp-json", path, 1});
    if (!writer.consume(sideBatch(target)).isOk() || !writer.finish().isOk())
      return false;
  }
  return true;
}

inline std::unique_ptr<Workspace> makeCompareWorkspace(const std::string& path = ":memory:") {
  Status status;
  auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  if (!workspace || !writeCompareSources(*workspace))
    return nullptr;
  return workspace;
}

}  // namespace sightline::compare_test
