#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"

namespace sightline {

// Reads OTLP/protobuf ExportTraceServiceRequest data: one message, or several messages each
// preceded by its varint length (detected from the first bytes). The outer framing is walked
// by hand from the stream; each ResourceSpans (at most kMaxResourceSpansBytes) is read into
// one reused buffer and its Resource, InstrumentationScope and Span messages are parsed with
// reused generated messages, so memory is bounded by one ResourceSpans plus one batch.
class OtlpProtoReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxResourceSpansBytes = 256ull << 20;
  static constexpr std::uint64_t kMaxRequestBytes = 2ull << 30;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Sniffer for the registry: 0..100.
int sniffOtlpProto(std::span<const std::uint8_t> head);

// True when `head` looks like length-delimited requests rather than a single request.
// `complete` says whether `head` is the whole stream.
bool looksLengthDelimited(std::span<const std::uint8_t> head, bool complete);

}  // namespace sightline
