#include "importers/otlp/otlp_json_decoder.h"

#include <functional>

#include "importers/otlp/otlp_json_text.h"
#include "importers/otlp/otlp_json_values.h"

namespace sightline {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

constexpr const char* kKindNames[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
                                      "SPAN_KIND_SERVER",      "SPAN_KIND_CLIENT",
                                      "SPAN_KIND_PRODUCER",    "SPAN_KIND_CONSUMER"};
constexpr const char* kStatusNames[] = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};

}  // namespace

bool OtlpJsonDecoder::fail(std::string_view field, const std::string& what) {
  std::string path;
  if (m_resourceIndex >= 0)
    path += "resourceSpans[" + std::to_string(m_resourceIndex) + "]";
  if (m_scopeIndex >= 0)
    path += ".scopeSpans[" + std::to_string(m_scopeIndex) + "]";
  if (m_spanIndex >= 0)
    path += ".spans[" + std::to_string(m_spanIndex) + "]";
  if (m_partIndex >= 0)
    path += std::string(".") + m_part + "[" + std::to_string(m_partIndex) + "]";
  if (!field.empty()) {
    if (!path.empty())
      path += '.';
    path += field;
  }
  m_error = path.empty() ? "expected " + what : path + ": expected " + what;
  return false;
}

bool OtlpJsonDecoder::objectOf(element value, std::string_view field, const char* expected,
                               object& fields) {
  if (value.get_object().get(fields))
    return fail(field, std::string(expected) + ", found " + describe(value));
  return true;
}

bool OtlpJsonDecoder::forEachItem(element value, std::string_view field, int& index,
                                  const std::function<bool(element)>& decode) {
  if (value.is_null())
    return true;
  array list;
  if (value.get_array().get(list))
    return fail(field, "an array, found " + describe(value));
  index = 0;
  for (element item : list) {
    if (!decode(item))
      return false;
    ++index;
  }
  index = -1;
  return true;
}

bool OtlpJsonDecoder::decodeRequest(element request) {
  m_resourceIndex = m_scopeIndex = m_spanIndex = m_partIndex = -1;
  object fields;
  if (!objectOf(request, "", "an ExportTraceServiceRequest object", fields))
    return false;
  for (auto field : fields) {
    if (keyIs(field.key, "resourceSpans", "resource_spans") &&
        !forEachItem(field.value, "resourceSpans", m_resourceIndex,
                     [this](simdjson::dom::element item) { return decodeResourceSpans(item); })) {
      return false;
    }
  }
  return true;
}

bool OtlpJsonDecoder::decodeEnvelopeHeader(
    object fields, const char* headerKey, std::string& schemaUrl,
    const std::function<bool(std::string_view, element)>& headerField) {
  std::string what;
  for (auto field : fields) {
    if (field.key == headerKey) {
      if (field.value.is_null())
        continue;
      object headerFields;
      if (!objectOf(field.value, headerKey, "an object", headerFields))
        return false;
      for (auto inner : headerFields) {
        if (!headerField(inner.key, inner.value))
          return false;
      }
    } else if (keyIs(field.key, "schemaUrl", "schema_url") &&
               !jsonString(field.value, schemaUrl, what)) {
      return fail("schemaUrl", what);
    }
  }
  return true;
}

bool OtlpJsonDecoder::decodeEnvelopeChildren(object fields, std::string_view camel,
                                             std::string_view snake, int& index,
                                             const std::function<bool(element)>& decodeChild) {
  for (auto field : fields) {
    if (keyIs(field.key, camel, snake) && !forEachItem(field.value, camel, index, decodeChild))
      return false;
  }
  return true;
}

bool OtlpJsonDecoder::decodeResourceSpans(element element) {
  object fields;
  if (!objectOf(element, "", "a ResourceSpans object", fields))
    return false;
  ResourceRecord resource;
  std::string what;
  const auto resourceField = [&](std::string_view key, simdjson::dom::element value) {
    if (key == "attributes")
      return decodeAttributes(value, resource.attributes);
    if (keyIs(key, "droppedAttributesCount", "dropped_attributes_count") &&
        !jsonUint32(value, resource.droppedAttributesCount, what)) {
      return fail("resource.droppedAttributesCount", what);
    }
    return true;
  };
  if (!decodeEnvelopeHeader(fields, "resource", resource.schemaUrl, resourceField))
    return false;
  const std::uint32_t resourceId = m_batcher.addResource(std::move(resource));
  return decodeEnvelopeChildren(
      fields, "scopeSpans", "scope_spans", m_scopeIndex,
      [&](simdjson::dom::element item) { return decodeScopeSpans(item, resourceId); });
}

bool OtlpJsonDecoder::decodeScopeSpans(element element, std::uint32_t resourceId) {
  object fields;
  if (!objectOf(element, "", "a ScopeSpans object", fields))
    return false;
  ScopeRecord scope;
  std::string what;
  const auto scopeField = [&](std::string_view key, simdjson::dom::element value) {
    bool ok = true;
    if (key == "name") {
      ok = jsonString(value, scope.name, what);
    } else if (key == "version") {
      ok = jsonString(value, scope.version, what);
    } else if (key == "attributes") {
      return decodeAttributes(value, scope.attributes);
    } else if (keyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
      ok = jsonUint32(value, scope.droppedAttributesCount, what);
    }
    return ok || fail("scope." + std::string(key), what);
  };
  if (!decodeEnvelopeHeader(fields, "scope", scope.schemaUrl, scopeField))
    return false;
  const std::uint32_t scopeId = m_batcher.addScope(std::move(scope));
  return decodeEnvelopeChildren(fields, "spans", "spans", m_spanIndex,
                                [&](simdjson::dom::element item) {
                                  SpanRecord& span = m_batcher.newSpan();
                                  span.resourceLocalId = resourceId;
                                  span.scopeLocalId = scopeId;
                                  if (!decodeSpan(item, span)) {
                                    m_batcher.dropLastSpan();
                                    return false;
                                  }
                                  if (!m_batcher.spanDone(what)) {
                                    m_error = what;
                                    return false;
                                  }
                                  return true;
                                });
}

bool OtlpJsonDecoder::decodeSpan(element element, SpanRecord& span) {
  object fields;
  if (!objectOf(element, "", "a Span object", fields))
    return false;
  std::string what;
  for (auto field : fields) {
    const std::string_view key = field.key;
    const simdjson::dom::element value = field.value;
    bool ok = true;
    if (keyIs(key, "traceId", "trace_id")) {
      ok = jsonId(value, span.traceId, what);
    } else if (keyIs(key, "spanId", "span_id")) {
      ok = jsonId(value, span.spanId, what);
    } else if (keyIs(key, "parentSpanId", "parent_span_id")) {
      ok = jsonId(value, span.parentSpanId, what);
    } else if (keyIs(key, "traceState", "trace_state")) {
      ok = jsonString(value, span.traceState, what);
    } else if (key == "flags") {
      ok = jsonUint32(value, span.flags, what);
    } else if (key == "name") {
      ok = jsonString(value, span.name, what);
    } else if (key == "kind") {
      int kind = 0;
      ok = jsonEnum(value, kKindNames, 6, kind, what);
      span.kind = static_cast<SpanKind>(kind);
    } else if (keyIs(key, "startTimeUnixNano", "start_time_unix_nano")) {
      ok = jsonUint64(value, span.startUnixNano, what);
    } else if (keyIs(key, "endTimeUnixNano", "end_time_unix_nano")) {
      ok = jsonUint64(value, span.endUnixNano, what);
    } else if (key == "attributes") {
      if (!decodeAttributes(value, span.attributes))
        return false;
    } else if (keyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
      ok = jsonUint32(value, span.droppedAttributesCount, what);
    } else if (keyIs(key, "droppedEventsCount", "dropped_events_count")) {
      ok = jsonUint32(value, span.droppedEventsCount, what);
    } else if (keyIs(key, "droppedLinksCount", "dropped_links_count")) {
      ok = jsonUint32(value, span.droppedLinksCount, what);
    } else if (key == "status") {
      if (!decodeStatus(value, span))
        return false;
    } else if (key == "events") {
      m_part = "events";
      if (!forEachItem(value, key, m_partIndex, [&](simdjson::dom::element item) {
            return decodeEvent(item, span.events.emplace_back());
          }))
        return false;
    } else if (key == "links") {
      m_part = "links";
      if (!forEachItem(value, key, m_partIndex, [&](simdjson::dom::element item) {
            return decodeLink(item, span.links.emplace_back());
          }))
        return false;
    }
    if (!ok)
      return fail(key, what);
  }
  if (span.traceId.isZero())
    return fail("traceId", "a non-zero 16-byte trace id");
  if (span.spanId.isZero())
    return fail("spanId", "a non-zero 8-byte span id");
  return true;
}

bool OtlpJsonDecoder::decodeEvent(element element, SpanEventRecord& event) {
  object fields;
  if (!objectOf(element, "", "an object", fields))
    return false;
  std::string what;
  for (auto field : fields) {
    bool ok = true;
    if (keyIs(field.key, "timeUnixNano", "time_unix_nano")) {
      ok = jsonUint64(field.value, event.timeUnixNano, what);
    } else if (field.key == "name") {
      ok = jsonString(field.value, event.name, what);
    } else if (field.key == "attributes") {
      if (!decodeAttributes(field.value, event.attributes))
        return false;
    } else if (keyIs(field.key, "droppedAttributesCount", "dropped_attributes_count")) {
      ok = jsonUint32(field.value, event.droppedAttributesCount, what);
    }
    if (!ok)
      return fail(field.key, what);
  }
  return true;
}

bool OtlpJsonDecoder::decodeLink(element element, SpanLinkRecord& link) {
  object fields;
  if (!objectOf(element, "", "an object", fields))
    return false;
  std::string what;
  for (auto field : fields) {
    bool ok = true;
    if (keyIs(field.key, "traceId", "trace_id")) {
      ok = jsonId(field.value, link.traceId, what);
    } else if (keyIs(field.key, "spanId", "span_id")) {
      ok = jsonId(field.value, link.spanId, what);
    } else if (keyIs(field.key, "traceState", "trace_state")) {
      ok = jsonString(field.value, link.traceState, what);
    } else if (field.key == "attributes") {
      if (!decodeAttributes(field.value, link.attributes))
        return false;
    } else if (keyIs(field.key, "droppedAttributesCount", "dropped_attributes_count")) {
      ok = jsonUint32(field.value, link.droppedAttributesCount, what);
    } else if (field.key == "flags") {
      ok = jsonUint32(field.value, link.flags, what);
    }
    if (!ok)
      return fail(field.key, what);
  }
  return true;
}

bool OtlpJsonDecoder::decodeStatus(element element, SpanRecord& span) {
  if (element.is_null())
    return true;
  object fields;
  if (!objectOf(element, "status", "an object", fields))
    return false;
  std::string what;
  for (auto field : fields) {
    if (field.key == "code") {
      int code = 0;
      if (!jsonEnum(field.value, kStatusNames, 3, code, what))
        return fail("status.code", what);
      span.statusCode = static_cast<StatusCode>(code);
    } else if (field.key == "message" && !jsonString(field.value, span.statusMessage, what)) {
      return fail("status.message", what);
    }
  }
  return true;
}

}  // namespace sightline
