#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <map>

#include "model/metrics/metric_red.h"
#include "tests/model/metrics/tst_metric_table_spec.h"

using namespace sightline;
using sightline::test::formatNumber;
using sightline::test::parseMetricTable;

namespace {

// One line per overview: "service|protocol|request series|latency series|errors known:"
// then "requests/s,error ratio,latency" per interval, separated by ' '.
QByteArray describe(const std::vector<RedServiceOverview>& overviews) {
  QByteArrayList lines;
  for (const RedServiceOverview& o : overviews) {
    QByteArray line = QByteArray::fromStdString(o.service) + '|' +
                      QByteArray::fromStdString(o.protocol) + '|' +
                      QByteArray::fromStdString(o.requestSeries) + '|' +
                      QByteArray::fromStdString(o.latencySeries) + '|' +
                      (o.errorsKnown ? "errors" : "no errors") + ':';
    for (const RedInterval& i : o.intervals) {
      line += ' ' + formatNumber(i.requestsPerSecond) + ',' + formatNumber(i.errorRatio) + ',' +
              formatNumber(i.latencySeconds);
    }
    lines << line;
  }
  return lines.join('\n');
}

// The go-client fixture's snapshots as a table, read just well enough for this test (the
// real exposition parser lives in importers/).
MetricSeriesTable readGoClientSnapshots() {
  const QString dir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus/go-client/");
  MetricSeriesTable table;
  QFile timesFile(dir + QStringLiteral("snapshot-times.json"));
  if (!timesFile.open(QIODevice::ReadOnly)) {
    return table;
  }
  const QJsonObject times = QJsonDocument::fromJson(timesFile.readAll()).object();
  static const QRegularExpression labelPattern(QStringLiteral("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\""));
  std::map<std::string, std::size_t> seriesIndex;  // name + label text → row
  std::map<std::string, MetricType> types;
  for (int n = 1; n <= 3; ++n) {
    const QString name = QStringLiteral("snapshot-%1").arg(n);
    table.snapshotTimesMs.push_back(static_cast<std::int64_t>(times[name].toDouble()));
    QFile file(dir + name + QStringLiteral(".prom"));
    if (!file.open(QIODevice::ReadOnly)) {
      return {};
    }
    while (!file.atEnd()) {
      const QString line = QString::fromUtf8(file.readLine()).trimmed();
      if (line.startsWith(QStringLiteral("# TYPE "))) {
        const QStringList words = line.split(QLatin1Char(' '));
        types[words[2].toStdString()] =
            parseMetricType(words[3].toStdString()).value_or(MetricType::Untyped);
      }
      if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
        continue;
      }
      const qsizetype brace = line.indexOf(QLatin1Char('{'));
      const qsizetype close = line.lastIndexOf(QLatin1Char('}'));
      const qsizetype split = brace >= 0 ? close + 1 : line.indexOf(QLatin1Char(' '));
      MetricSeriesValues series;
      series.name = line.left(brace >= 0 ? brace : split).toStdString();
      auto it = labelPattern.globalMatch(brace >= 0 ? line.mid(brace, close - brace) : QString());
      while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        series.labels.push_back(
            MetricLabel{m.captured(1).toStdString(), m.captured(2).toStdString()});
      }
      std::sort(series.labels.begin(), series.labels.end(),
                [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
      const std::string key = series.name + canonicalLabelText(series.labels);
      auto [row, added] = seriesIndex.emplace(key, table.series.size());
      if (added) {
        series.family = test::familyOf(series.name, MetricType::Histogram);
        series.type = types.count(series.family) ? types[series.family] : MetricType::Untyped;
        table.series.push_back(std::move(series));
      }
      std::vector<std::optional<double>>& values = table.series[row->second].values;
      values.resize(static_cast<std::size_t>(n));
      values[static_cast<std::size_t>(n - 1)] = line.mid(split).trimmed().toDouble();
    }
  }
  for (MetricSeriesValues& series : table.series) {
    series.values.resize(3);
  }
  return table;
}

}  // namespace

class TestMetricRed : public QObject {
  Q_OBJECT

 private slots:
  void overview_data() {
    QTest::addColumn<QByteArray>("table");
    QTest::addColumn<QByteArray>("expected");

    // Interval 1: 110 requests in 10 s, 10 of them 500s; bucket increases 50/110/110 put
    // the 99th percentile (rank 108.9) in (0.1, 0.5]: 0.1 + 0.4 · 58.9/60.
    // Interval 2: 200 requests, none failed; increases 50/200/200: 0.1 + 0.4 · 148/150.
    QTest::newRow("Prometheus client conventions")
        << QByteArray(
               "@ 0 10 20;"
               "counter http_requests_total{code=\"200\",job=\"api\"} 100 200 400;"
               "counter http_requests_total{code=\"500\",job=\"api\"} 0 10 10;"
               "histogram http_request_duration_seconds_bucket{job=\"api\",le=\"0.1\"} 50 100 150;"
               "histogram http_request_duration_seconds_bucket{job=\"api\",le=\"0.5\"} 90 200 400;"
               "histogram http_request_duration_seconds_bucket{job=\"api\",le=\"+Inf\"} 100 210 "
               "410;"
               "histogram http_request_duration_seconds_count{job=\"api\"} 100 210 410")
        << QByteArray(
               "api|HTTP server|http_requests_total|http_request_duration_seconds|"
               "errors: 11,0.0909091,0.492667 20,0,0.494667");

    // service_name wins over job; 5xx counted from the _count series' status code.
    QTest::newRow("OpenTelemetry HTTP semantic conventions")
        << QByteArray(
               "@ 0 60;"
               "histogram "
               "http_server_request_duration_seconds_count{http_response_status_code=\"200\",job="
               "\"collector\",service_name=\"cart\"} 10 70;"
               "histogram "
               "http_server_request_duration_seconds_count{http_response_status_code=\"503\",job="
               "\"collector\",service_name=\"cart\"} 0 60;"
               "histogram "
               "http_server_request_duration_seconds_bucket{http_response_status_code=\"200\",le="
               "\"0.25\",service_name=\"cart\"} 10 70;"
               "histogram "
               "http_server_request_duration_seconds_bucket{http_response_status_code=\"200\",le="
               "\"+Inf\",service_name=\"cart\"} 10 70;"
               "histogram "
               "http_server_request_duration_seconds_bucket{http_response_status_code=\"503\",le="
               "\"0.25\",service_name=\"cart\"} 0 0;"
               "histogram "
               "http_server_request_duration_seconds_bucket{http_response_status_code=\"503\",le="
               "\"+Inf\",service_name=\"cart\"} 0 60")
        << QByteArray(
               "cart|HTTP server|http_server_request_duration_seconds_count|"
               "http_server_request_duration_seconds|errors: 2,0.5,0.25");

    // Old semantic conventions record milliseconds: 99th of increases 40/100 (rank 99) lies
    // in (100, 250] ms: 100 + 150 · 59/60 ms.
    QTest::newRow("OpenTelemetry http.server.duration in milliseconds")
        << QByteArray(
               "@ 0 10;"
               "histogram "
               "http_server_duration_bucket{http_status_code=\"200\",service=\"web\",le=\"100\"} 0 "
               "40;"
               "histogram "
               "http_server_duration_bucket{http_status_code=\"200\",service=\"web\",le=\"250\"} 0 "
               "100;"
               "histogram "
               "http_server_duration_bucket{http_status_code=\"200\",service=\"web\",le=\"+Inf\"} "
               "0 100;"
               "histogram http_server_duration_count{http_status_code=\"200\",service=\"web\"} 0 "
               "100")
        << QByteArray(
               "web|HTTP server|http_server_duration_count|http_server_duration|"
               "errors: 10,0,0.2475");

    QTest::newRow("gRPC: every code but OK is an error")
        << QByteArray(
               "@ 0 5;"
               "counter "
               "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Pay\",job=\"pay\"} 0 40;"
               "counter "
               "grpc_server_handled_total{grpc_code=\"Unavailable\",grpc_method=\"Pay\",job="
               "\"pay\"} 0 5;"
               "counter "
               "grpc_server_handled_total{grpc_code=\"NotFound\",grpc_method=\"Pay\",job=\"pay\"} "
               "0 5;"
               "histogram "
               "grpc_server_handling_seconds_bucket{grpc_method=\"Pay\",job=\"pay\",le=\"0.005\"} "
               "0 50;"
               "histogram "
               "grpc_server_handling_seconds_bucket{grpc_method=\"Pay\",job=\"pay\",le=\"+Inf\"} 0 "
               "50")
        << QByteArray(
               "pay|RPC server|grpc_server_handled_total|grpc_server_handling_seconds|"
               "errors: 10,0.2,0.00495");

    QTest::newRow("OpenTelemetry RPC in milliseconds with numeric status codes")
        << QByteArray(
               "@ 0 10;"
               "histogram "
               "rpc_server_duration_milliseconds_count{job=\"inv\",rpc_grpc_status_code=\"0\"} 0 "
               "90;"
               "histogram "
               "rpc_server_duration_milliseconds_count{job=\"inv\",rpc_grpc_status_code=\"14\"} 0 "
               "10;"
               "histogram "
               "rpc_server_duration_milliseconds_bucket{job=\"inv\",le=\"10\",rpc_grpc_status_code="
               "\"0\"} 0 90;"
               "histogram "
               "rpc_server_duration_milliseconds_bucket{job=\"inv\",le=\"+Inf\",rpc_grpc_status_"
               "code=\"0\"} 0 90;"
               "histogram "
               "rpc_server_duration_milliseconds_bucket{job=\"inv\",le=\"10\",rpc_grpc_status_code="
               "\"14\"} 0 0;"
               "histogram "
               "rpc_server_duration_milliseconds_bucket{job=\"inv\",le=\"+Inf\",rpc_grpc_status_"
               "code=\"14\"} 0 10")
        << QByteArray(
               "inv|RPC server|rpc_server_duration_milliseconds_count|"
               "rpc_server_duration_milliseconds|errors: 10,0.1,0.01");

    // 150 → 30: the process restarted, so the interval saw 30 requests, not −120.
    QTest::newRow("counter reset counts from zero")
        << QByteArray(
               "@ 0 10 20;"
               "counter http_requests_total{code=\"200\",job=\"api\"} 100 150 30")
        << QByteArray("api|HTTP server|http_requests_total||errors: 5,0,nan 3,0,nan");

    QTest::newRow("no status label: error ratio unknown")
        << QByteArray("@ 0 10;counter http_requests_total{job=\"api\",method=\"GET\"} 0 20")
        << QByteArray("api|HTTP server|http_requests_total||no errors: 2,nan,nan");

    QTest::newRow("no requests in an interval: error ratio unknown, rate 0")
        << QByteArray("@ 0 10;counter http_requests_total{code=\"200\",job=\"api\"} 5 5")
        << QByteArray("api|HTTP server|http_requests_total||errors: 0,nan,nan");

    // The 500 series only appears in the third snapshot: it has no interval before that.
    QTest::newRow("series missing from a snapshot are left out of its intervals")
        << QByteArray(
               "@ 0 10 20;"
               "counter http_requests_total{code=\"200\",job=\"api\"} 0 10 30;"
               "counter http_requests_total{code=\"500\",job=\"api\"} - - 7;"
               "counter http_requests_total{code=\"404\",job=\"api\"} 1 - 3")
        << QByteArray("api|HTTP server|http_requests_total||errors: 1,0,nan 2,0,nan");

    QTest::newRow("no service label: the default service")
        << QByteArray("@ 0 10;counter http_requests_total{code=\"200\"} 0 10")
        << QByteArray("file.prom|HTTP server|http_requests_total||errors: 1,0,nan");

    QTest::newRow("histogram without _count counts its +Inf bucket")
        << QByteArray(
               "@ 0 10;"
               "histogram "
               "http_server_requests_seconds_bucket{job=\"shop\",le=\"1\",status=\"200\"} 0 30;"
               "histogram "
               "http_server_requests_seconds_bucket{job=\"shop\",le=\"+Inf\",status=\"200\"} 0 30;"
               "histogram "
               "http_server_requests_seconds_bucket{job=\"shop\",le=\"1\",status=\"500\"} 0 10;"
               "histogram "
               "http_server_requests_seconds_bucket{job=\"shop\",le=\"+Inf\",status=\"500\"} 0 10")
        << QByteArray(
               "shop|HTTP server|http_server_requests_seconds_bucket|"
               "http_server_requests_seconds|errors: 4,0.25,0.99");

    QTest::newRow("services and conventions sorted, each on its own")
        << QByteArray(
               "@ 0 10;"
               "counter grpc_server_handled_total{grpc_code=\"OK\",job=\"b\"} 0 10;"
               "counter http_requests_total{code=\"200\",job=\"b\"} 0 20;"
               "counter http_requests_total{code=\"200\",job=\"a\"} 0 30")
        << QByteArray(
               "a|HTTP server|http_requests_total||errors: 3,0,nan\n"
               "b|HTTP server|http_requests_total||errors: 2,0,nan\n"
               "b|RPC server|grpc_server_handled_total||errors: 1,0,nan");

    QTest::newRow("conventions of one protocol are pooled")
        << QByteArray(
               "@ 0 10;"
               "counter http_requests_total{code=\"200\",job=\"api\"} 0 100;"
               "histogram http_server_request_duration_seconds_bucket{job=\"api\",le=\"1\"} 0 50;"
               "histogram http_server_request_duration_seconds_bucket{job=\"api\",le=\"+Inf\"} 0 "
               "50;"
               "histogram http_server_request_duration_seconds_count{job=\"api\"} 0 50")
        << QByteArray(
               "api|HTTP server|http_requests_total|http_server_request_duration_seconds|"
               "errors: 10,0,0.99");

    QTest::newRow("no known families")
        << QByteArray("@ 0 10;counter orders_total{job=\"a\"} 0 10;gauge up{job=\"a\"} 1 1")
        << QByteArray("");

    QTest::newRow("one snapshot: no intervals")
        << QByteArray("@ 0;counter http_requests_total{code=\"200\",job=\"a\"} 5")
        << QByteArray("a|HTTP server|http_requests_total||errors:");
  }

  void overview() {
    QFETCH(QByteArray, table);
    QFETCH(QByteArray, expected);
    RedOptions options;
    options.defaultService = "file.prom";
    QCOMPARE(describe(computeRedOverview(parseMetricTable(table), options)), expected);
  }

  // A real producer: the Go service of tests/data/prometheus/go-client (client_golang) with
  // a Prometheus-client counter next to an OpenTelemetry-named histogram. Expected figures
  // worked out from the three files: interval 1 has 296 requests (the POST 503 series only
  // appears in snapshot 2), 10 of them 503; interval 2 has 500, 10 of them 503. p99 of the
  // summed bucket increases: 0.25 + 0.25 · 9/10 and 0.25 + 0.25 · 7/10.
  void goClientFixture() {
    const MetricSeriesTable table = readGoClientSnapshots();
    QCOMPARE(table.snapshotTimesMs.size(), std::size_t{3});
    RedOptions options;
    options.defaultService = "go-client";
    const std::vector<RedServiceOverview> overviews = computeRedOverview(table, options);
    QCOMPARE(overviews.size(), std::size_t{1});
    const RedServiceOverview& o = overviews[0];
    QCOMPARE(o.service, std::string("go-client"));
    QCOMPARE(o.protocol, std::string("HTTP server"));
    QCOMPARE(o.requestSeries, std::string("http_requests_total"));
    QCOMPARE(o.latencySeries, std::string("http_server_request_duration_seconds"));
    QVERIFY(o.errorsKnown);
    QCOMPARE(o.intervals.size(), std::size_t{2});
    const double expectedRequests[] = {296, 500};
    const double expectedErrors[] = {10, 10};
    const double expectedP99[] = {0.475, 0.425};
    for (std::size_t i = 0; i < 2; ++i) {
      const RedInterval& interval = o.intervals[i];
      const double seconds =
          static_cast<double>(table.snapshotTimesMs[i + 1] - table.snapshotTimesMs[i]) / 1000;
      QCOMPARE(interval.requests, expectedRequests[i]);
      QCOMPARE(interval.requestsPerSecond, expectedRequests[i] / seconds);
      QCOMPARE(interval.errorRatio, expectedErrors[i] / expectedRequests[i]);
      QCOMPARE(interval.latencySeconds, expectedP99[i]);
    }
  }

  void quantileIsConfigurable() {
    const MetricSeriesTable table = parseMetricTable(
        "@ 0 10;"
        "histogram http_request_duration_seconds_bucket{job=\"a\",le=\"1\"} 0 100;"
        "histogram http_request_duration_seconds_bucket{job=\"a\",le=\"+Inf\"} 0 100");
    RedOptions options;
    options.quantile = 0.5;
    const std::vector<RedServiceOverview> overviews = computeRedOverview(table, options);
    QCOMPARE(overviews.size(), std::size_t{1});
    QCOMPARE(overviews[0].intervals.size(), std::size_t{1});
    QCOMPARE(overviews[0].intervals[0].latencySeconds, 0.5);
    QCOMPARE(overviews[0].intervals[0].requests, 100.0);
    QCOMPARE(overviews[0].intervals[0].startMs, std::int64_t{0});
    QCOMPARE(overviews[0].intervals[0].endMs, std::int64_t{10000});
  }
};

QTEST_GUILESS_MAIN(TestMetricRed)
#include "tst_metric_red.moc"
