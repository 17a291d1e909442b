#include "importers/otlp/otlp_metrics_reader.h"

#include <string>
#include <string_view>

#include <simdjson.h>

#include "importers/otlp/otlp_metrics.pb.h"
#include "importers/otlp/otlp_metrics_convert.h"
#include "importers/otlp/otlp_metrics_json.h"
#include "importers/otlp/otlp_proto_framing.h"
#include "importers/otlp/otlp_proto_reader.h"

namespace sightline {
namespace {

bool readAll(ByteSource& source, std::uint64_t limit, std::string& out, DecodeError& error) {
  for (auto chunk = source.next(); !chunk.empty(); chunk = source.next()) {
    if (out.size() + chunk.size() > limit) {
      error.message = "OTLP metrics of at most " + std::to_string(limit) + " bytes";
      error.offset = out.size();
      error.hasOffset = true;
      return false;
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
  if (!source.status()) {
    error.message = source.status().message();
    error.offset = source.position();
    error.hasOffset = true;
    return false;
  }
  return true;
}

// Sends what the whole file decoded to, in batches of the context's size.
bool deliver(MetricBatch&& all, const OtlpMetricsConverter& converter, ReaderContext& context,
             DecodeError& error) {
  if (!context.metrics) {
    error.message = "internal error: no metric sink for OTLP metrics";
    return false;
  }
  const std::size_t size = std::max<std::size_t>(context.batchSize, 1);
  std::size_t next = 0;
  do {
    MetricBatch batch;
    batch.timestampsAreSnapshots = true;
    if (next == 0)
      batch.newFamilies = std::move(all.newFamilies);
    const std::size_t end = std::min(all.samples.size(), next + size);
    batch.samples.assign(std::make_move_iterator(all.samples.begin() + next),
                         std::make_move_iterator(all.samples.begin() + end));
    next = end;
    if (const Status status = context.metrics->consume(std::move(batch)); !status) {
      error.message = status.message();
      return false;
    }
  } while (next < all.samples.size());
  if (context.onRows)
    context.onRows(converter.points());
  return true;
}

// Reads a varint from `data` at `pos`; false when truncated or longer than 10 bytes.
bool varint(std::string_view data, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos >= data.size())
      return false;
    const auto byte = static_cast<std::uint8_t>(data[pos++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false;
}

// The first length-delimited field number `field` of the message in `data`; its body is
// cut at the end of `data` (the head may end inside it).
bool firstMessage(std::string_view data, std::uint32_t field, std::string_view& body) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::uint64_t tag = 0;
    if (!varint(data, pos, tag))
      return false;
    const int wireType = static_cast<int>(tag & 7);
    std::uint64_t length = 0;
    switch (wireType) {
      case 0:
        if (!varint(data, pos, length))
          return false;
        continue;
      case 1:
        pos += 8;
        continue;
      case 5:
        pos += 4;
        continue;
      case 2:
        if (!varint(data, pos, length))
          return false;
        if ((tag >> 3) == field) {
          body = data.substr(
              pos, static_cast<std::size_t>(std::min<std::uint64_t>(length, data.size() - pos)));
          return true;
        }
        pos += static_cast<std::size_t>(std::min<std::uint64_t>(length, data.size() - pos));
        continue;
      default:
        return false;
    }
  }
  return false;
}

// Whether `data` (possibly cut short) is a Metric rather than a Span: a Metric's fields are
// all length-delimited (name 1, description 2, unit 3, data 5/7/9/10/11, metadata 12) and its
// name is text; a Span has fixed64 times (7, 8) and a 16-byte trace id (1).
bool looksLikeMetric(std::string_view data) {
  std::size_t pos = 0;
  bool named = false;
  bool hasData = false;
  while (pos < data.size()) {
    std::uint64_t tag = 0;
    std::uint64_t length = 0;
    if (!varint(data, pos, tag))
      break;
    const std::uint64_t field = tag >> 3;
    if ((tag & 7) != 2 || field == 0 || field > 12 || field == 4 || field == 6 || field == 8)
      return false;
    if (!varint(data, pos, length))
      break;
    const std::string_view body = data.substr(
        pos, static_cast<std::size_t>(std::min<std::uint64_t>(length, data.size() - pos)));
    if (field == 1) {
      for (const char c : body) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          return false;
      }
      named = !body.empty();
    }
    if (field == 5 || field == 7 || field == 9 || field == 10 || field == 11)
      hasData = true;
    pos += body.size();
  }
  return named && (hasData || pos >= data.size());
}

}  // namespace

bool OtlpMetricsProtoReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  std::string data;
  if (!readAll(source, kMaxBytes, data, error))
    return false;
  if (data.empty()) {
    error.message = "expected an ExportMetricsServiceRequest, found no data";
    return false;
  }
  const auto head = std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(data.data()), std::min(data.size(), kOtlpHeadBytes));
  const bool delimited = looksLengthDelimited(head, data.size() <= kOtlpHeadBytes);
  OtlpMetricsConverter converter;
  MetricBatch all;
  otlp::ExportMetricsServiceRequest request;
  std::uint64_t requests = 0;
  std::size_t pos = 0;
  while (pos < data.size()) {
    if (context.cancelled()) {
      error.message = "cancelled";
      return false;
    }
    const std::size_t start = pos;
    std::uint64_t length = data.size();
    if (delimited) {
      if (!varint(data, pos, length)) {
        error.message =
            "truncated input: expected the length of the next ExportMetricsServiceRequest";
        error.offset = start;
        error.hasOffset = true;
        return false;
      }
      if (length > data.size() - pos) {
        error.message = "truncated input: an ExportMetricsServiceRequest of " +
                        std::to_string(length) + " bytes, " + std::to_string(data.size() - pos) +
                        " left";
        error.offset = start;
        error.hasOffset = true;
        return false;
      }
    }
    if (!request.ParseFromArray(data.data() + pos, static_cast<int>(length))) {
      error.message = "malformed or truncated ExportMetricsServiceRequest";
      error.offset = pos;
      error.hasOffset = true;
      return false;
    }
    if (std::string what = converter.add(request, all, ++requests); !what.empty()) {
      error.message = what;
      error.offset = pos;
      error.hasOffset = true;
      return false;
    }
    pos += static_cast<std::size_t>(length);
  }
  return deliver(std::move(all), converter, context, error);
}

bool OtlpMetricsJsonReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  std::string data;
  if (!readAll(source, kMaxBytes, data, error))
    return false;
  if (data.find_first_not_of(" \t\r\n") == std::string::npos) {
    error.message = "expected an OTLP/JSON ExportMetricsServiceRequest, found no data";
    return false;
  }
  simdjson::dom::parser parser;
  OtlpMetricsConverter converter;
  MetricBatch all;
  const auto decode = [&](std::string_view text, std::uint64_t line) {
    simdjson::padded_string padded(text);
    simdjson::dom::element root;
    otlp::ExportMetricsServiceRequest request;
    if (const auto parsed = parser.parse(padded).get(root); parsed) {
      error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
    } else if (std::string what = decodeOtlpMetricsJson(root, request); !what.empty()) {
      error.message = what;
    } else if (std::string bad = converter.add(request, all, std::max<std::uint64_t>(line, 1));
               !bad.empty()) {
      error.message = bad;
    } else {
      return true;
    }
    error.line = line;
    return false;
  };
  // One document, or JSON lines: try the whole first, as a pretty-printed document spans
  // lines.
  {
    simdjson::padded_string padded(data);
    simdjson::dom::element root;
    if (!parser.parse(padded).get(root)) {
      if (!decode(data, 0))
        return false;
      return deliver(std::move(all), converter, context, error);
    }
  }
  std::size_t pos = 0;
  std::uint64_t line = 0;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    if (end == std::string::npos)
      end = data.size();
    ++line;
    const std::string_view text = std::string_view(data).substr(pos, end - pos);
    pos = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos)
      continue;
    if (context.cancelled()) {
      error.message = "cancelled";
      return false;
    }
    if (!decode(text, line))
      return false;
  }
  return deliver(std::move(all), converter, context, error);
}

int sniffOtlpMetricsProto(std::span<const std::uint8_t> head) {
  if (head.size() < 2)
    return 0;
  std::string_view data(reinterpret_cast<const char*>(head.data()), head.size());
  if (looksLengthDelimited(head, head.size() < kOtlpHeadBytes)) {
    std::size_t pos = 0;
    std::uint64_t length = 0;
    if (!varint(data, pos, length))
      return 0;
    data = data.substr(
        pos, static_cast<std::size_t>(std::min<std::uint64_t>(length, data.size() - pos)));
  }
  std::string_view resource;
  std::string_view scope;
  std::string_view metric;
  if (!firstMessage(data, 1, resource) || !firstMessage(resource, 2, scope) ||
      !firstMessage(scope, 2, metric)) {
    return 0;
  }
  // Above the trace sniffer's 60 for the same outer framing.
  return looksLikeMetric(metric) ? 80 : 0;
}

int sniffOtlpMetricsJson(std::span<const std::uint8_t> head) {
  std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{')
    return 0;
  for (const std::string_view key : {"\"resourceMetrics\"", "\"resource_metrics\""}) {
    const std::size_t at = text.find(key);
    if (at == std::string_view::npos)
      continue;
    // A request with an empty list holds nothing to import: left unclaimed, as before
    // metrics files were read (tst_file_importer expects that of `{"resourceMetrics": []}`).
    std::size_t pos = text.find_first_not_of(" \t\r\n:", at + key.size());
    if (pos != std::string_view::npos && text[pos] == '[')
      pos = text.find_first_not_of(" \t\r\n", pos + 1);
    return pos != std::string_view::npos && text[pos] == ']' ? 0 : 90;
  }
  return 0;
}

}  // namespace sightline
