#include "importers/otlp/otlp_proto_convert.h"

#include "importers/otlp/otlp_json_text.h"

namespace sightline {
namespace {

void appendKeyValueJson(std::string& out, const otlp::KeyValue& kv) {
  out += "{\"key\":";
  appendJsonString(out, kv.key());
  out += ",\"value\":";
  appendAnyValueJson(out, kv.value());
  out.push_back('}');
}

void appendArrayItems(std::string& out, const otlp::ArrayValue& array) {
  out.push_back('[');
  for (int i = 0; i < array.values_size(); ++i) {
    if (i)
      out.push_back(',');
    appendAnyValueJson(out, array.values(i));
  }
  out.push_back(']');
}

void appendKvListItems(std::string& out, const otlp::KeyValueList& list) {
  out.push_back('[');
  for (int i = 0; i < list.values_size(); ++i) {
    if (i)
      out.push_back(',');
    appendKeyValueJson(out, list.values(i));
  }
  out.push_back(']');
}

std::string idError(const char* field, std::size_t expected, std::size_t found) {
  return std::string(field) + " must be " + std::to_string(expected) + " bytes, found " +
         std::to_string(found);
}

}  // namespace

void appendAnyValueJson(std::string& out, const otlp::AnyValue& value) {
  switch (value.value_case()) {
    case otlp::AnyValue::kStringValue:
      out += "{\"stringValue\":";
      appendJsonString(out, value.string_value());
      break;
    case otlp::AnyValue::kBoolValue:
      out += value.bool_value() ? "{\"boolValue\":true" : "{\"boolValue\":false";
      break;
    case otlp::AnyValue::kIntValue:
      out += "{\"intValue\":";
      appendJsonInt(out, value.int_value());
      break;
    case otlp::AnyValue::kDoubleValue:
      out += "{\"doubleValue\":";
      appendJsonDouble(out, value.double_value());
      break;
    case otlp::AnyValue::kBytesValue:
      out += "{\"bytesValue\":\"";
      appendBase64(out, value.bytes_value());
      out.push_back('"');
      break;
    case otlp::AnyValue::kArrayValue:
      out += "{\"arrayValue\":{\"values\":";
      appendArrayItems(out, value.array_value());
      out.push_back('}');
      break;
    case otlp::AnyValue::kKvlistValue:
      out += "{\"kvlistValue\":{\"values\":";
      appendKvListItems(out, value.kvlist_value());
      out.push_back('}');
      break;
    case otlp::AnyValue::VALUE_NOT_SET:
      out.push_back('{');
      break;
  }
  out.push_back('}');
}

void convertValue(const otlp::AnyValue& from, AttributeValue& to) {
  using Type = AttributeValue::Type;
  to = AttributeValue();
  switch (from.value_case()) {
    case otlp::AnyValue::kStringValue:
      to.type = Type::String;
      to.text = from.string_value();
      break;
    case otlp::AnyValue::kBoolValue:
      to.type = Type::Bool;
      to.intValue = from.bool_value() ? 1 : 0;
      break;
    case otlp::AnyValue::kIntValue:
      to.type = Type::Int;
      to.intValue = from.int_value();
      break;
    case otlp::AnyValue::kDoubleValue:
      to.type = Type::Double;
      to.doubleValue = from.double_value();
      break;
    case otlp::AnyValue::kBytesValue:
      to.type = Type::Bytes;
      to.text = from.bytes_value();
      break;
    case otlp::AnyValue::kArrayValue:
      to.type = Type::Array;
      appendArrayItems(to.text, from.array_value());
      break;
    case otlp::AnyValue::kKvlistValue:
      to.type = Type::KvList;
      appendKvListItems(to.text, from.kvlist_value());
      break;
    case otlp::AnyValue::VALUE_NOT_SET:
      break;
  }
}

void convertAttributes(const google::protobuf::RepeatedPtrField<otlp::KeyValue>& from,
                       std::vector<Attribute>& to) {
  to.clear();
  to.reserve(static_cast<std::size_t>(from.size()));
  for (const auto& kv : from) {
    Attribute& attribute = to.emplace_back();
    attribute.key = kv.key();
    convertValue(kv.value(), attribute.value);
  }
}

std::string convertSpan(const otlp::Span& from, SpanRecord& to) {
  auto traceId = TraceId::fromBytes(from.trace_id());
  if (!traceId || from.trace_id().empty()) {
    return idError("trace_id", TraceId::kSize, from.trace_id().size());
  }
  if (traceId->isZero())
    return "trace_id is all zeros (invalid)";
  auto spanId = SpanId::fromBytes(from.span_id());
  if (!spanId || from.span_id().empty()) {
    return idError("span_id", SpanId::kSize, from.span_id().size());
  }
  if (spanId->isZero())
    return "span_id is all zeros (invalid)";
  auto parent = SpanId::fromBytes(from.parent_span_id());
  if (!parent)
    return idError("parent_span_id", SpanId::kSize, from.parent_span_id().size());

  to.traceId = *traceId;
  to.spanId = *spanId;
  to.parentSpanId = *parent;
  to.traceState = from.trace_state();
  to.flags = from.flags();
  to.name = from.name();
  // Unknown future kinds are kept as unspecified rather than rejected.
  const int kind = from.kind();
  to.kind = kind >= 0 && kind <= 5 ? static_cast<SpanKind>(kind) : SpanKind::Unspecified;
  to.startUnixNano = from.start_time_unix_nano();
  to.endUnixNano = from.end_time_unix_nano();
  convertAttributes(from.attributes(), to.attributes);
  to.droppedAttributesCount = from.dropped_attributes_count();

  to.events.clear();
  to.events.reserve(static_cast<std::size_t>(from.events_size()));
  for (const auto& event : from.events()) {
    SpanEventRecord& record = to.events.emplace_back();
    record.timeUnixNano = event.time_unix_nano();
    record.name = event.name();
    convertAttributes(event.attributes(), record.attributes);
    record.droppedAttributesCount = event.dropped_attributes_count();
  }
  to.droppedEventsCount = from.dropped_events_count();

  to.links.clear();
  to.links.reserve(static_cast<std::size_t>(from.links_size()));
  for (const auto& link : from.links()) {
    auto linkTrace = TraceId::fromBytes(link.trace_id());
    if (!linkTrace)
      return idError("link trace_id", TraceId::kSize, link.trace_id().size());
    auto linkSpan = SpanId::fromBytes(link.span_id());
    if (!linkSpan)
      return idError("link span_id", SpanId::kSize, link.span_id().size());
    SpanLinkRecord& record = to.links.emplace_back();
    record.traceId = *linkTrace;
    record.spanId = *linkSpan;
    record.traceState = link.trace_state();
    convertAttributes(link.attributes(), record.attributes);
    record.droppedAttributesCount = link.dropped_attributes_count();
    record.flags = link.flags();
  }
  to.droppedLinksCount = from.dropped_links_count();

  const int code = from.status().code();
  to.statusCode = code >= 0 && code <= 2 ? static_cast<StatusCode>(code) : StatusCode::Unset;
  to.statusMessage = from.status().message();
  return {};
}

}  // namespace sightline
