#pragma once

// Hand-built metric batches and helpers for the metric store tests (tst_metric_writer,
// tst_metric_queries). Header-only so that each QtTest executable stays one .cpp.

#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/metrics/metric_records.h"
#include "model/metrics/metric_writer.h"
#include "model/store/workspace.h"
#include "tests/model/profiles/tst_profile_store_fixture.h"  // scalar(), dumpWorkspace()

namespace sightline::test {

inline MetricFamilyRecord metricFamily(std::string name, MetricType type, std::string help = {},
                                       std::string unit = {}) {
  MetricFamilyRecord family;
  family.name = std::move(name);
  family.type = type;
  family.help = std::move(help);
  family.unit = std::move(unit);
  return family;
}

// A sample line; labels are sorted here as a reader would.
inline MetricSampleRecord metricSample(std::uint32_t family, std::string name,
                                       std::vector<MetricLabel> labels, double value,
                                       std::optional<std::int64_t> timestampMs = std::nullopt,
                                       std::uint64_t line = 0) {
  MetricSampleRecord sample;
  sample.family = family;
  sample.name = std::move(name);
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  sample.labels = std::move(labels);
  sample.value = value;
  sample.timestampMs = timestampMs;
  sample.line = line;
  return sample;
}

inline SourceDescription metricSource(const std::string& sha) {
  return SourceDescription{"/metrics/" + sha + ".prom", "prometheus", sha, 1234};
}

// Stores the batches as one source; the first failing status is returned.
inline Status storeMetrics(Workspace& ws, const std::string& sha, std::vector<MetricBatch> batches,
                           std::int64_t defaultTimeMs, MetricWriteStats* stats = nullptr) {
  MetricWriter writer(ws, metricSource(sha), defaultTimeMs);
  for (auto& batch : batches) {
    if (Status s = writer.consume(std::move(batch)); !s)
      return s;
  }
  Status s = writer.finish();
  if (stats)
    *stats = writer.stats();
  return s;
}

// A scrape of a small service: a counter with labels needing escapes, a gauge holding NaN,
// a histogram (3 buckets, sum, count) and a summary (2 quantiles, sum, count). `scale`
// multiplies the counter values so that two scrapes differ.
inline MetricBatch serviceScrape(double scale = 1) {
  MetricBatch batch;
  batch.newFamilies = {
      metricFamily("http_requests", MetricType::Counter, "Requests served.", ""),
      metricFamily("temperature", MetricType::Gauge, "Room \\ temperature\nin C", "celsius"),
      metricFamily("latency_seconds", MetricType::Histogram, "Request latency.", "seconds"),
      metricFamily("rpc_seconds", MetricType::Summary),
  };
  std::uint64_t line = 10;
  auto add = [&](std::uint32_t family, std::string name, std::vector<MetricLabel> labels,
                 double value) {
    batch.samples.push_back(
        metricSample(family, std::move(name), std::move(labels), value, std::nullopt, line++));
  };
  add(0, "http_requests_total", {{"job", "api"}, {"code", "200"}}, 100 * scale);
  add(0, "http_requests_total", {{"job", "api"}, {"code", "500"}}, 7 * scale);
  add(0, "http_requests_total", {{"path", "/a \"q\" \\ b\nc \xc3\xa9"}, {"code", "200"}},
      1 * scale);
  add(1, "temperature", {}, std::numeric_limits<double>::quiet_NaN());
  add(2, "latency_seconds_bucket", {{"le", "0.1"}}, 4);
  add(2, "latency_seconds_bucket", {{"le", "1"}}, 9);
  add(2, "latency_seconds_bucket", {{"le", "+Inf"}}, 10);
  add(2, "latency_seconds_sum", {}, 3.5);
  add(2, "latency_seconds_count", {}, 10);
  add(3, "rpc_seconds", {{"quantile", "0.5"}}, 0.25);
  add(3, "rpc_seconds", {{"quantile", "0.99"}}, std::numeric_limits<double>::infinity());
  add(3, "rpc_seconds_sum", {}, -std::numeric_limits<double>::infinity());
  add(3, "rpc_seconds_count", {}, 42);
  return batch;
}

}  // namespace sightline::test
