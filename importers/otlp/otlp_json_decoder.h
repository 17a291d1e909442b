#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "importers/otlp/trace_batcher.h"

namespace sightline {

// Turns parsed OTLP/JSON ExportTraceServiceRequest documents into records. On failure,
// error() says where (as a JSON path such as resourceSpans[0].scopeSpans[1].spans[2].spanId)
// and what was expected.
class OtlpJsonDecoder {
 public:
  explicit OtlpJsonDecoder(TraceBatcher& batcher) : m_batcher(batcher) {}

  bool decodeRequest(simdjson::dom::element request);
  const std::string& error() const { return m_error; }

 private:
  // ResourceSpans and ScopeSpans have the same shape: a header object ("resource", "scope"),
  // a schema URL and children. Keys may come in any order, yet the header must reach the
  // batch before the children: decodeEnvelopeHeader reads the header (headerField for each
  // of its fields) and the schema URL, decodeEnvelopeChildren the children afterwards.
  bool decodeEnvelopeHeader(
      simdjson::dom::object fields, const char* headerKey, std::string& schemaUrl,
      const std::function<bool(std::string_view, simdjson::dom::element)>& headerField);
  bool decodeEnvelopeChildren(simdjson::dom::object fields, std::string_view camel,
                              std::string_view snake, int& index,
                              const std::function<bool(simdjson::dom::element)>& decodeChild);
  bool decodeResourceSpans(simdjson::dom::element element);
  bool decodeScopeSpans(simdjson::dom::element element, std::uint32_t resourceId);
  bool decodeSpan(simdjson::dom::element element, SpanRecord& span);
  bool decodeEvent(simdjson::dom::element element, SpanEventRecord& event);
  bool decodeLink(simdjson::dom::element element, SpanLinkRecord& link);
  bool decodeStatus(simdjson::dom::element element, SpanRecord& span);
  bool decodeAttributes(simdjson::dom::element element, std::vector<Attribute>& attributes);
  bool decodeValue(simdjson::dom::element element, AttributeValue& value);
  bool appendValueJson(simdjson::dom::element element, std::string& out, int depth);
  bool appendKeyValuesJson(simdjson::dom::element element, std::string& out, int depth);
  bool appendValuesJson(simdjson::dom::element element, std::string& out, int depth);

  bool fail(std::string_view field, const std::string& what);
  // `value` as an object, or fail(field, "<expected>, found …").
  bool objectOf(simdjson::dom::element value, std::string_view field, const char* expected,
                simdjson::dom::object& fields);
  // decode(item) for each item of the array `value` (null: none), with `index` counting
  // them for the path of a message (-1 again after the last).
  bool forEachItem(simdjson::dom::element value, std::string_view field, int& index,
                   const std::function<bool(simdjson::dom::element)>& decode);

  TraceBatcher& m_batcher;
  std::string m_error;
  int m_resourceIndex = -1;
  int m_scopeIndex = -1;
  int m_spanIndex = -1;
  const char* m_part = "";  // events[…]/links[…] inside a span, for messages
  int m_partIndex = -1;
};

}  // namespace sightline
