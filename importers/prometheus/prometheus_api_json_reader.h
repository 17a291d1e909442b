#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "importers/core/importer.h"
#include "model/metrics/metric_sink.h"

namespace sightline {

// Reads the JSON answer of a Prometheus server's HTTP API: /api/v1/query (resultType
// "vector", "matrix" or "scalar") and /api/v1/query_range ("matrix"). Every distinct instant
// becomes a snapshot (MetricBatch::timestampsAreSnapshots). The series' `__name__` is the
// sample name; results without one (rate(), histogram_quantile(), scalars) are named after
// the file (see apiResultName). The API carries no metadata, so family types are inferred
// from the names: `X_bucket` with `le` (and its `X_sum`, `X_count`) is histogram X, a name
// with a `quantile` label (and its `_sum`, `_count`) is a summary, `*_total` is a counter,
// everything else untyped. An "error" answer fails with the server's message.
class PrometheusApiJsonReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxDocumentBytes = 1ull << 30;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// The same with an explicit sink; `resultName` names series without `__name__`.
bool readPrometheusApiJson(ByteSource& source, MetricSink& sink, ReaderContext& context,
                           DecodeError& error, std::string_view resultName = "query_result");

// The name for results without `__name__`: the file's name without directories and
// extensions, as a metric name ("api-query-range-rate.json.gz" → "api_query_range_rate");
// "query_result" when there is no file name.
std::string apiResultName(std::string_view path);

// Sniffer for the registry: 0..100.
int sniffPrometheusApiJson(std::span<const std::uint8_t> head);

}  // namespace sightline
