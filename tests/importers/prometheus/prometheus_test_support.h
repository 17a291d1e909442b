#pragma once

// Helpers shared by the Prometheus importer tests: a sink that keeps every batch, readers
// over bytes in memory, and lookups of collected samples by series.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "importers/core/memory_byte_source.h"
#include "importers/prometheus/prometheus_api_json_reader.h"
#include "importers/prometheus/prometheus_text_lexer.h"
#include "importers/prometheus/prometheus_text_reader.h"
#include "model/metrics/metric_sink.h"
#include "tests/importers/pprof/profile_test_support.h"  // fileBytes, testData, decompressed

namespace sightline::test {

struct MetricCollector : MetricSink {
  std::vector<MetricFamilyRecord> families;  // by running index
  std::vector<MetricSampleRecord> samples;
  std::size_t batches = 0;
  std::size_t largestBatch = 0;
  bool snapshotTimes = false;  // some batch had timestampsAreSnapshots
  bool refuse = false;         // tests of sink failures

  Status consume(MetricBatch&& batch) override {
    if (refuse)
      return Status::error("disk full");
    ++batches;
    largestBatch = std::max(largestBatch, batch.samples.size());
    snapshotTimes = snapshotTimes || batch.timestampsAreSnapshots;
    for (auto& family : batch.newFamilies)
      families.push_back(std::move(family));
    for (auto& sample : batch.samples) {
      if (sample.family >= families.size())
        qFatal("sample %s refers to family %u, not sent yet", sample.name.c_str(), sample.family);
      samples.push_back(std::move(sample));
    }
    return Status::ok();
  }

  const MetricFamilyRecord& familyOf(const MetricSampleRecord& sample) const {
    return families[sample.family];
  }
  // The first family of that name, or null.
  const MetricFamilyRecord* family(const std::string& name) const {
    for (const auto& family : families) {
      if (family.name == name)
        return &family;
    }
    return nullptr;
  }
  // The sample of one series ("name" + canonical label text), or null.
  const MetricSampleRecord* sample(const std::string& series) const {
    for (const auto& sample : samples) {
      if (sample.name + canonicalLabelText(sample.labels) == series)
        return &sample;
    }
    return nullptr;
  }
};

enum class MetricFormat { Text, ApiJson };

// Reads `data`; returns the error message ("" on success).
inline std::string readMetricBytes(const std::string& data, MetricCollector& sink,
                                   std::size_t maxChunk = 1 << 20, std::size_t batchSize = 10000,
                                   DecodeError* errorOut = nullptr,
                                   MetricFormat format = MetricFormat::Text) {
  MemoryByteSource source(data, maxChunk);
  ReaderContext context;
  context.batchSize = batchSize;
  DecodeError error;
  const bool ok = format == MetricFormat::Text
                      ? readPrometheusText(source, sink, context, error)
                      : readPrometheusApiJson(source, sink, context, error);
  if (errorOut)
    *errorOut = error;
  if (ok)
    return {};
  return error.message.empty() ? std::string("(failed without a message)") : error.message;
}

inline MetricCollector readMetricsOrFail(const std::string& data, std::size_t maxChunk = 1 << 20,
                                         MetricFormat format = MetricFormat::Text) {
  MetricCollector sink;
  DecodeError error;
  const std::string message = readMetricBytes(data, sink, maxChunk, 10000, &error, format);
  if (!message.empty())
    qFatal("metrics not read: line %llu: %s", static_cast<unsigned long long>(error.line),
           message.c_str());
  return sink;
}

// Same value, NaN equal to NaN.
inline bool sameValue(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

// One text line per family and sample, to compare two reads of the same data.
inline std::string dumpMetrics(const MetricCollector& sink) {
  std::string out;
  for (const auto& family : sink.families) {
    out += "family " + family.name + " " + metricTypeName(family.type) + " help=" + family.help +
           " unit=" + family.unit + "\n";
  }
  char value[64];
  for (const auto& sample : sink.samples) {
    std::snprintf(value, sizeof value, "%.17g", sample.value);
    out += std::to_string(sample.family) + " " + sample.name + canonicalLabelText(sample.labels) +
           " " + value;
    if (sample.timestampMs)
      out += " @" + std::to_string(*sample.timestampMs);
    if (sample.exemplar) {
      std::snprintf(value, sizeof value, "%.17g", sample.exemplar->value);
      out += " # " + canonicalLabelText(sample.exemplar->labels) + " " + value;
      if (sample.exemplar->timestampSeconds) {
        std::snprintf(value, sizeof value, "%.17g", *sample.exemplar->timestampSeconds);
        out += std::string(" ") + value;
      }
    }
    out += " line " + std::to_string(sample.line) + "\n";
  }
  return out;
}

}  // namespace sightline::test
