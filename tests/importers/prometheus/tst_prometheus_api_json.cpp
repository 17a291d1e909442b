#include <QtTest>

#include "tests/importers/prometheus/prometheus_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

std::string readApi(const std::string& data, MetricCollector& sink, DecodeError* error = nullptr,
                    std::size_t batchSize = 10000, const char* resultName = "query_result") {
  MemoryByteSource source(data, 4096);
  ReaderContext context;
  context.batchSize = batchSize;
  DecodeError decodeError;
  const bool ok = readPrometheusApiJson(source, sink, context, decodeError, resultName);
  if (error)
    *error = decodeError;
  return ok ? std::string() : decodeError.message;
}

MetricCollector readApiOrFail(const std::string& data, const char* resultName = "query_result") {
  MetricCollector sink;
  const std::string error = readApi(data, sink, nullptr, 10000, resultName);
  if (!error.empty())
    qFatal("API answer not read: %s", error.c_str());
  return sink;
}

std::string serverAnswer(const std::string& name) {
  return fileBytes(testData("prometheus/prometheus-server/" + name));
}

}  // namespace

class TestPrometheusApiJson : public QObject {
  Q_OBJECT

 private slots:
  // The answers of a real Prometheus 2.42 (tests/data/prometheus/prometheus-server).
  void serverAnswers_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("series");
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("instants");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("type");
    auto row = [](const char* file, int series, int points, int instants, const char* family,
                  const char* type) {
      QTest::newRow(file) << QString::fromLatin1(file) << series << points << instants
                          << QString::fromLatin1(family) << QString::fromLatin1(type);
    };
    row("api-query-vector.json", 10, 10, 1, "http_requests_total", "counter");
    row("api-query-matrix.json", 10, 116, 12, "http_requests_total", "counter");
    row("api-query-range-rate.json", 10, 106, 11, "api_query_range_rate", "untyped");
    row("api-query-range-quantile.json", 3, 33, 11, "api_query_range_quantile", "untyped");
    row("api-query-range-gauge.json", 1, 12, 12, "cache_entries", "untyped");
    row("api-query-scalar.json", 1, 1, 1, "api_query_scalar", "untyped");
    row("fixtures-samples-scraped.json", 15, 15, 1, "scrape_samples_scraped", "untyped");
  }
  void serverAnswers() {
    QFETCH(QString, file);
    QFETCH(int, series);
    QFETCH(int, points);
    QFETCH(int, instants);
    QFETCH(QString, family);
    QFETCH(QString, type);
    const std::string name = apiResultName(file.toStdString());
    const MetricCollector sink = readApiOrFail(serverAnswer(file.toStdString()), name.c_str());
    QVERIFY(sink.snapshotTimes);
    QCOMPARE(int(sink.samples.size()), points);
    std::set<std::string> seriesKeys;
    std::set<std::int64_t> times;
    for (const auto& sample : sink.samples) {
      seriesKeys.insert(sample.name + canonicalLabelText(sample.labels));
      QVERIFY(sample.timestampMs.has_value());
      times.insert(*sample.timestampMs);
    }
    QCOMPARE(int(seriesKeys.size()), series);
    QCOMPARE(int(times.size()), instants);
    QCOMPARE(sink.families.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(sink.families[0].name), family);
    QCOMPARE(QString::fromLatin1(metricTypeName(sink.families[0].type)), type);
  }

  void valuesAndTimes() {
    const MetricCollector vector = readApiOrFail(serverAnswer("api-query-vector.json"));
    const MetricSampleRecord* first = vector.sample(
        "http_requests_total{code=\"200\",instance=\"127.0.0.1:35579\",job=\"quantile\","
        "method=\"DELETE\",route=\"/v1/orders/{id}\"}");
    QVERIFY(first);
    QCOMPARE(first->value, 284.0);
    QCOMPARE(*first->timestampMs, std::int64_t(1795691498924));

    const MetricCollector quantile = readApiOrFail(serverAnswer("api-query-range-quantile.json"));
    QCOMPARE(quantile.samples[0].name, std::string("query_result"));
    QCOMPARE(canonicalLabelText(quantile.samples[0].labels), std::string("{method=\"DELETE\"}"));
    QVERIFY(std::isnan(quantile.samples[0].value));
    QCOMPARE(*quantile.samples[0].timestampMs, std::int64_t(1795691489000));
    QCOMPARE(quantile.samples[3].value, 0.0835714285714286);

    const MetricCollector scalar = readApiOrFail(serverAnswer("api-query-scalar.json"));
    QCOMPARE(scalar.samples.size(), std::size_t(1));
    QCOMPARE(scalar.samples[0].value, 2.0);
    QVERIFY(scalar.samples[0].labels.empty());
    QCOMPARE(*scalar.samples[0].timestampMs, std::int64_t(1795691498924));
  }

  void familyTypesFromNames() {
    const std::string answer = R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"__name__":"h_bucket","le":"0.5","job":"a"},"value":[10,"1"]},
      {"metric":{"__name__":"h_bucket","le":"+Inf","job":"a"},"value":[10,"3"]},
      {"metric":{"__name__":"h_sum","job":"a"},"value":[10,"2.5"]},
      {"metric":{"__name__":"h_count","job":"a"},"value":[10,"3"]},
      {"metric":{"__name__":"s","quantile":"0.9"},"value":[10,"+Inf"]},
      {"metric":{"__name__":"s_count"},"value":[10,"-Inf"]},
      {"metric":{"__name__":"other_count"},"value":[10,"4"]},
      {"metric":{"__name__":"c_total"},"value":[10.5,"7"]},
      {"metric":{"__name__":"g"},"value":[10,"1e3"]}]}})";
    const MetricCollector sink = readApiOrFail(answer);
    QStringList families;
    for (const auto& family : sink.families)
      families << QString::fromStdString(family.name + " " + metricTypeName(family.type));
    QCOMPARE(families.join(QStringLiteral(", ")),
             QStringLiteral("h histogram, s summary, other_count untyped, c_total counter, "
                            "g untyped"));
    QCOMPARE(sink.samples[2].family, std::uint32_t(0));  // h_sum
    QCOMPARE(sink.samples[5].family, std::uint32_t(1));  // s_count
    QCOMPARE(sink.samples[4].value, std::numeric_limits<double>::infinity());
    QCOMPARE(*sink.samples[7].timestampMs, std::int64_t(10500));
    QCOMPARE(sink.samples[8].value, 1000.0);
  }

  void batches() {
    MetricCollector sink;
    QCOMPARE(readApi(serverAnswer("api-query-matrix.json"), sink, nullptr, 25), std::string());
    QCOMPARE(sink.samples.size(), std::size_t(116));
    QCOMPARE(sink.largestBatch, std::size_t(25));
    QCOMPARE(sink.batches, std::size_t(5));
  }

  void badAnswers_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, const char* input, const char* message) {
      QTest::newRow(name) << QString::fromUtf8(input) << QString::fromUtf8(message);
    };
    row("server error",
        R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected"})",
        "the Prometheus server answered with an error: bad_data: 1:5: parse error: unexpected");
    row("string result", R"({"status":"success","data":{"resultType":"string","result":[1,"x"]}})",
        "a string result holds no metric points");
    row("unknown result type",
        R"({"status":"success","data":{"resultType":"streams","result":[]}})",
        "unknown resultType \"streams\"");
    row("no status", R"({"data":{}})", "with a \"status\" string");
    row("odd status", R"({"status":"partial"})", "\"status\" to be \"success\" or \"error\"");
    row("no data", R"({"status":"success"})", "expected a \"data\" object");
    row("result not an array", R"({"status":"success","data":{"resultType":"vector","result":{}}})",
        "data.result: expected an array of series, found an object");
    row("no metric", R"({"status":"success","data":{"resultType":"vector","result":[{}]}})",
        "data.result[0]: expected a \"metric\" object");
    row("label not a string",
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}})",
        "expected label a to be a string");
    row("bad pair",
        R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2]]}]}})",
        "data.result[0].values[1]: expected a [time, \"value\"] pair");
    row("bad value",
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"lots"]}]}})",
        "data.result[0].value: bad sample value \"lots\"");
    row("bad time",
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["now","1"]}]}})",
        "expected the time in seconds");
    row("no values",
        R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}})",
        "expected a \"values\" array");
    row("native histogram",
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{}]}]}})",
        "native histograms are not supported");
    row("duplicate series",
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"1"},"value":[1,"2"]}]}})",
        "series query_result{a=\"1\"} appears twice");
    row("invalid JSON", R"({"status":"success",)", "invalid JSON");
    row("not an object", "[1,2]", "expected a Prometheus API response object, found an array");
    row("empty", "  \n", "found no data");
  }
  void badAnswers() {
    QFETCH(QString, input);
    QFETCH(QString, message);
    MetricCollector sink;
    const std::string what = readApi(input.toStdString(), sink);
    QVERIFY2(QString::fromStdString(what).contains(message), what.c_str());
  }

  void resultNames_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("/tmp/api-query-range-rate.json")
                           << QStringLiteral("api_query_range_rate");
    QTest::newRow("compressed") << QStringLiteral("dir/p99 by route.json.gz")
                                << QStringLiteral("p99_by_route");
    QTest::newRow("digit first") << QStringLiteral("5m.json") << QStringLiteral("_5m");
    QTest::newRow("windows") << QStringLiteral("C:\\x\\rate.json") << QStringLiteral("rate");
    QTest::newRow("none") << QString() << QStringLiteral("query_result");
    QTest::newRow("dot file") << QStringLiteral(".json") << QStringLiteral("query_result");
  }
  void resultNames() {
    QFETCH(QString, path);
    QFETCH(QString, name);
    QCOMPARE(QString::fromStdString(apiResultName(path.toStdString())), name);
  }

  void formatReaderNamesResultsAfterTheFile() {
    MetricCollector sink;
    MemoryByteSource source(serverAnswer("api-query-range-quantile.json"));
    ReaderContext context;
    context.metrics = &sink;
    context.sourcePath = "/tmp/p99 by method.json.gz";
    DecodeError error;
    PrometheusApiJsonReader reader;
    QVERIFY2(reader.read(source, context, error), error.message.c_str());
    QCOMPARE(sink.families.size(), std::size_t(1));
    QCOMPARE(sink.families[0].name, std::string("p99_by_method"));
    QCOMPARE(sink.samples[0].name, std::string("p99_by_method"));
  }

  void sniffer() {
    auto score = [](const std::string& head) {
      return sniffPrometheusApiJson(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(head.data()), head.size()));
    };
    QCOMPARE(score(serverAnswer("api-query-matrix.json").substr(0, 4096)), 95);
    QCOMPARE(score(R"({"status":"error","errorType":"bad_data","error":"x"})"), 80);
    QCOMPARE(score(R"({"resourceSpans":[]})"), 0);
    QCOMPARE(score("# TYPE x gauge\n"), 0);
  }
};

QTEST_GUILESS_MAIN(TestPrometheusApiJson)
#include "tst_prometheus_api_json.moc"
