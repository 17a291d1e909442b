#pragma once

// Helpers shared by the importer tests: a sink that collects what readers emit, a text dump
// of every record field (to compare readers with each other), a hand-built OTLP request
// covering every field, and compression helpers.

#include <string>
#include <vector>

#include <zlib.h>
#include <zstd.h>

#include "importers/core/importer.h"
#include "importers/core/memory_byte_source.h"
#include "importers/otlp/otlp_trace.pb.h"
#include "model/traces/trace_records.h"

namespace sightline::test {

struct CollectingSink : TraceSink {
  std::vector<TraceBatch> batches;
  int refuseAfter = -1;  // refuse the batch with this index (tests of sink failures)

  Status consume(TraceBatch&& batch) override {
    if (refuseAfter >= 0 && static_cast<int>(batches.size()) == refuseAfter) {
      return Status::error("disk full");
    }
    batches.push_back(std::move(batch));
    return Status::ok();
  }
  std::size_t spanCount() const {
    std::size_t n = 0;
    for (const auto& b : batches)
      n += b.spans.size();
    return n;
  }
  std::vector<SpanRecord> spans() const {
    std::vector<SpanRecord> all;
    for (const auto& b : batches)
      all.insert(all.end(), b.spans.begin(), b.spans.end());
    return all;
  }
};

inline std::string dumpValue(const AttributeValue& v) {
  std::string out = std::to_string(static_cast<int>(v.type)) + ":";
  switch (v.type) {
    case AttributeValue::Type::Int:
    case AttributeValue::Type::Bool:
      out += std::to_string(v.intValue);
      break;
    case AttributeValue::Type::Double:
      out += std::to_string(v.doubleValue);
      break;
    default:
      out += v.text;
  }
  return out;
}

inline std::string dumpAttributes(const std::vector<Attribute>& attributes) {
  std::string out = "{";
  for (const auto& a : attributes)
    out += a.key + "=" + dumpValue(a.value) + ";";
  return out + "}";
}

// Every field of everything the sink received, in order, batch boundaries excluded.
inline std::string dumpRecords(const CollectingSink& sink) {
  std::string out;
  for (const auto& batch : sink.batches) {
    for (const auto& r : batch.resources) {
      out += "resource " + std::to_string(r.localId) + " " + dumpAttributes(r.attributes) + " d" +
             std::to_string(r.droppedAttributesCount) + " " + r.schemaUrl + "\n";
    }
    for (const auto& s : batch.scopes) {
      out += "scope " + std::to_string(s.localId) + " " + s.name + " " + s.version + " " +
             dumpAttributes(s.attributes) + " d" + std::to_string(s.droppedAttributesCount) + " " +
             s.schemaUrl + "\n";
    }
    for (const auto& s : batch.spans) {
      out += "span r" + std::to_string(s.resourceLocalId) + " s" + std::to_string(s.scopeLocalId) +
             " " + s.traceId.toHex() + " " + s.spanId.toHex() + " " + s.parentSpanId.toHex() +
             " ts=" + s.traceState + " f" + std::to_string(s.flags) + " " + s.name + " k" +
             std::to_string(static_cast<int>(s.kind)) + " " + std::to_string(s.startUnixNano) +
             "-" + std::to_string(s.endUnixNano) + " " + dumpAttributes(s.attributes) + " d" +
             std::to_string(s.droppedAttributesCount) + " st" +
             std::to_string(static_cast<int>(s.statusCode)) + ":" + s.statusMessage + "\n";
      for (const auto& e : s.events) {
        out += "  event " + std::to_string(e.timeUnixNano) + " " + e.name + " " +
               dumpAttributes(e.attributes) + " d" + std::to_string(e.droppedAttributesCount) +
               "\n";
      }
      out += "  de" + std::to_string(s.droppedEventsCount) + "\n";
      for (const auto& l : s.links) {
        out += "  link " + l.traceId.toHex() + " " + l.spanId.toHex() + " " + l.traceState + " " +
               dumpAttributes(l.attributes) + " d" + std::to_string(l.droppedAttributesCount) +
               " f" + std::to_string(l.flags) + "\n";
      }
      out += "  dl" + std::to_string(s.droppedLinksCount) + "\n";
    }
  }
  return out;
}

inline std::string bytesFromHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline void setString(otlp::KeyValue* kv, const std::string& key, const std::string& value) {
  kv->set_key(key);
  kv->mutable_value()->set_string_value(value);
}

// Two resources; the first has two scopes. Seven spans in all: every AnyValue type, events,
// links, error status, trace state, flags, dropped counts and schema URLs.
inline otlp::ExportTraceServiceRequest sampleRequest() {
  otlp::ExportTraceServiceRequest request;
  auto* rs = request.add_resource_spans();
  rs->set_schema_url("https://opentelemetry.io/schemas/1.21.0");
  setString(rs->mutable_resource()->add_attributes(), "service.name", "checkout");
  rs->mutable_resource()->set_dropped_attributes_count(1);
  auto* ss = rs->add_scope_spans();
  ss->set_schema_url("scope-schema");
  ss->mutable_scope()->set_name("http");
  ss->mutable_scope()->set_version("1.2.3");
  setString(ss->mutable_scope()->add_attributes(), "lib", "x");
  ss->mutable_scope()->set_dropped_attributes_count(2);

  auto* root = ss->add_spans();
  root->set_trace_id(bytesFromHex("0102030405060708090a0b0c0d0e0f10"));
  root->set_span_id(bytesFromHex("a1a2a3a4a5a6a7a8"));
  root->set_trace_state("vendor=1");
  root->set_flags(0x301);
  root->set_name("GET /cart");
  root->set_kind(otlp::Span::SPAN_KIND_SERVER);
  root->set_start_time_unix_nano(1700000000000000000ull);
  root->set_end_time_unix_nano(1700000000250000000ull);
  setString(root->add_attributes(), "http.method", "GET");
  auto* kv = root->add_attributes();
  kv->set_key("ok");
  kv->mutable_value()->set_bool_value(true);
  kv = root->add_attributes();
  kv->set_key("http.status_code");
  kv->mutable_value()->set_int_value(-503);
  kv = root->add_attributes();
  kv->set_key("ratio");
  kv->mutable_value()->set_double_value(0.25);
  kv = root->add_attributes();
  kv->set_key("blob");
  kv->mutable_value()->set_bytes_value(std::string("\x00\xff\x10", 3));
  kv = root->add_attributes();
  kv->set_key("list");
  auto* array = kv->mutable_value()->mutable_array_value();
  array->add_values()->set_string_value("a\"b");
  array->add_values()->set_int_value(3);
  array->add_values()->mutable_array_value()->add_values()->set_bool_value(false);
  array->add_values();  // empty AnyValue
  kv = root->add_attributes();
  kv->set_key("map");
  auto* list = kv->mutable_value()->mutable_kvlist_value();
  auto* inner = list->add_values();
  inner->set_key("d");
  inner->mutable_value()->set_double_value(1.5);
  inner = list->add_values();
  inner->set_key("nested");
  inner->mutable_value()->mutable_kvlist_value()->add_values()->set_key("e");
  kv = root->add_attributes();
  kv->set_key("empty");
  root->set_dropped_attributes_count(3);
  auto* event = root->add_events();
  event->set_time_unix_nano(1700000000100000000ull);
  event->set_name("exception");
  setString(event->add_attributes(), "exception.message", "boom");
  event->set_dropped_attributes_count(4);
  root->set_dropped_events_count(5);
  auto* link = root->add_links();
  link->set_trace_id(bytesFromHex("ffeeddccbbaa99887766554433221100"));
  link->set_span_id(bytesFromHex("0102030405060708"));
  link->set_trace_state("k=v");
  setString(link->add_attributes(), "link.kind", "follows");
  link->set_dropped_attributes_count(6);
  link->set_flags(1);
  root->set_dropped_links_count(7);
  root->mutable_status()->set_code(otlp::Status::STATUS_CODE_ERROR);
  root->mutable_status()->set_message("upstream failed");

  for (int i = 0; i < 3; ++i) {
    auto* child = ss->add_spans();
    child->set_trace_id(root->trace_id());
    child->set_span_id(bytesFromHex("b1b2b3b4b5b6b7b" + std::to_string(i)));
    child->set_parent_span_id(root->span_id());
    child->set_name("db " + std::to_string(i));
    child->set_kind(otlp::Span::SPAN_KIND_CLIENT);
    child->set_start_time_unix_nano(1700000000010000000ull + i);
    child->set_end_time_unix_nano(1700000000020000000ull + i);
  }
  auto* ss2 = rs->add_scope_spans();
  ss2->mutable_scope()->set_name("grpc");
  auto* grpc = ss2->add_spans();
  grpc->set_trace_id(root->trace_id());
  grpc->set_span_id(bytesFromHex("c1c2c3c4c5c6c7c8"));
  grpc->set_parent_span_id(root->span_id());
  grpc->set_name("rpc");
  grpc->set_kind(otlp::Span::SPAN_KIND_PRODUCER);
  grpc->mutable_status()->set_code(otlp::Status::STATUS_CODE_OK);

  auto* rs2 = request.add_resource_spans();
  setString(rs2->mutable_resource()->add_attributes(), "service.name", "payments");
  auto* ss3 = rs2->add_scope_spans();
  for (int i = 0; i < 2; ++i) {
    auto* span = ss3->add_spans();
    span->set_trace_id(bytesFromHex("2222222222222222222222222222222" + std::to_string(i)));
    span->set_span_id(bytesFromHex("d1d2d3d4d5d6d7d" + std::to_string(i)));
    span->set_name("charge");
    span->set_kind(otlp::Span::SPAN_KIND_CONSUMER);
    span->set_start_time_unix_nano(5);
    span->set_end_time_unix_nano(9);
  }
  return request;
}

inline std::string gzipCompress(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

inline std::string zstdCompress(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

// Reads `data` with `reader` into `sink`; returns the error message ("" on success).
inline std::string readAll(FormatReader& reader, const std::string& data, CollectingSink& sink,
                           std::size_t batchSize = 3, std::size_t maxChunk = 1 << 20,
                           DecodeError* errorOut = nullptr) {
  MemoryByteSource source(data, maxChunk);
  ReaderContext context;
  context.traces = &sink;
  context.batchSize = batchSize;
  DecodeError error;
  const bool ok = reader.read(source, context, error);
  if (errorOut)
    *errorOut = error;
  if (ok)
    return {};
  return error.message.empty() ? std::string("(failed without a message)") : error.message;
}

}  // namespace sightline::test
