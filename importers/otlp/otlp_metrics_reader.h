#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"

namespace sightline {

// Reads OTLP/protobuf ExportMetricsServiceRequest data: one message, or several each
// preceded by its varint length. The whole file is decoded before anything is sent to the
// sink, so a malformed or truncated file stores nothing. Names, labels and temporality as
// OtlpMetricsConverter makes them.
class OtlpMetricsProtoReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxBytes = 1ull << 30;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Reads OTLP/JSON metrics: one ExportMetricsServiceRequest document, or one per line as the
// Collector's file exporter writes them. All or nothing, as the protobuf reader.
class OtlpMetricsJsonReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxBytes = 1ull << 30;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Sniffers for the registry: 0..100. The protobuf one walks down to the first Metric (a
// trace request has the same outer framing) and claims the file only when it is one.
int sniffOtlpMetricsProto(std::span<const std::uint8_t> head);
int sniffOtlpMetricsJson(std::span<const std::uint8_t> head);

}  // namespace sightline
