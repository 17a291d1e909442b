#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/ids.h"

namespace sightline {

// One OTLP AnyValue. Scalars are stored natively; arrays and key-value lists are kept
// losslessly as their OTLP/JSON encoding in `text` (e.g. `[{"intValue":"1"}]`), so that
// nothing a file holds is dropped and the SQL console can still read them.
struct AttributeValue {
  enum class Type : std::uint8_t { Empty = 0, String, Bool, Int, Double, Bytes, Array, KvList };
  Type type = Type::Empty;
  std::int64_t intValue = 0;  // Int, and Bool as 0/1
  double doubleValue = 0;
  std::string text;  // String; raw bytes for Bytes; OTLP/JSON for Array and KvList
};

struct Attribute {
  std::string key;
  AttributeValue value;
};

struct ResourceRecord {
  std::uint32_t localId = 0;  // unique within one import; spans refer to it
  std::vector<Attribute> attributes;
  std::uint32_t droppedAttributesCount = 0;
  std::string schemaUrl;
};

struct ScopeRecord {
  std::uint32_t localId = 0;  // unique within one import; spans refer to it
  std::string name;
  std::string version;
  std::vector<Attribute> attributes;
  std::uint32_t droppedAttributesCount = 0;
  std::string schemaUrl;
};

struct SpanEventRecord {
  std::uint64_t timeUnixNano = 0;
  std::string name;
  std::vector<Attribute> attributes;
  std::uint32_t droppedAttributesCount = 0;
};

struct SpanLinkRecord {
  TraceId traceId;
  SpanId spanId;
  std::string traceState;
  std::vector<Attribute> attributes;
  std::uint32_t droppedAttributesCount = 0;
  std::uint32_t flags = 0;
};

// OTLP Span.SpanKind numbering.
enum class SpanKind : std::uint8_t {
  Unspecified = 0,
  Internal = 1,
  Server = 2,
  Client = 3,
  Producer = 4,
  Consumer = 5
};

// OTLP Status.StatusCode numbering.
enum class StatusCode : std::uint8_t { Unset = 0, Ok = 1, Error = 2 };

struct SpanRecord {
  std::uint32_t resourceLocalId = 0;
  std::uint32_t scopeLocalId = 0;
  TraceId traceId;
  SpanId spanId;
  SpanId parentSpanId;  // zero when the span is a root
  std::string traceState;
  std::uint32_t flags = 0;
  std::string name;
  SpanKind kind = SpanKind::Unspecified;
  std::uint64_t startUnixNano = 0;
  std::uint64_t endUnixNano = 0;
  std::vector<Attribute> attributes;
  std::uint32_t droppedAttributesCount = 0;
  std::vector<SpanEventRecord> events;
  std::uint32_t droppedEventsCount = 0;
  std::vector<SpanLinkRecord> links;
  std::uint32_t droppedLinksCount = 0;
  StatusCode statusCode = StatusCode::Unset;
  std::string statusMessage;
};

// What a reader hands to the writer at a time. Resources and scopes are sent once, in
// the batch that carries (or precedes) their first span; later batches refer to them by
// localId.
struct TraceBatch {
  std::vector<ResourceRecord> resources;
  std::vector<ScopeRecord> scopes;
  std::vector<SpanRecord> spans;

  bool empty() const { return resources.empty() && scopes.empty() && spans.empty(); }
  void clear() {
    resources.clear();
    scopes.clear();
    spans.clear();
  }
};

}  // namespace sightline
