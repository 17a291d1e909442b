#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "importers/otlp/otlp_delta_totals.h"
#include "importers/otlp/otlp_metrics.pb.h"
#include "model/metrics/metric_records.h"

namespace sightline {

// Turns decoded ExportMetricsServiceRequests into the metric model's records, named as the
// OpenTelemetry → Prometheus compatibility specification says. One converter per file: it
// remembers the families it has sent and, for delta temporality, the running totals of each
// series (delta points are accumulated into cumulative values within the file, or, for a live
// receiver, from the totals of its earlier requests on).
class OtlpMetricsConverter {
 public:
  OtlpMetricsConverter() = default;
  // Delta series start from `startFrom`'s totals (read while its caller holds its lock).
  explicit OtlpMetricsConverter(const OtlpDeltaTotals* startFrom) : m_startFrom(startFrom) {}

  // Appends the request's families and samples to `batch` (timestamps are the points'
  // times, in ms; `line` is the request's 1-based ordinal, or its line in JSON lines).
  // Returns "" or what is wrong with the request.
  std::string add(const otlp::ExportMetricsServiceRequest& request, MetricBatch& batch,
                  std::uint64_t line);
  std::uint64_t points() const { return m_points; }
  // The running totals of the delta series converted so far.
  const std::map<std::string, double>& deltaSums() const { return m_deltaSums; }
  const std::map<std::string, OtlpHistogramTotals>& deltaHistograms() const {
    return m_deltaHistograms;
  }

 private:
  struct Context;
  using HistogramTotals = OtlpHistogramTotals;

  std::uint32_t family(const std::string& name, MetricType type, const otlp::Metric& metric,
                       MetricBatch& batch);
  void sample(Context& context, std::string name, std::vector<MetricLabel> labels, double value);
  std::string addMetric(const otlp::Metric& metric, Context& context);
  void addNumberPoint(const otlp::NumberDataPoint& point, bool delta, Context& context);
  void addHistogram(HistogramTotals totals, bool delta, Context& context);

  std::map<std::string, std::uint32_t> m_families;  // name + '\n' + type → index
  std::uint32_t m_familyCount = 0;
  std::map<std::string, double> m_deltaSums;                 // series key → running total
  std::map<std::string, HistogramTotals> m_deltaHistograms;  // series key → running totals
  std::uint64_t m_points = 0;
  const OtlpDeltaTotals* m_startFrom = nullptr;
};

}  // namespace sightline
