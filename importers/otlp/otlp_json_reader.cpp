#include "importers/otlp/otlp_json_reader.h"

#include <string>

#include <simdjson.h>

#include "importers/otlp/otlp_json_decoder.h"
#include "importers/otlp/trace_batcher.h"

namespace sightline {
namespace {

bool isBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Splits a byte stream into lines without holding more than one line (plus one chunk).
class LineSplitter {
 public:
  explicit LineSplitter(ByteSource& source) : m_source(source) {}

  // The next line without its '\n'; false at the end of the stream. Sets `tooLong` when a
  // line exceeds `limit` bytes.
  bool next(std::string& line, std::uint64_t limit, bool& tooLong) {
    line.clear();
    tooLong = false;
    for (;;) {
      if (m_pos == m_chunk.size()) {
        if (m_eof)
          return !line.empty();
        m_chunk = m_source.next();
        m_pos = 0;
        if (m_chunk.empty()) {
          m_eof = true;
          return !line.empty();
        }
      }
      const auto* begin = m_chunk.data() + m_pos;
      const auto* end = m_chunk.data() + m_chunk.size();
      const auto* newline = std::find(begin, end, std::uint8_t('\n'));
      line.append(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(newline - begin));
      m_pos = static_cast<std::size_t>(newline - m_chunk.data());
      if (line.size() > limit) {
        tooLong = true;
        return true;
      }
      if (newline != end) {
        ++m_pos;
        return true;
      }
    }
  }

 private:
  ByteSource& m_source;
  std::span<const std::uint8_t> m_chunk;
  std::size_t m_pos = 0;
  bool m_eof = false;
};

void padForSimdjson(std::string& text) {
  text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
}

}  // namespace

bool OtlpJsonReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  TraceBatcher batcher(context);
  OtlpJsonDecoder decoder(batcher);
  simdjson::dom::parser parser;
  LineSplitter lines(source);
  std::string line;
  std::string document;
  std::uint64_t lineNumber = 0;
  bool tooLong = false;
  auto sourceFailed = [&] {
    if (source.status())
      return false;
    error.message = source.status().message();
    error.offset = source.position();
    return true;
  };
  // The end of the input: the batches still held go to the writer.
  auto finishBatches = [&] {
    std::string what;
    if (batcher.finish(what))
      return true;
    error.message = what;
    return false;
  };

  // The first non-blank line tells the two shapes apart: a JSON lines file has a whole
  // request on it, a pretty-printed document does not.
  bool haveLine = false;
  while ((haveLine = lines.next(line, kMaxDocumentBytes, tooLong))) {
    ++lineNumber;
    if (tooLong || !isBlank(line))
      break;
  }
  if (sourceFailed())
    return false;
  if (!haveLine) {
    error.message = "expected a JSON ExportTraceServiceRequest, found no data";
    return false;
  }
  if (tooLong) {
    error.message = "a JSON line of at most " + std::to_string(kMaxDocumentBytes) + " bytes";
    error.line = lineNumber;
    return false;
  }
  padForSimdjson(line);
  simdjson::dom::element root;
  if (!parser.parse(line).get(root)) {
    for (;;) {
      if (!decoder.decodeRequest(root)) {
        error.message = decoder.error();
        error.line = lineNumber;
        return false;
      }
      do {
        if (!lines.next(line, kMaxDocumentBytes, tooLong)) {
          return !sourceFailed() && finishBatches();
        }
        ++lineNumber;
      } while (!tooLong && isBlank(line));
      if (tooLong) {
        error.message = "a JSON line of at most " + std::to_string(kMaxDocumentBytes) + " bytes";
        error.line = lineNumber;
        return false;
      }
      padForSimdjson(line);
      const auto parsed = parser.parse(line).get(root);
      if (parsed) {
        error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
        error.line = lineNumber;
        return false;
      }
      if (context.cancelled()) {
        error.message = "cancelled";
        error.line = lineNumber;
        return false;
      }
    }
  }

  // A first line that looks like a whole object is a JSON lines file with a bad line.
  const std::size_t last = line.find_last_not_of(" \t\r");
  if (last != std::string::npos && line[last] == '}') {
    error.message =
        std::string("invalid JSON: ") + simdjson::error_message(parser.parse(line).error());
    error.line = lineNumber;
    return false;
  }

  // One document, read whole: simdjson's DOM needs it in memory.
  document = std::move(line);
  document.push_back('\n');
  while (lines.next(line, kMaxDocumentBytes, tooLong)) {
    if (tooLong || document.size() + line.size() + 1 > kMaxDocumentBytes) {
      error.message = "a JSON document of at most " + std::to_string(kMaxDocumentBytes) +
                      " bytes (use JSON lines for bigger files)";
      error.offset = document.size();
      return false;
    }
    document += line;
    document.push_back('\n');
  }
  if (sourceFailed())
    return false;
  padForSimdjson(document);
  const auto parsed = parser.parse(document).get(root);
  if (parsed) {
    error.message = std::string("invalid JSON: ") + simdjson::error_message(parsed);
    // simdjson does not say where; a one-line document at least has a line number.
    if (document.find('\n') == document.size() - 1)
      error.line = lineNumber;
    return false;
  }
  if (!decoder.decodeRequest(root)) {
    error.message = decoder.error();
    return false;
  }
  return finishBatches();
}

int sniffOtlpJson(std::span<const std::uint8_t> head) {
  std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{')
    return 0;
  if (text.find("\"resourceSpans\"") != std::string_view::npos ||
      text.find("\"resource_spans\"") != std::string_view::npos) {
    return 90;
  }
  return 0;
}

}  // namespace sightline
