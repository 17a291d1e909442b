#include "importers/live/otlp_request_decoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

#include <simdjson.h>

#include "importers/core/memory_byte_source.h"
#include "importers/live/otlp_service.pb.h"
#include "importers/otlp/otlp_json_reader.h"
#include "importers/otlp/otlp_metrics.pb.h"
#include "importers/otlp/otlp_metrics_convert.h"
#include "importers/otlp/otlp_metrics_json.h"
#include "importers/otlp/otlp_proto_reader.h"

namespace sightline {

namespace {

// Keeps everything a reader sends as one batch: the batcher numbers resources and scopes
// across its batches, so appending keeps the local ids unique.
class RequestSink : public TraceSink {
 public:
  explicit RequestSink(TraceBatch* batch) : m_batch(batch) {}

  Status consume(TraceBatch&& part) override {
    auto append = [](auto& to, auto& from) {
      if (to.empty()) {
        to = std::move(from);
        return;
      }
      to.insert(to.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
    };
    append(m_batch->resources, part.resources);
    append(m_batch->scopes, part.scopes);
    append(m_batch->spans, part.spans);
    return Status::ok();
  }

 private:
  TraceBatch* m_batch;
};

// The data points a metric carries, whatever its type.
std::uint64_t dataPoints(const otlp::Metric& metric) {
  switch (metric.data_case()) {
    case otlp::Metric::kGauge:
      return static_cast<std::uint64_t>(metric.gauge().data_points_size());
    case otlp::Metric::kSum:
      return static_cast<std::uint64_t>(metric.sum().data_points_size());
    case otlp::Metric::kHistogram:
      return static_cast<std::uint64_t>(metric.histogram().data_points_size());
    case otlp::Metric::kExponentialHistogram:
      return static_cast<std::uint64_t>(metric.exponential_histogram().data_points_size());
    case otlp::Metric::kSummary:
      return static_cast<std::uint64_t>(metric.summary().data_points_size());
    default:
      return 0;
  }
}

// Takes out the metrics the converter refuses, each tried alone (with its resource and
// scope), counting their points and keeping the first complaint.
void dropRefusedMetrics(otlp::ExportMetricsServiceRequest& request, OtlpMetricsRequest* out) {
  std::uint64_t refusedMetrics = 0;
  std::string first;
  for (auto& resourceMetrics : *request.mutable_resource_metrics()) {
    for (auto& scopeMetrics : *resourceMetrics.mutable_scope_metrics()) {
      auto* metrics = scopeMetrics.mutable_metrics();
      for (int i = 0; i < metrics->size();) {
        otlp::ExportMetricsServiceRequest alone;
        auto* aloneResource = alone.add_resource_metrics();
        *aloneResource->mutable_resource() = resourceMetrics.resource();
        auto* aloneScope = aloneResource->add_scope_metrics();
        *aloneScope->mutable_scope() = scopeMetrics.scope();
        *aloneScope->add_metrics() = metrics->Get(i);
        OtlpMetricsConverter scratch;
        MetricBatch ignored;
        const std::string what = scratch.add(alone, ignored, 1);
        if (what.empty()) {
          ++i;
          continue;
        }
        ++refusedMetrics;
        out->rejectedPoints += dataPoints(metrics->Get(i));
        if (first.empty())
          first = what;
        metrics->DeleteSubrange(i, 1);
      }
    }
  }
  out->rejectedMessage = std::to_string(refusedMetrics) +
                         (refusedMetrics == 1 ? " metric was" : " metrics were") +
                         " not stored; the first: " + first;
}

QJsonArray arrayOf(const QJsonObject& object, const char* camel, const char* snake) {
  const QJsonValue value = object.value(QLatin1String(camel));
  return value.isUndefined() ? object.value(QLatin1String(snake)).toArray() : value.toArray();
}

}  // namespace

Status decodeOtlpTraceRequest(std::string body, OtlpEncoding encoding, TraceBatch* batch) {
  batch->clear();
  RequestSink sink(batch);
  ReaderContext context;
  context.traces = &sink;
  context.batchSize = std::numeric_limits<std::size_t>::max();
  MemoryByteSource source(std::move(body));
  DecodeError error;
  bool ok = false;
  if (encoding == OtlpEncoding::Protobuf) {
    OtlpProtoReader reader;
    ok = reader.read(source, context, error);
  } else {
    OtlpJsonReader reader;
    ok = reader.read(source, context, error);
  }
  if (ok)
    return Status::ok();
  batch->clear();
  std::string message = error.message;
  if (error.hasOffset || error.offset > 0)
    message += " (at byte " + std::to_string(error.offset) + ")";
  return Status::error(message);
}

Status decodeOtlpMetricsRequest(const std::string& body, OtlpEncoding encoding,
                                OtlpMetricsRequest* out, const OtlpDeltaTotals* deltaTotals) {
  *out = {};
  otlp::ExportMetricsServiceRequest request;
  if (encoding == OtlpEncoding::Protobuf) {
    if (!request.ParseFromString(body))
      return Status::error("malformed or truncated ExportMetricsServiceRequest");
  } else {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (const auto error = parser.parse(body).get(root); error)
      return Status::error(std::string("invalid JSON: ") + simdjson::error_message(error));
    if (std::string what = decodeOtlpMetricsJson(root, request); !what.empty())
      return Status::error(what);
  }
  MetricBatch batch;
  OtlpMetricsConverter converter(deltaTotals);
  if (!converter.add(request, batch, 1).empty()) {
    // Partial success: the converter stops at the first metric it refuses, so find them all,
    // then convert what is left with a fresh converter (the delta totals start over too).
    dropRefusedMetrics(request, out);
    batch = {};
    converter = OtlpMetricsConverter(deltaTotals);
    if (std::string what = converter.add(request, batch, 1); !what.empty())
      return Status::error(what);  // not expected: every metric passed alone
  }
  for (auto& sample : batch.samples) {
    sample.line = 0;  // a request has no lines
    if (sample.timestampMs == 0)
      sample.timestampMs.reset();
  }
  out->points = converter.points();
  out->deltaSums = converter.deltaSums();
  out->deltaHistograms = converter.deltaHistograms();
  if (!batch.samples.empty() || !batch.newFamilies.empty())
    out->batches.push_back(std::move(batch));
  return Status::ok();
}

std::uint64_t countOtlpLogRecords(const std::string& body, OtlpEncoding encoding) {
  std::uint64_t records = 0;
  if (encoding == OtlpEncoding::Protobuf) {
    live::ExportLogsServiceRequest request;
    if (!request.ParseFromString(body))
      return 0;
    for (const auto& resource : request.resource_logs()) {
      for (const auto& scope : resource.scope_logs())
        records += static_cast<std::uint64_t>(scope.log_records_size());
    }
    return records;
  }
  const QJsonDocument document = QJsonDocument::fromJson(
      QByteArray::fromRawData(body.data(), static_cast<qsizetype>(body.size())));
  for (const QJsonValue resource : arrayOf(document.object(), "resourceLogs", "resource_logs")) {
    for (const QJsonValue scope : arrayOf(resource.toObject(), "scopeLogs", "scope_logs"))
      records +=
          static_cast<std::uint64_t>(arrayOf(scope.toObject(), "logRecords", "log_records").size());
  }
  return records;
}

}  // namespace sightline
