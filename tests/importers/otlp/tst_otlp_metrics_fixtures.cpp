// The OpenTelemetry JS SDK's real OTLP metrics bodies (tests/data/otel-js-metrics/) read into
// the metric model: names, types, labels and values as expected.json says the instruments
// were fed, cumulative and delta temporality alike, and quantiles from the histograms.

#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

#include "model/metrics/metric_math.h"
#include "tests/importers/otlp/otlp_metrics_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

const std::string kBase =
    R"(instance="checkout-1",job="shop/checkout",otel_scope_name="fixture.meter",otel_scope_version="1.2.3")";

// Every sample of one series by round (the request's ordinal, or its line: 1-based).
std::map<std::uint64_t, double> valuesOf(const MetricCollector& sink, const std::string& name,
                                         std::vector<MetricLabel> labels) {
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  const std::string key = name + canonicalLabelText(labels);
  std::map<std::uint64_t, double> out;
  for (const auto& sample : sink.samples) {
    if (sample.name + canonicalLabelText(sample.labels) == key)
      out[sample.line - 1] = sample.value;
  }
  return out;
}

std::vector<MetricLabel> base(std::vector<MetricLabel> more = {}) {
  more.push_back({"instance", "checkout-1"});
  more.push_back({"job", "shop/checkout"});
  more.push_back({"otel_scope_name", "fixture.meter"});
  more.push_back({"otel_scope_version", "1.2.3"});
  return more;
}

std::vector<double> numbers(const QJsonValue& value) {
  std::vector<double> out;
  for (const auto& v : value.toArray())
    out.push_back(v.toDouble());
  return out;
}

std::string bound(double b) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", b);
  return text;
}

// Prometheus' histogram_quantile written out on raw observations and explicit bounds: the
// bucket holding rank q·n, linear interpolation inside it, 0 as the first lower bound.
double referenceQuantile(double q, std::vector<double> values, const std::vector<double>& bounds) {
  const double rank = q * static_cast<double>(values.size());
  double lower = 0;
  double below = 0;
  for (const double upper : bounds) {
    const double inBucket = static_cast<double>(
        std::count_if(values.begin(), values.end(), [&](double v) { return v <= upper; }));
    if (inBucket >= rank)
      return lower + (upper - lower) * (rank - below) / (inBucket - below);
    lower = upper;
    below = inBucket;
  }
  return bounds.back();
}

// The buckets of one histogram series at its `round`-th distinct time.
std::vector<HistogramBucket> bucketsOf(const MetricCollector& sink, const std::string& name,
                                       std::vector<MetricLabel> labels, std::size_t round) {
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  std::map<std::int64_t, std::vector<HistogramBucket>> byTime;
  for (const auto& sample : sink.samples) {
    if (sample.name != name + "_bucket")
      continue;
    std::vector<MetricLabel> rest;
    std::string le;
    for (const auto& label : sample.labels) {
      if (label.name == "le")
        le = label.value;
      else
        rest.push_back(label);
    }
    if (rest != labels)
      continue;
    byTime[sample.timestampMs.value_or(0)].push_back(
        {le == "+Inf" ? INFINITY : std::stod(le), sample.value});
  }
  if (round >= byTime.size())
    return {};
  return std::next(byTime.begin(), static_cast<std::ptrdiff_t>(round))->second;
}

}  // namespace

class TestOtlpMetricsFixtures : public QObject {
  Q_OBJECT

 private slots:
  void values_data();
  void values();
  void protoAndJsonAgree_data();
  void protoAndJsonAgree();
  void families();
  void chunkedAndBatched();
};

void TestOtlpMetricsFixtures::values_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("format");
  QTest::addColumn<int>("rounds");
  const int proto = static_cast<int>(OtlpMetricsFormat::Proto);
  const int json = static_cast<int>(OtlpMetricsFormat::Json);
  QTest::newRow("cumulative pb") << "metrics.cumulative.otlp.pb" << proto << 1;
  QTest::newRow("cumulative json") << "metrics.cumulative.otlp.json" << json << 1;
  QTest::newRow("cumulative delimited pb") << "metrics.cumulative.delimited.otlp.pb" << proto << 2;
  QTest::newRow("cumulative jsonl") << "metrics.cumulative.otlp.jsonl" << json << 2;
  QTest::newRow("delta delimited pb") << "metrics.delta.delimited.otlp.pb" << proto << 2;
  QTest::newRow("delta jsonl") << "metrics.delta.otlp.jsonl" << json << 2;
}

void TestOtlpMetricsFixtures::values() {
  QFETCH(QString, file);
  QFETCH(int, format);
  QFETCH(int, rounds);
  const bool delta = file.contains(QStringLiteral("delta"));
  MetricCollector sink;
  const std::string message =
      readOtlpMetrics(fileBytes(testData("otel-js-metrics/" + file.toStdString())),
                      static_cast<OtlpMetricsFormat>(format), sink);
  QVERIFY2(message.empty(), message.c_str());
  QVERIFY(sink.snapshotTimes);
  for (const auto& sample : sink.samples)
    QVERIFY2(sample.timestampMs && *sample.timestampMs > 1700000000000, sample.name.c_str());

  const QJsonObject expected = otelJsMetricsExpected();
  const std::vector<double> bounds = numbers(expected[QStringLiteral("bounds")]);
  const QJsonArray expectedRounds = expected[QStringLiteral("rounds")].toArray();
  for (int r = 0; r < rounds; ++r) {
    const QJsonObject round = expectedRounds[r].toObject();
    // A delta series without new measurements in a round has no point in it.
    const QJsonObject previous = r > 0 ? expectedRounds[r - 1].toObject() : QJsonObject();
    const auto at = [r](const std::map<std::uint64_t, double>& values) {
      const auto found = values.find(static_cast<std::uint64_t>(r));
      return found == values.end() ? NAN : found->second;
    };
    const QJsonObject requests = round[QStringLiteral("requests")].toObject();
    for (auto it = requests.begin(); it != requests.end(); ++it) {
      const QStringList parts = it.key().split(QLatin1Char(' '));
      const double got =
          at(valuesOf(sink, "http_server_requests_total",
                      base({{"http_request_method", parts[0].toStdString()},
                            {"http_response_status_code", parts[1].toStdString()}})));
      if (std::isnan(got) && delta &&
          previous[QStringLiteral("requests")].toObject()[it.key()] == it.value())
        continue;
      QCOMPARE(got, it.value().toDouble());
    }
    const QJsonObject bytes = round[QStringLiteral("bytes")].toObject();
    for (auto it = bytes.begin(); it != bytes.end(); ++it) {
      QCOMPARE(at(valuesOf(sink, "network_io_bytes_total",
                           base({{"network_io_direction", it.key().toStdString()}}))),
               it.value().toDouble());
    }
    const QJsonObject widgets = round[QStringLiteral("widgets")].toObject();
    for (auto it = widgets.begin(); it != widgets.end(); ++it) {
      const double got =
          at(valuesOf(sink, "widgets_made_total", base({{"widget_size", it.key().toStdString()}})));
      if (std::isnan(got) && delta &&
          previous[QStringLiteral("widgets")].toObject()[it.key()] == it.value())
        continue;
      QCOMPARE(got, it.value().toDouble());
    }
    QCOMPARE(at(valuesOf(sink, "queue_depth", base())), round[QStringLiteral("queue")].toDouble());
    QCOMPARE(at(valuesOf(sink, "process_memory_usage_bytes", base())),
             round[QStringLiteral("memory")].toDouble());
    QCOMPARE(at(valuesOf(sink, "system_cpu_utilization_ratio", base({{"cpu_mode", "user"}}))),
             round[QStringLiteral("cpu")].toDouble());
    QCOMPARE(at(valuesOf(sink, "target_info",
                         {{"deployment_environment", "test"},
                          {"host_name", "fixture-host"},
                          {"instance", "checkout-1"},
                          {"job", "shop/checkout"}})),
             1.0);

    // The explicit histogram: every bucket, sum, count and quantiles.
    std::vector<double> durations = numbers(round[QStringLiteral("durations")]);
    const auto route = base({{"http_route", "/checkout"}});
    const std::string duration = "http_server_request_duration_seconds";
    for (const double b : bounds) {
      auto labels = route;
      labels.push_back({"le", bound(b)});
      const auto below =
          std::count_if(durations.begin(), durations.end(), [b](double v) { return v <= b; });
      QCOMPARE(at(valuesOf(sink, duration + "_bucket", labels)), static_cast<double>(below));
    }
    auto inf = route;
    inf.push_back({"le", "+Inf"});
    QCOMPARE(at(valuesOf(sink, duration + "_bucket", inf)), static_cast<double>(durations.size()));
    QCOMPARE(at(valuesOf(sink, duration + "_count", route)), static_cast<double>(durations.size()));
    double total = 0;
    for (const double d : durations)
      total += d;
    QVERIFY(std::abs(at(valuesOf(sink, duration + "_sum", route)) - total) < 1e-9);
    for (const double q : {0.5, 0.9, 0.99}) {
      const double got = histogramQuantile(q, bucketsOf(sink, duration, route, r));
      QVERIFY2(std::abs(got - referenceQuantile(q, durations, bounds)) < 1e-12,
               qPrintable(QStringLiteral("q=%1 got %2").arg(q).arg(got)));
    }

    // The exponential histogram: count, sum, monotonic buckets and quantiles within one
    // bucket's width of the exact quantile of what was recorded.
    std::vector<double> db = numbers(round[QStringLiteral("dbMs")]);
    std::sort(db.begin(), db.end());
    const auto system = base({{"db_system", "postgresql"}});
    const std::string dbName = "db_client_operation_duration_milliseconds";
    QCOMPARE(at(valuesOf(sink, dbName + "_count", system)), static_cast<double>(db.size()));
    double dbTotal = 0;
    for (const double d : db)
      dbTotal += d;
    QVERIFY(std::abs(at(valuesOf(sink, dbName + "_sum", system)) - dbTotal) < 1e-9);
    const auto dbBuckets = bucketsOf(sink, dbName, system, r);
    QVERIFY(dbBuckets.size() > 2);
    for (std::size_t i = 1; i < dbBuckets.size(); ++i) {
      QVERIFY(dbBuckets[i].upperBound > dbBuckets[i - 1].upperBound);
      QVERIFY(dbBuckets[i].count >= dbBuckets[i - 1].count);
    }
    // Every observation is counted at or below the first bound not smaller than it.
    for (const double v : db) {
      const auto it = std::find_if(dbBuckets.begin(), dbBuckets.end(),
                                   [v](const HistogramBucket& b) { return b.upperBound >= v; });
      QVERIFY(it != dbBuckets.end());
      const auto atMost =
          std::count_if(db.begin(), db.end(), [&](double x) { return x <= it->upperBound; });
      QCOMPARE(it->count, static_cast<double>(atMost));
    }
    for (const double q : {0.25, 0.5, 0.9}) {
      const double got = histogramQuantile(q, dbBuckets);
      const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(db.size())));
      const double exact = db[std::max<std::size_t>(rank, 1) - 1];
      const auto holder =
          std::find_if(dbBuckets.begin(), dbBuckets.end(),
                       [exact](const HistogramBucket& b) { return b.upperBound >= exact; });
      QVERIFY(holder != dbBuckets.begin() && holder != dbBuckets.end());
      const double width = holder->upperBound - std::prev(holder)->upperBound;
      QVERIFY2(std::abs(got - exact) <= width * 1.0001,
               qPrintable(QStringLiteral("q=%1 got %2 exact %3").arg(q).arg(got).arg(exact)));
    }
  }
}

void TestOtlpMetricsFixtures::protoAndJsonAgree_data() {
  QTest::addColumn<QString>("proto");
  QTest::addColumn<QString>("json");
  QTest::newRow("cumulative") << "metrics.cumulative.otlp.pb"
                              << "metrics.cumulative.otlp.json";
  QTest::newRow("cumulative, two requests") << "metrics.cumulative.delimited.otlp.pb"
                                            << "metrics.cumulative.otlp.jsonl";
  QTest::newRow("delta, two requests") << "metrics.delta.delimited.otlp.pb"
                                       << "metrics.delta.otlp.jsonl";
}

void TestOtlpMetricsFixtures::protoAndJsonAgree() {
  QFETCH(QString, proto);
  QFETCH(QString, json);
  MetricCollector fromProto;
  MetricCollector fromJson;
  QCOMPARE(readOtlpMetrics(fileBytes(testData("otel-js-metrics/" + proto.toStdString())),
                           OtlpMetricsFormat::Proto, fromProto),
           std::string());
  QCOMPARE(readOtlpMetrics(fileBytes(testData("otel-js-metrics/" + json.toStdString())),
                           OtlpMetricsFormat::Json, fromJson),
           std::string());
  QCOMPARE(dumpMetrics(fromJson), dumpMetrics(fromProto));
}

void TestOtlpMetricsFixtures::families() {
  MetricCollector sink;
  QCOMPARE(readOtlpMetrics(fileBytes(testData("otel-js-metrics/metrics.cumulative.otlp.pb")),
                           OtlpMetricsFormat::Proto, sink),
           std::string());
  const std::map<std::string, MetricType> expected = {
      {"http_server_requests", MetricType::Counter},
      {"network_io_bytes", MetricType::Counter},
      {"widgets_made", MetricType::Counter},
      {"queue_depth", MetricType::Gauge},
      {"process_memory_usage_bytes", MetricType::Gauge},
      {"system_cpu_utilization_ratio", MetricType::Gauge},
      {"http_server_request_duration_seconds", MetricType::Histogram},
      {"db_client_operation_duration_milliseconds", MetricType::Histogram},
      {"target_info", MetricType::Gauge},
  };
  QCOMPARE(sink.families.size(), expected.size());
  for (const auto& family : sink.families) {
    const auto found = expected.find(family.name);
    QVERIFY2(found != expected.end(), family.name.c_str());
    QCOMPARE(family.type, found->second);
  }
  QCOMPARE(sink.family("http_server_request_duration_seconds")->unit, std::string("seconds"));
  QCOMPARE(sink.family("network_io_bytes")->unit, std::string("bytes"));
}

void TestOtlpMetricsFixtures::chunkedAndBatched() {
  const std::string data = fileBytes(testData("otel-js-metrics/metrics.delta.delimited.otlp.pb"));
  MetricCollector whole;
  QCOMPARE(readOtlpMetrics(data, OtlpMetricsFormat::Proto, whole), std::string());
  MetricCollector pieces;
  QCOMPARE(readOtlpMetrics(data, OtlpMetricsFormat::Proto, pieces, nullptr, 7, 5), std::string());
  QVERIFY(pieces.batches > 1);
  QVERIFY(pieces.largestBatch <= 5);
  QCOMPARE(dumpMetrics(pieces), dumpMetrics(whole));
}

QTEST_GUILESS_MAIN(TestOtlpMetricsFixtures)
#include "tst_otlp_metrics_fixtures.moc"
