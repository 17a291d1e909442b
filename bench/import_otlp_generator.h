#pragma once

// Synthetic but realistic OTLP trace data for bench/import_otlp.cpp: chunks of complete
// traces as the model's records, plus their OTLP/protobuf and OTLP/JSON encodings.

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "importers/otlp/otlp_trace.pb.h"
#include "model/common/json_string.h"
#include "model/traces/trace_records.h"

namespace sightline::bench {

// One ResourceSpans with one ScopeSpans: the spans of one service in one chunk.
struct ResourceGroup {
  ResourceRecord resource;
  ScopeRecord scope;
  std::vector<SpanRecord> spans;
};

struct Chunk {
  std::vector<ResourceGroup> groups;
  std::size_t spanCount = 0;
};

inline Attribute stringAttribute(std::string key, std::string value) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = AttributeValue::Type::String;
  a.value.text = std::move(value);
  return a;
}

inline Attribute intAttribute(std::string key, std::int64_t value, bool isBool = false) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = isBool ? AttributeValue::Type::Bool : AttributeValue::Type::Int;
  a.value.intValue = value;
  return a;
}

inline Attribute doubleAttribute(std::string key, double value) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = AttributeValue::Type::Double;
  a.value.doubleValue = value;
  return a;
}

// Traces of ~100 spans over 20 services and 200 operations with ~10 attributes of mixed
// types per span, a few events, some links and errors. Deterministic for a seed.
class OtlpGenerator {
 public:
  static constexpr int kServices = 20;
  static constexpr int kOperations = 200;

  explicit OtlpGenerator(std::uint64_t seed) : m_rng(seed) {}

  // Complete traces adding up to about `spans` spans (at least one trace).
  Chunk makeChunk(std::size_t spans) {
    Chunk chunk;
    chunk.groups.resize(kServices);
    for (int s = 0; s < kServices; ++s)
      fillResource(chunk.groups[static_cast<std::size_t>(s)], s);
    while (chunk.spanCount < spans)
      chunk.spanCount += addTrace(chunk, 20 + m_rng() % 161);
    std::erase_if(chunk.groups, [](const ResourceGroup& g) { return g.spans.empty(); });
    return chunk;
  }

 private:
  std::string serviceName(int s) const { return "service-" + std::to_string(s); }

  void fillResource(ResourceGroup& g, int s) {
    const std::string name = serviceName(s);
    g.resource.attributes = {
        stringAttribute("service.name", name),
        stringAttribute("service.version", "1." + std::to_string(s % 4) + ".0"),
        stringAttribute("service.instance.id", name + "-" + std::to_string(m_rng() % 3)),
        stringAttribute("host.name", "node-" + std::to_string(s % 7) + ".cluster.local"),
        stringAttribute("deployment.environment", "production"),
        stringAttribute("telemetry.sdk.name", "opentelemetry"),
        stringAttribute("telemetry.sdk.language", s % 2 ? "go" : "java"),
        stringAttribute("telemetry.sdk.version", "1.21.0"),
    };
    g.scope.name = "io.opentelemetry.instrumentation.http";
    g.scope.version = "1.32.0";
  }

  SpanId randomSpanId() {
    SpanId id;
    const std::uint64_t v = m_rng() | 1;  // never all zero
    for (std::size_t i = 0; i < 8; ++i)
      id.bytes[i] = static_cast<std::uint8_t>(v >> (8 * i));
    return id;
  }

  std::size_t addTrace(Chunk& chunk, std::size_t count) {
    TraceId traceId;
    const std::uint64_t hi = m_rng();
    const std::uint64_t lo = m_rng();
    for (std::size_t i = 0; i < 8; ++i) {
      traceId.bytes[i] = static_cast<std::uint8_t>(hi >> (8 * i));
      traceId.bytes[i + 8] = static_cast<std::uint8_t>(lo >> (8 * i));
    }
    m_clock += 1000000 + m_rng() % 50000000;
    struct Placed {
      SpanId id;
      std::uint64_t start;
      std::uint64_t end;
    };
    std::vector<Placed> placed;
    placed.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const int op =
          i == 0 ? static_cast<int>(m_rng() % 10) : static_cast<int>(m_rng() % kOperations);
      const int service = op % kServices;
      SpanRecord span;
      span.resourceLocalId = 0;
      span.traceId = traceId;
      span.spanId = randomSpanId();
      span.flags = 1;
      if (i == 0) {
        span.kind = SpanKind::Server;
        span.startUnixNano = m_clock;
        span.endUnixNano = m_clock + 5000000 + m_rng() % 800000000;
      } else {
        const Placed& parent = placed[i - std::min<std::size_t>(i, 1 + m_rng() % 6)];
        span.parentSpanId = parent.id;
        span.kind = m_rng() % 3 == 0 ? SpanKind::Client : SpanKind::Internal;
        const std::uint64_t pd = parent.end - parent.start;  // >= 1
        span.startUnixNano = parent.start + m_rng() % std::max<std::uint64_t>(1, pd - pd / 10);
        span.endUnixNano = span.startUnixNano + 1 + m_rng() % (parent.end - span.startUnixNano);
      }
      placed.push_back({span.spanId, span.startUnixNano, span.endUnixNano});
      fillSpan(span, op, service);
      chunk.groups[static_cast<std::size_t>(service)].spans.push_back(std::move(span));
    }
    return count;
  }

  void fillSpan(SpanRecord& span, int op, int service) {
    static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE"};
    const bool db = op % 5 == 2;
    span.name = db ? "SELECT orders.op" + std::to_string(op)
                   : std::string(kMethods[op % 4]) + " /api/v1/op" + std::to_string(op);
    const bool error = m_rng() % 20 == 0;
    span.attributes.reserve(10);
    span.attributes.push_back(stringAttribute("http.request.method", kMethods[op % 4]));
    span.attributes.push_back(stringAttribute("http.route", "/api/v1/op" + std::to_string(op)));
    span.attributes.push_back(intAttribute("http.response.status_code", error ? 503 : 200));
    span.attributes.push_back(
        stringAttribute("server.address", serviceName(service) + ".svc.cluster.local"));
    span.attributes.push_back(intAttribute("server.port", 8080 + service));
    span.attributes.push_back(
        intAttribute("thread.id", static_cast<std::int64_t>(1 + m_rng() % 64)));
    span.attributes.push_back(intAttribute("sampled", 1, true));
    span.attributes.push_back(
        doubleAttribute("app.payload.kb", static_cast<double>(m_rng() % 100000) / 100.0));
    span.attributes.push_back(
        stringAttribute("enduser.id", "user-" + std::to_string(m_rng() % 10000)));
    if (db) {
      span.attributes.push_back(stringAttribute(
          "db.statement",
          "SELECT id, customer_id, total, created_at FROM orders WHERE customer_id = ? "
          "AND status = 'open' ORDER BY created_at DESC LIMIT " +
              std::to_string(10 + op % 90)));
    } else if (m_rng() % 10 == 0) {
      Attribute tags;
      tags.key = "app.tags";
      tags.value.type = AttributeValue::Type::Array;
      tags.value.text = R"([{"stringValue":"beta"},{"stringValue":"eu"}])";
      span.attributes.push_back(std::move(tags));
    } else {
      span.attributes.push_back(stringAttribute("network.transport", "tcp"));
    }
    if (m_rng() % 4 == 0) {
      const int events = 1 + static_cast<int>(m_rng() % 2);
      for (int e = 0; e < events; ++e) {
        SpanEventRecord event;
        event.timeUnixNano = span.startUnixNano + (span.endUnixNano - span.startUnixNano) / 2;
        event.name = "log";
        event.attributes = {stringAttribute("log.severity", e ? "INFO" : "DEBUG"),
                            stringAttribute("log.message", "cache miss for key k" +
                                                               std::to_string(m_rng() % 1000))};
        span.events.push_back(std::move(event));
      }
    }
    if (error) {
      span.statusCode = StatusCode::Error;
      span.statusMessage = "upstream unavailable";
      SpanEventRecord exception;
      exception.timeUnixNano = span.endUnixNano;
      exception.name = "exception";
      exception.attributes = {stringAttribute("exception.type", "UnavailableError"),
                              stringAttribute("exception.message", "connection refused")};
      span.events.push_back(std::move(exception));
    }
    if (!span.parentSpanId.isZero() && m_rng() % 50 == 0) {
      SpanLinkRecord link;
      link.traceId = span.traceId;
      link.spanId = span.parentSpanId;
      link.attributes = {stringAttribute("link.reason", "retry")};
      span.links.push_back(std::move(link));
    }
  }

  std::mt19937_64 m_rng;
  std::uint64_t m_clock = 1700000000000000000ull;
};

// --- OTLP/protobuf -------------------------------------------------------------------

inline void toProto(const Attribute& from, otlp::KeyValue& to) {
  to.set_key(from.key);
  otlp::AnyValue* v = to.mutable_value();
  switch (from.value.type) {
    case AttributeValue::Type::String:
      v->set_string_value(from.value.text);
      break;
    case AttributeValue::Type::Bool:
      v->set_bool_value(from.value.intValue != 0);
      break;
    case AttributeValue::Type::Int:
      v->set_int_value(from.value.intValue);
      break;
    case AttributeValue::Type::Double:
      v->set_double_value(from.value.doubleValue);
      break;
    case AttributeValue::Type::Array: {
      // The generator's only array: two strings.
      auto* array = v->mutable_array_value();
      array->add_values()->set_string_value("beta");
      array->add_values()->set_string_value("eu");
      break;
    }
    default:
      break;
  }
}

template <typename Repeated>
void toProto(const std::vector<Attribute>& from, Repeated* to) {
  for (const Attribute& a : from)
    toProto(a, *to->Add());
}

inline std::string idBytes(const auto& id) {
  return std::string(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
}

// Serialises a chunk as one ExportTraceServiceRequest. Serialised requests concatenated
// are again one valid request (repeated fields append), so a file is a stream of these.
inline std::string toProtoBytes(const Chunk& chunk, otlp::ExportTraceServiceRequest& request) {
  request.Clear();
  for (const ResourceGroup& g : chunk.groups) {
    otlp::ResourceSpans* rs = request.add_resource_spans();
    toProto(g.resource.attributes, rs->mutable_resource()->mutable_attributes());
    otlp::ScopeSpans* ss = rs->add_scope_spans();
    ss->mutable_scope()->set_name(g.scope.name);
    ss->mutable_scope()->set_version(g.scope.version);
    for (const SpanRecord& s : g.spans) {
      otlp::Span* p = ss->add_spans();
      p->set_trace_id(idBytes(s.traceId));
      p->set_span_id(idBytes(s.spanId));
      if (!s.parentSpanId.isZero())
        p->set_parent_span_id(idBytes(s.parentSpanId));
      p->set_flags(s.flags);
      p->set_name(s.name);
      p->set_kind(static_cast<otlp::Span::SpanKind>(s.kind));
      p->set_start_time_unix_nano(s.startUnixNano);
      p->set_end_time_unix_nano(s.endUnixNano);
      toProto(s.attributes, p->mutable_attributes());
      for (const SpanEventRecord& e : s.events) {
        otlp::Span::Event* pe = p->add_events();
        pe->set_time_unix_nano(e.timeUnixNano);
        pe->set_name(e.name);
        toProto(e.attributes, pe->mutable_attributes());
      }
      for (const SpanLinkRecord& l : s.links) {
        otlp::Span::Link* pl = p->add_links();
        pl->set_trace_id(idBytes(l.traceId));
        pl->set_span_id(idBytes(l.spanId));
        toProto(l.attributes, pl->mutable_attributes());
      }
      if (s.statusCode != StatusCode::Unset) {
        p->mutable_status()->set_code(static_cast<otlp::Status::StatusCode>(s.statusCode));
        p->mutable_status()->set_message(s.statusMessage);
      }
    }
  }
  return request.SerializeAsString();
}

// --- OTLP/JSON -----------------------------------------------------------------------

inline void appendJsonAttributes(std::string& out, const std::vector<Attribute>& attributes) {
  out += "\"attributes\":[";
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    const Attribute& a = attributes[i];
    if (i)
      out += ',';
    out += "{\"key\":";
    appendJsonString(out, a.key);
    out += ",\"value\":{";
    switch (a.value.type) {
      case AttributeValue::Type::String:
        out += "\"stringValue\":";
        appendJsonString(out, a.value.text);
        break;
      case AttributeValue::Type::Bool:
        out += a.value.intValue ? "\"boolValue\":true" : "\"boolValue\":false";
        break;
      case AttributeValue::Type::Int:
        out += "\"intValue\":\"" + std::to_string(a.value.intValue) + '"';
        break;
      case AttributeValue::Type::Double: {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", a.value.doubleValue);
        out += "\"doubleValue\":";
        out += buffer;
        break;
      }
      case AttributeValue::Type::Array:
        out += "\"arrayValue\":{\"values\":" + a.value.text + '}';
        break;
      default:
        break;
    }
    out += "}}";
  }
  out += ']';
}

// One line of OTLP/JSON (the Collector file exporter's JSON lines): hex ids, 64-bit
// integers as strings, enums as numbers.
inline std::string toJsonLine(const Chunk& chunk) {
  std::string out = "{\"resourceSpans\":[";
  for (std::size_t g = 0; g < chunk.groups.size(); ++g) {
    const ResourceGroup& group = chunk.groups[g];
    if (g)
      out += ',';
    out += "{\"resource\":{";
    appendJsonAttributes(out, group.resource.attributes);
    out += "},\"scopeSpans\":[{\"scope\":{\"name\":";
    appendJsonString(out, group.scope.name);
    out += ",\"version\":";
    appendJsonString(out, group.scope.version);
    out += "},\"spans\":[";
    for (std::size_t i = 0; i < group.spans.size(); ++i) {
      const SpanRecord& s = group.spans[i];
      if (i)
        out += ',';
      out += "{\"traceId\":\"" + s.traceId.toHex() + "\",\"spanId\":\"" + s.spanId.toHex() + '"';
      if (!s.parentSpanId.isZero())
        out += ",\"parentSpanId\":\"" + s.parentSpanId.toHex() + '"';
      out += ",\"flags\":" + std::to_string(s.flags) + ",\"name\":";
      appendJsonString(out, s.name);
      out += ",\"kind\":" + std::to_string(static_cast<int>(s.kind));
      out += ",\"startTimeUnixNano\":\"" + std::to_string(s.startUnixNano) + '"';
      out += ",\"endTimeUnixNano\":\"" + std::to_string(s.endUnixNano) + "\",";
      appendJsonAttributes(out, s.attributes);
      if (!s.events.empty()) {
        out += ",\"events\":[";
        for (std::size_t e = 0; e < s.events.size(); ++e) {
          if (e)
            out += ',';
          out += "{\"timeUnixNano\":\"" + std::to_string(s.events[e].timeUnixNano) + "\",\"name\":";
          appendJsonString(out, s.events[e].name);
          out += ',';
          appendJsonAttributes(out, s.events[e].attributes);
          out += '}';
        }
        out += ']';
      }
      if (!s.links.empty()) {
        out += ",\"links\":[";
        for (std::size_t l = 0; l < s.links.size(); ++l) {
          if (l)
            out += ',';
          out += "{\"traceId\":\"" + s.links[l].traceId.toHex() + "\",\"spanId\":\"" +
                 s.links[l].spanId.toHex() + "\",";
          appendJsonAttributes(out, s.links[l].attributes);
          out += '}';
        }
        out += ']';
      }
      if (s.statusCode != StatusCode::Unset) {
        out += ",\"status\":{\"code\":" + std::to_string(static_cast<int>(s.statusCode)) +
               ",\"message\":";
        appendJsonString(out, s.statusMessage);
        out += '}';
      }
      out += '}';
    }
    out += "]}]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace sightline::bench
