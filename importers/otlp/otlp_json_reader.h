#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"

namespace sightline {

// Reads OTLP/JSON traces: one ExportTraceServiceRequest document, or JSON lines (one
// request per line, as the OpenTelemetry Collector's file exporter writes). Follows the
// OTLP/JSON mapping: lowerCamelCase keys (snake_case accepted too), hex trace/span ids,
// 64-bit integers as strings or numbers, enums as numbers or names, bytes as base64.
// JSON lines stream line by line; a single document is read whole, up to kMaxDocumentBytes.
class OtlpJsonReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxDocumentBytes = 2ull << 30;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Sniffer for the registry: 0..100.
int sniffOtlpJson(std::span<const std::uint8_t> head);

}  // namespace sightline
