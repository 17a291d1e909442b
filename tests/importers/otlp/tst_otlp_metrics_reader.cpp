// OTLP metrics readers on hand-built input: the naming rules, delta accumulation, summaries,
// and bad input (malformed, truncated, inconsistent) failing with a clear error and nothing
// sent to the sink.

#include <QTest>

#include "importers/otlp/otlp_metrics.pb.h"
#include "importers/otlp/otlp_metrics_naming.h"
#include "tests/importers/otlp/otlp_metrics_test_support.h"

using namespace sightline;
using namespace sightline::test;

Q_DECLARE_METATYPE(sightline::MetricType)

namespace {

otlp::ExportMetricsServiceRequest deltaCounterRequest(double value, std::uint64_t timeNs) {
  otlp::ExportMetricsServiceRequest request;
  auto* resource = request.add_resource_metrics();
  auto* name = resource->mutable_resource()->add_attributes();
  name->set_key("service.name");
  name->mutable_value()->set_string_value("api");
  auto* metric = resource->add_scope_metrics()->add_metrics();
  metric->set_name("jobs.done");
  metric->set_unit("{job}");
  auto* sum = metric->mutable_sum();
  sum->set_is_monotonic(true);
  sum->set_aggregation_temporality(otlp::AGGREGATION_TEMPORALITY_DELTA);
  auto* point = sum->add_data_points();
  point->set_time_unix_nano(timeNs);
  point->set_as_double(value);
  auto* attribute = point->add_attributes();
  attribute->set_key("1st.kind");
  attribute->mutable_value()->set_int_value(7);
  return request;
}

std::string delimited(const std::vector<otlp::ExportMetricsServiceRequest>& requests) {
  std::string out;
  for (const auto& request : requests) {
    const std::string body = request.SerializeAsString();
    std::uint64_t n = body.size();
    do {
      out.push_back(static_cast<char>((n & 0x7f) | (n > 0x7f ? 0x80 : 0)));
      n >>= 7;
    } while (n);
    out += body;
  }
  return out;
}

}  // namespace

class TestOtlpMetricsReader : public QObject {
  Q_OBJECT

 private slots:
  void names_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<MetricType>("type");
    QTest::addColumn<QString>("expected");
    QTest::newRow("seconds") << "http.server.duration"
                             << "s" << MetricType::Histogram << "http_server_duration_seconds";
    QTest::newRow("bytes counter") << "network.io"
                                   << "By" << MetricType::Counter << "network_io_bytes";
    QTest::newRow("annotation dropped") << "http.requests"
                                        << "{request}" << MetricType::Counter << "http_requests";
    QTest::newRow("ratio gauge") << "cpu.utilization"
                                 << "1" << MetricType::Gauge << "cpu_utilization_ratio";
    QTest::newRow("unit 1 counter") << "widgets"
                                    << "1" << MetricType::Counter << "widgets";
    QTest::newRow("per second") << "throughput"
                                << "By/s" << MetricType::Gauge << "throughput_bytes_per_second";
    QTest::newRow("suffix not doubled") << "latency_seconds"
                                        << "s" << MetricType::Gauge << "latency_seconds";
    QTest::newRow("counter with _total") << "hits_total"
                                         << "" << MetricType::Counter << "hits";
    QTest::newRow("invalid characters")
        << "my-app/req count"
        << "ms" << MetricType::Gauge << "my_app_req_count_milliseconds";
    QTest::newRow("leading digit") << "2xx.responses"
                                   << "" << MetricType::Gauge << "_2xx_responses";
    QTest::newRow("unknown unit") << "temperature"
                                  << "Cel" << MetricType::Gauge << "temperature_celsius";
  }
  void names() {
    QFETCH(QString, name);
    QFETCH(QString, unit);
    QFETCH(MetricType, type);
    QFETCH(QString, expected);
    QCOMPARE(prometheusMetricName(name.toStdString(), unit.toStdString(), type),
             expected.toStdString());
  }

  void labelNames() {
    QCOMPARE(sanitizeLabelName("http.route"), std::string("http_route"));
    QCOMPARE(sanitizeLabelName("1st.kind"), std::string("key_1st_kind"));
    QCOMPARE(sanitizeLabelName("ok_name"), std::string("ok_name"));
  }

  // Delta points become running totals per series; job from service.name alone.
  void deltaAccumulates() {
    const std::string data = delimited({deltaCounterRequest(2, 1'000'000'000'000'000'000ull),
                                        deltaCounterRequest(3, 1'000'000'010'000'000'000ull),
                                        deltaCounterRequest(0.5, 1'000'000'020'000'000'000ull)});
    MetricCollector sink;
    QCOMPARE(readOtlpMetrics(data, OtlpMetricsFormat::Proto, sink), std::string());
    QCOMPARE(sink.samples.size(), std::size_t{3});
    for (const auto& sample : sink.samples) {
      QCOMPARE(sample.name + canonicalLabelText(sample.labels),
               std::string(R"(jobs_done_total{job="api",key_1st_kind="7"})"));
    }
    QCOMPARE(sink.samples[0].value, 2.0);
    QCOMPARE(sink.samples[1].value, 5.0);
    QCOMPARE(sink.samples[2].value, 5.5);
    QCOMPARE(*sink.samples[1].timestampMs, std::int64_t{1'000'000'010'000});
    QCOMPARE(sink.families.size(), std::size_t{1});
    QCOMPARE(sink.families[0].type, MetricType::Counter);
  }

  void summary() {
    const std::string json = R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
      {"name":"rpc.latency","unit":"ms","summary":{"dataPoints":[
        {"timeUnixNano":"1700000000000000000","count":"10","sum":42.5,
         "quantileValues":[{"quantile":0.5,"value":3},{"quantile":0.99,"value":"NaN"}]}]}}]}]}]})";
    MetricCollector sink;
    QCOMPARE(readOtlpMetrics(json, OtlpMetricsFormat::Json, sink), std::string());
    QCOMPARE(sink.families.size(), std::size_t{1});
    QCOMPARE(sink.families[0].type, MetricType::Summary);
    QCOMPARE(sink.families[0].name, std::string("rpc_latency_milliseconds"));
    QVERIFY(sink.sample(R"(rpc_latency_milliseconds{quantile="0.5"})"));
    QCOMPARE(sink.sample(R"(rpc_latency_milliseconds{quantile="0.5"})")->value, 3.0);
    QVERIFY(std::isnan(sink.sample(R"(rpc_latency_milliseconds{quantile="0.99"})")->value));
    QCOMPARE(sink.sample("rpc_latency_milliseconds_sum")->value, 42.5);
    QCOMPARE(sink.sample("rpc_latency_milliseconds_count")->value, 10.0);
  }

  void badInput_data() {
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("proto");
    QTest::addColumn<QString>("message");
    const std::string body = fileBytes(testData("otel-js-metrics/metrics.cumulative.otlp.pb"));
    const std::string twoRequests =
        fileBytes(testData("otel-js-metrics/metrics.cumulative.delimited.otlp.pb"));
    const std::string jsonl = fileBytes(testData("otel-js-metrics/metrics.cumulative.otlp.jsonl"));
    QTest::newRow("empty proto") << QByteArray() << true << "found no data";
    QTest::newRow("truncated proto")
        << QByteArray::fromStdString(body.substr(0, body.size() / 2)) << true
        << "malformed or truncated ExportMetricsServiceRequest";
    QTest::newRow("truncated second request")
        << QByteArray::fromStdString(twoRequests.substr(0, twoRequests.size() - 10)) << true
        << "truncated input";
    QTest::newRow("garbage proto")
        << QByteArray("\x0a\xff\xff\xff\xff\xff\xff\xff", 8) << true << "malformed or truncated";
    QTest::newRow("empty json") << QByteArray("  \n") << false << "found no data";
    QTest::newRow("truncated json line")
        << QByteArray::fromStdString(jsonl.substr(0, jsonl.size() - 30)) << false << "invalid JSON";
    QTest::newRow("wrong type")
        << QByteArray(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
        {"name":"x","sum":{"dataPoints":[{"asInt":"many"}]}}]}]}]})")
        << false << "resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].asInt";
    QTest::newRow("no data") << QByteArray(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
        {"name":"lonely"}]}]}]})")
                             << false << "metric lonely: no data";
    QTest::newRow("bucket count mismatch")
        << QByteArray(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h",
        "histogram":{"dataPoints":[{"count":"3","bucketCounts":["1","2"],"explicitBounds":[1,2]}]}}]}]}]})")
        << false << "needs 3 bucket counts, found 2";
  }
  void badInput() {
    QFETCH(QByteArray, data);
    QFETCH(bool, proto);
    QFETCH(QString, message);
    MetricCollector sink;
    const std::string error = readOtlpMetrics(
        data.toStdString(), proto ? OtlpMetricsFormat::Proto : OtlpMetricsFormat::Json, sink);
    QVERIFY2(error.find(message.toStdString()) != std::string::npos, error.c_str());
    QCOMPARE(sink.batches, std::size_t{0});
    QVERIFY(sink.samples.empty());
  }

  void sinkRefusal() {
    MetricCollector sink;
    sink.refuse = true;
    const std::string error =
        readOtlpMetrics(fileBytes(testData("otel-js-metrics/metrics.cumulative.otlp.json")),
                        OtlpMetricsFormat::Json, sink);
    QCOMPARE(error, std::string("disk full"));
  }
};

QTEST_GUILESS_MAIN(TestOtlpMetricsReader)
#include "tst_otlp_metrics_reader.moc"
