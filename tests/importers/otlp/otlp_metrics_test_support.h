#pragma once

// Helpers shared by the OTLP metrics tests: reading bytes with either reader into a
// MetricCollector, and loading the otel-js-metrics fixtures' expected.json.

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <string>

#include "importers/core/memory_byte_source.h"
#include "importers/otlp/otlp_metrics_reader.h"
#include "tests/importers/prometheus/prometheus_test_support.h"

namespace sightline::test {

enum class OtlpMetricsFormat { Proto, Json };

// Reads `data`; returns the error message ("" on success).
inline std::string readOtlpMetrics(const std::string& data, OtlpMetricsFormat format,
                                   MetricCollector& sink, DecodeError* errorOut = nullptr,
                                   std::size_t maxChunk = 1 << 20, std::size_t batchSize = 10000) {
  MemoryByteSource source(data, maxChunk);
  ReaderContext context;
  context.metrics = &sink;
  context.batchSize = batchSize;
  DecodeError error;
  OtlpMetricsProtoReader proto;
  OtlpMetricsJsonReader json;
  FormatReader& reader =
      format == OtlpMetricsFormat::Proto ? static_cast<FormatReader&>(proto) : json;
  const bool ok = reader.read(source, context, error);
  if (errorOut)
    *errorOut = error;
  if (ok)
    return {};
  return error.message.empty() ? std::string("(failed without a message)") : error.message;
}

inline QJsonObject otelJsMetricsExpected() {
  const std::string bytes = fileBytes(testData("otel-js-metrics/expected.json"));
  return QJsonDocument::fromJson(QByteArray::fromStdString(bytes)).object();
}

}  // namespace sightline::test
