#include "importers/prometheus/prometheus_api_json_reader.h"

#include <string>

#include <simdjson.h>

#include "importers/prometheus/prometheus_api_json_decoder.h"

namespace sightline {

bool readPrometheusApiJson(ByteSource& source, MetricSink& sink, ReaderContext& context,
                           DecodeError& error, std::string_view resultName) {
  // simdjson's DOM needs the whole document; query answers are small next to the limit.
  std::string document;
  for (auto chunk = source.next(); !chunk.empty(); chunk = source.next()) {
    if (document.size() + chunk.size() > PrometheusApiJsonReader::kMaxDocumentBytes) {
      error.message = "a Prometheus API answer of at most " +
                      std::to_string(PrometheusApiJsonReader::kMaxDocumentBytes) + " bytes";
      error.offset = document.size();
      error.hasOffset = true;
      return false;
    }
    document.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
  if (!source.status()) {
    error.message = source.status().message();
    error.offset = source.position();
    error.hasOffset = true;
    return false;
  }
  if (document.find_first_not_of(" \t\r\n") == std::string::npos) {
    error.message = "expected a Prometheus API answer, found no data";
    return false;
  }
  document.reserve(document.size() + simdjson::SIMDJSON_PADDING);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto parsed = parser.parse(document).get(root); parsed) {
    error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
    return false;
  }
  PrometheusApiJsonDecoder decoder(sink, context, std::string(resultName));
  if (!decoder.decode(root)) {
    error.message = decoder.error();
    return false;
  }
  if (context.onRows)
    context.onRows(decoder.points());
  return true;
}

bool PrometheusApiJsonReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.metrics) {
    error.message = "internal error: no metric sink for Prometheus API answers";
    return false;
  }
  return readPrometheusApiJson(source, *context.metrics, context, error,
                               apiResultName(context.sourcePath));
}

std::string apiResultName(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  base = base.substr(0, base.find('.'));
  if (base.empty())
    return "query_result";
  std::string name;
  for (const char c : base) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool digit = c >= '0' && c <= '9';
    if (name.empty() && digit)
      name.push_back('_');
    name.push_back(letter || digit ? c : '_');
  }
  return name;
}

int sniffPrometheusApiJson(std::span<const std::uint8_t> head) {
  std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{')
    return 0;
  if (text.find("\"status\"") == std::string_view::npos)
    return 0;
  if (text.find("\"resultType\"") != std::string_view::npos)
    return 95;
  // An error answer: {"status":"error","errorType":"bad_data","error":"…"}.
  if (text.find("\"errorType\"") != std::string_view::npos)
    return 80;
  return 0;
}

}  // namespace sightline
