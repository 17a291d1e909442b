#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"
#include "model/metrics/metric_sink.h"

namespace sightline {

// Reads one Prometheus exposition file — text format 0.0.4 or OpenMetrics 1.0, told apart
// by the content (see PrometheusTextParser) — as one snapshot, streaming: memory holds one
// batch of samples, one line and a 16-byte hash per series (duplicate check).
class PrometheusTextReader : public FormatReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 16u << 20;
  // How much of the start of the file decides the dialect before parsing begins.
  static constexpr std::size_t kDialectProbeBytes = 64u << 10;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// The same with an explicit sink (context.metrics is not used).
bool readPrometheusText(ByteSource& source, MetricSink& sink, ReaderContext& context,
                        DecodeError& error);

// Sniffer for the registry, 0..100: confident on # HELP / # TYPE lines, fairly sure on
// `name{…} value` lines, a little on `name value` lines.
int sniffPrometheusText(std::span<const std::uint8_t> head);

}  // namespace sightline
