#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "importers/core/importer.h"
#include "importers/prometheus/prometheus_series_key_set.h"
#include "model/metrics/metric_sink.h"

namespace sightline {

// Walks a parsed Prometheus HTTP API answer (see PrometheusApiJsonReader) and sends its
// points to the sink in batches of context.batchSize. error() says what was wrong, with the
// JSON path (data.result[3].values[7]).
class PrometheusApiJsonDecoder {
 public:
  PrometheusApiJsonDecoder(MetricSink& sink, ReaderContext& context, std::string resultName);

  bool decode(simdjson::dom::element root);
  const std::string& error() const { return m_error; }
  std::uint64_t points() const { return m_points; }

 private:
  struct FamilyKey {
    std::string name;
    MetricType type;
    auto operator<=>(const FamilyKey&) const = default;
  };

  bool fail(const std::string& what);
  bool decodeSeriesList(simdjson::dom::array result, bool matrix);
  bool collectNames(simdjson::dom::array result);
  bool seriesIdentity(simdjson::dom::element series, std::string& name,
                      std::vector<MetricLabel>& labels);
  bool point(simdjson::dom::element pair, const std::string& name,
             const std::vector<MetricLabel>& labels, std::uint32_t family);
  std::uint32_t familyFor(const std::string& name, const std::vector<MetricLabel>& labels);
  bool flush(bool force);

  MetricSink& m_sink;
  ReaderContext& m_context;
  std::string m_resultName;
  std::string m_error;
  std::string m_path;  // where in the document, for messages

  std::set<std::string> m_histogramBases;  // X of series X_bucket{le}
  std::set<std::string> m_summaryNames;    // names of series with a quantile label
  std::vector<FamilyKey> m_families;       // sent so far, by running index
  SeriesKeySet m_seen;
  std::string m_key;
  MetricBatch m_batch;
  std::uint64_t m_points = 0;
};

}  // namespace sightline
