#include "importers/prometheus/prometheus_text_reader.h"

#include <cstring>
#include <string>
#include <string_view>

#include "importers/prometheus/prometheus_text_lexer.h"
#include "importers/prometheus/prometheus_text_parser.h"

namespace sightline {
namespace {

constexpr std::size_t kHeadBytes = 4096;
constexpr std::size_t kSniffLines = 20;

// Splits chunks into lines for the parser, holding only a line split across chunks.
class LineFeeder {
 public:
  explicit LineFeeder(PrometheusTextParser& parser) : m_parser(parser) {}

  bool feed(std::string_view text) {
    for (;;) {
      const void* found = std::memchr(text.data(), '\n', text.size());
      if (!found)
        break;
      const auto newline = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
      bool ok = true;
      if (m_pending.empty()) {
        ok = m_parser.line(text.substr(0, newline));
      } else {
        m_pending.append(text.substr(0, newline));
        ok = m_parser.line(m_pending);
        m_pending.clear();
      }
      if (!ok)
        return false;
      text.remove_prefix(newline + 1);
    }
    m_pending.append(text);
    if (m_pending.size() > PrometheusTextReader::kMaxLineBytes) {
      return m_parser.failNextLine("line longer than " +
                                   std::to_string(PrometheusTextReader::kMaxLineBytes) + " bytes");
    }
    return true;
  }

  bool finish() {
    if (!m_pending.empty() && !m_parser.line(m_pending))
      return false;
    return m_parser.finish();
  }

 private:
  PrometheusTextParser& m_parser;
  std::string m_pending;
};

std::string_view wholeLines(std::string_view text) {
  const std::size_t lastNewline = text.rfind('\n');
  return lastNewline == std::string_view::npos ? std::string_view{}
                                               : text.substr(0, lastNewline + 1);
}

}  // namespace

bool readPrometheusText(ByteSource& source, MetricSink& sink, ReaderContext& context,
                        DecodeError& error) {
  auto sourceFailed = [&] {
    if (source.status())
      return false;
    error.message = source.status().message();
    error.offset = source.position();
    error.hasOffset = true;
    return true;
  };
  PrometheusTextParser parser(sink, context, error);
  LineFeeder feeder(parser);

  // The dialect changes what timestamps mean, so look at the start of the file first.
  std::string head;
  bool ended = false;
  while (head.size() < PrometheusTextReader::kDialectProbeBytes) {
    const auto chunk = source.next();
    if (chunk.empty()) {
      ended = true;
      break;
    }
    head.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
  if (sourceFailed())
    return false;
  parser.setOpenMetrics(looksLikeOpenMetrics(ended ? std::string_view(head) : wholeLines(head)));
  if (!feeder.feed(head))
    return false;
  head = std::string();

  while (!ended) {
    const auto chunk = source.next();
    if (chunk.empty())
      break;
    if (!feeder.feed(std::string_view(reinterpret_cast<const char*>(chunk.data()), chunk.size())))
      return false;
  }
  if (sourceFailed())
    return false;
  return feeder.finish();
}

bool PrometheusTextReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.metrics) {
    error.message = "internal error: no metric sink for Prometheus text";
    return false;
  }
  return readPrometheusText(source, *context.metrics, context, error);
}

int sniffPrometheusText(std::span<const std::uint8_t> head) {
  std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t')
      return 0;  // binary
  }
  if (head.size() >= kHeadBytes)
    text = wholeLines(text);
  LexedSample sample;
  std::size_t parsed = 0;
  std::size_t bad = 0;
  bool labels = false;
  while (!text.empty() && parsed + bad < kSniffLines) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos)
      continue;
    if (line[first] == '#') {
      const LexedComment comment = lexCommentLine(line.substr(first));
      if ((comment.kind == CommentKind::Help || comment.kind == CommentKind::Type) &&
          isMetricName(comment.name)) {
        return 90;
      }
      continue;  // other comments say nothing
    }
    if (lexSampleLine(line, sample).empty()) {
      ++parsed;
      labels = labels || !sample.labels.empty();
    } else {
      if (parsed == 0)
        return 0;  // the first sample line must be one
      ++bad;
    }
  }
  if (parsed == 0 || bad >= parsed)
    return 0;
  return labels ? 70 : 40;
}

}  // namespace sightline
