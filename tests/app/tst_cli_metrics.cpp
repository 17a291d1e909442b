// Unit tests of `sightline metrics` run in process on workspaces written by the metric
// store from hand-made batches: the family list (series grouped as Prometheus' parsers group
// them, samples of the latest snapshot), --series selectors, histogram quantiles (pure
// computation and through the verb), and usage and input errors. Equality with Prometheus'
// own parser and server on real fixtures is tst_prometheus_reference.cpp.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>

#include "app/command_line.h"
#include "app/metric_family_rows.h"
#include "app/metric_histogram_quantiles.h"
#include "app/metric_series_points.h"
#include "app/metric_snapshot_time.h"
#include "app/metrics_command.h"
#include "model/metrics/metric_writer.h"
#include "model/text/metric_value_text.h"

using namespace sightline;
using namespace sightline::cli;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kFirstMs = 1'700'000'000'000;
constexpr std::int64_t kSecondMs = kFirstMs + 15'000;

struct CommandRun {
  int code = -1;
  QString out;
  QString err;
};

CommandRun runMetrics(QStringList arguments) {
  arguments.prepend(QStringLiteral("metrics"));
  CommandRun result;
  QTextStream out(&result.out);
  QTextStream err(&result.err);
  CommandIo io{out, err, false};
  result.code = runMetricsCommand(arguments, io);
  out.flush();
  err.flush();
  return result;
}

QJsonObject parseObject(const QString& text) {
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
  if (error.error != QJsonParseError::NoError)
    qWarning() << error.errorString() << text;
  return document.object();
}

MetricSampleRecord sample(std::uint32_t family, std::string name, std::vector<MetricLabel> labels,
                          double value) {
  MetricSampleRecord record;
  record.family = family;
  record.name = std::move(name);
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  record.labels = std::move(labels);
  record.value = value;
  return record;
}

// One scrape of a service: an OpenMetrics-style counter (x_total and x_created), a gauge,
// a histogram with two label sets (3 buckets, _sum, _count each), a summary and a stateset.
// The second scrape has grown counters and lost the DELETE label set of the histogram.
MetricBatch scrape(int round) {
  MetricBatch batch;
  batch.newFamilies = {
      {"http_requests", MetricType::Counter, "Requests served.", ""},
      {"temperature", MetricType::Gauge, "Room\ntemperature", "celsius"},
      {"latency_seconds", MetricType::Histogram, "Request latency.", "seconds"},
      {"rpc_seconds", MetricType::Summary, "", ""},
      {"feature", MetricType::StateSet, "", ""},
  };
  const double grow = round == 0 ? 1 : 3;
  auto& s = batch.samples;
  s.push_back(sample(0, "http_requests_total", {{"code", "200"}}, 100 * grow));
  s.push_back(sample(0, "http_requests_created", {{"code", "200"}}, 1.7e9));
  s.push_back(sample(0, "http_requests_total", {{"code", "500"}}, 7 * grow));
  s.push_back(sample(1, "temperature", {}, round == 0 ? 21.5 : kNaN));
  // GET: 4 ≤ 0.1 s, 9 ≤ 1 s, 10 in all; the second scrape doubles every bucket.
  const double get = round == 0 ? 1 : 2;
  s.push_back(sample(2, "latency_seconds_bucket", {{"method", "GET"}, {"le", "0.1"}}, 4 * get));
  s.push_back(sample(2, "latency_seconds_bucket", {{"method", "GET"}, {"le", "1"}}, 9 * get));
  s.push_back(sample(2, "latency_seconds_bucket", {{"method", "GET"}, {"le", "+Inf"}}, 10 * get));
  s.push_back(sample(2, "latency_seconds_sum", {{"method", "GET"}}, 3.5 * get));
  s.push_back(sample(2, "latency_seconds_count", {{"method", "GET"}}, 10 * get));
  if (round == 0) {
    s.push_back(sample(2, "latency_seconds_bucket", {{"method", "DELETE"}, {"le", "0.1"}}, 0));
    s.push_back(sample(2, "latency_seconds_bucket", {{"method", "DELETE"}, {"le", "1"}}, 2));
    s.push_back(sample(2, "latency_seconds_bucket", {{"method", "DELETE"}, {"le", "+Inf"}}, 2));
    s.push_back(sample(2, "latency_seconds_sum", {{"method", "DELETE"}}, 1));
    s.push_back(sample(2, "latency_seconds_count", {{"method", "DELETE"}}, 2));
  }
  s.push_back(sample(3, "rpc_seconds", {{"quantile", "0.5"}}, 0.25));
  s.push_back(sample(3, "rpc_seconds", {{"quantile", "0.99"}}, kInf));
  s.push_back(sample(3, "rpc_seconds_sum", {}, 12));
  s.push_back(sample(3, "rpc_seconds_count", {}, 42));
  s.push_back(sample(4, "feature", {{"feature", "a"}}, 1));
  s.push_back(sample(4, "feature", {{"feature", "b"}}, 0));
  return batch;
}

// A workspace file holding the two scrapes as two sources (two snapshots).
class MetricsWorkspace {
 public:
  MetricsWorkspace() {
    m_path = m_dir.filePath(QStringLiteral("w.sightline"));
    Status status;
    auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
    if (!workspace) {
      m_error = status.message();
      return;
    }
    for (int round = 0; round < 2; ++round) {
      const std::string sha = "sha-" + std::to_string(round);
      MetricWriter writer(*workspace,
                          {"/scrape-" + std::to_string(round) + ".prom", "prometheus", sha, 100},
                          round == 0 ? kFirstMs : kSecondMs);
      Status s = writer.consume(scrape(round));
      if (s)
        s = writer.finish();
      if (!s) {
        m_error = s.message();
        return;
      }
    }
  }
  QString path() const { return m_path; }
  QString error() const { return QString::fromStdString(m_error); }

 private:
  QTemporaryDir m_dir;
  QString m_path;
  std::string m_error;
};

QJsonObject familyNamed(const QJsonArray& families, const char* name) {
  for (const QJsonValue& family : families) {
    if (family.toObject().value(QLatin1String("name")).toString() == QLatin1String(name))
      return family.toObject();
  }
  return {};
}

using BucketList = std::vector<BucketSeries>;
using SnapshotList = std::vector<BucketSnapshot>;

}  // namespace

class TstCliMetrics : public QObject {
  Q_OBJECT

 private slots:
  void parsesSnapshotTimes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expectedMs");  // -1: rejected
    QTest::newRow("RFC 3339 UTC") << "2024-05-01T12:00:00Z" << qint64(1714564800000);
    QTest::newRow("with milliseconds and offset")
        << "2024-05-01T14:00:00.250+02:00" << qint64(1714564800250);
    QTest::newRow("Unix seconds") << "1714564800" << qint64(1714564800000);
    QTest::newRow("fractional Unix seconds") << "1795691465.995" << qint64(1795691465995);
    QTest::newRow("no zone is ambiguous") << "2024-05-01T12:00:00" << qint64(-1);
    QTest::newRow("date only") << "2024-05-01" << qint64(-1);
    QTest::newRow("milliseconds are no seconds") << "1714564800000000" << qint64(-1);
    QTest::newRow("negative") << "-5" << qint64(-1);
    QTest::newRow("words") << "yesterday" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
  }
  void parsesSnapshotTimes() {
    QFETCH(QString, text);
    QFETCH(qint64, expectedMs);
    const std::optional<std::int64_t> parsed = parseSnapshotTime(text);
    QCOMPARE(parsed.has_value(), expectedMs >= 0);
    if (parsed)
      QCOMPARE(qint64(*parsed), expectedMs);
  }

  void familyNamesForSampleNames() {
    QCOMPARE(familyNamesForSampleName("x_bucket"), (std::vector<std::string>{"x_bucket", "x"}));
    QCOMPARE(familyNamesForSampleName("x_total"), (std::vector<std::string>{"x_total", "x"}));
    QCOMPARE(familyNamesForSampleName("up"), (std::vector<std::string>{"up"}));
    // A name that is only a suffix has no family name left.
    QCOMPARE(familyNamesForSampleName("_sum"), (std::vector<std::string>{"_sum"}));
  }

  void listsFamiliesAsJson() {
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--json")});
    QCOMPARE(run.code, kExitOk);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QVERIFY(run.out.endsWith(QLatin1Char('\n')));
    const QJsonArray families = parseObject(run.out).value(QLatin1String("families")).toArray();
    QCOMPARE(families.size(), 5);
    QStringList names;
    for (const QJsonValue& family : families)
      names.append(family.toObject().value(QLatin1String("name")).toString());
    QCOMPARE(names, (QStringList{QStringLiteral("feature"), QStringLiteral("http_requests"),
                                 QStringLiteral("latency_seconds"), QStringLiteral("rpc_seconds"),
                                 QStringLiteral("temperature")}));
    const QJsonObject latency = familyNamed(families, "latency_seconds");
    QCOMPARE(latency.keys().size(), 6);  // name, type, help, unit, series, samples
    QCOMPARE(latency.value(QLatin1String("type")).toString(), QStringLiteral("histogram"));
    QCOMPARE(latency.value(QLatin1String("help")).toString(), QStringLiteral("Request latency."));
    QCOMPARE(latency.value(QLatin1String("unit")).toString(), QStringLiteral("seconds"));
    // GET and DELETE over both snapshots; the latest one only has GET's 5 lines.
    QCOMPARE(latency.value(QLatin1String("series")).toInt(), 2);
    QCOMPARE(latency.value(QLatin1String("samples")).toInt(), 5);
    const QJsonObject requests = familyNamed(families, "http_requests");
    QCOMPARE(requests.value(QLatin1String("series")).toInt(), 2);
    QCOMPARE(requests.value(QLatin1String("samples")).toInt(), 3);
    QCOMPARE(familyNamed(families, "rpc_seconds").value(QLatin1String("series")).toInt(), 1);
    QCOMPARE(familyNamed(families, "rpc_seconds").value(QLatin1String("samples")).toInt(), 4);
    QCOMPARE(familyNamed(families, "feature").value(QLatin1String("series")).toInt(), 1);
    QCOMPARE(familyNamed(families, "feature").value(QLatin1String("samples")).toInt(), 2);
    const QJsonObject temperature = familyNamed(families, "temperature");
    QCOMPARE(temperature.value(QLatin1String("help")).toString(),
             QStringLiteral("Room\ntemperature"));
    QCOMPARE(temperature.value(QLatin1String("series")).toInt(), 1);
  }

  void listsFamiliesAsATable() {
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run = runMetrics({QStringLiteral("--db"), workspace.path()});
    QCOMPARE(run.code, kExitOk);
    const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("FAMILY")), qPrintable(lines.at(0)));
    QVERIFY(lines.at(0).contains(QLatin1String("SERIES")));
    QVERIFY(lines.at(0).contains(QLatin1String("SAMPLES")));
    const QString latency = lines.at(3);
    QVERIFY2(latency.startsWith(QLatin1String("latency_seconds")), qPrintable(latency));
    QVERIFY(latency.contains(QLatin1String("histogram")));
    QVERIFY(latency.contains(QLatin1String("Request latency.")));
    // A help text's line feed stays on the family's one line.
    QVERIFY(lines.at(5).endsWith(QLatin1String("Room\\ntemperature")));
  }

  void emptyWorkspaceListsNoFamilies() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.sightline"));
    Status status;
    QVERIFY(Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status));
    const CommandRun run = runMetrics({QStringLiteral("--db"), path, QStringLiteral("--json")});
    QCOMPARE(run.code, kExitOk);
    QCOMPARE(run.out, QStringLiteral("{\"families\":[]}\n"));
  }

  void showsTheSelectedSeries() {
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--series"),
                    QStringLiteral("http_requests_total{code=\"200\"}"), QStringLiteral("--json")});
    QCOMPARE(run.code, kExitOk);
    QCOMPARE(run.out,
             QStringLiteral("{\"series\":[{\"name\":\"http_requests_total\",\"family\":"
                            "\"http_requests\",\"labels\":{\"code\":\"200\"},\"points\":["
                            "{\"time_unix_nano\":1700000000000000000,\"value\":100},"
                            "{\"time_unix_nano\":1700000015000000000,\"value\":300}]}]}\n"));
  }

  void selectsSeries_data() {
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("name") << "http_requests_total"
                          << QStringList{QStringLiteral("http_requests_total{code=\"200\"}"),
                                         QStringLiteral("http_requests_total{code=\"500\"}")};
    QTest::newRow("not equal") << "http_requests_total{code!=\"200\"}"
                               << QStringList{QStringLiteral("http_requests_total{code=\"500\"}")};
    QTest::newRow("regex is anchored")
        << "latency_seconds_bucket{le=~\"0.*\"}"
        << QStringList{QStringLiteral("latency_seconds_bucket{le=\"0.1\",method=\"DELETE\"}"),
                       QStringLiteral("latency_seconds_bucket{le=\"0.1\",method=\"GET\"}")};
    QTest::newRow("labels alone cross names")
        << "{method=\"DELETE\"}"
        << QStringList{QStringLiteral("latency_seconds_bucket{le=\"0.1\",method=\"DELETE\"}"),
                       QStringLiteral("latency_seconds_bucket{le=\"1\",method=\"DELETE\"}"),
                       QStringLiteral("latency_seconds_bucket{le=\"+Inf\",method=\"DELETE\"}"),
                       QStringLiteral("latency_seconds_count{method=\"DELETE\"}"),
                       QStringLiteral("latency_seconds_sum{method=\"DELETE\"}")};
    QTest::newRow("summary quantile by name")
        << "rpc_seconds"
        << QStringList{QStringLiteral("rpc_seconds{quantile=\"0.5\"}"),
                       QStringLiteral("rpc_seconds{quantile=\"0.99\"}")};
    QTest::newRow("a histogram's family name is no sample name")
        << "latency_seconds" << QStringList{};
    QTest::newRow("nothing matches") << "nope_total" << QStringList{};
  }
  void selectsSeries() {
    QFETCH(QString, selector);
    QFETCH(QStringList, expected);
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--series"), selector,
                    QStringLiteral("--json")});
    QCOMPARE(run.code, kExitOk);
    QStringList names;
    for (const QJsonValue& value : parseObject(run.out).value(QLatin1String("series")).toArray()) {
      const QJsonObject series = value.toObject();
      const QJsonObject labels = series.value(QLatin1String("labels")).toObject();
      std::vector<MetricLabel> sorted;
      for (const QString& key : labels.keys())
        sorted.push_back({key.toStdString(), labels.value(key).toString().toStdString()});
      names.append(
          seriesText(series.value(QLatin1String("name")).toString().toStdString(), sorted));
    }
    QCOMPARE(names, expected);
  }

  void seriesTextShowsNonFiniteValues() {
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run = runMetrics({QStringLiteral("--db"), workspace.path(),
                                       QStringLiteral("--series"), QStringLiteral("temperature")});
    QCOMPARE(run.code, kExitOk);
    QCOMPARE(run.out, QStringLiteral("temperature\n"
                                     "TIME (UTC)                VALUE\n"
                                     "2023-11-14T22:13:20.000Z   21.5\n"
                                     "2023-11-14T22:13:35.000Z    NaN\n"));
    const CommandRun json =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--series"),
                    QStringLiteral("rpc_seconds{quantile=\"0.99\"}"), QStringLiteral("--json")});
    QVERIFY2(json.out.contains(QLatin1String("\"value\":\"+Inf\"")), qPrintable(json.out));
  }

  void computesHistogramQuantiles_data() {
    QTest::addColumn<BucketList>("buckets");
    QTest::addColumn<SnapshotList>("snapshots");
    QTest::addColumn<double>("quantile");
    QTest::addColumn<QStringList>("by");
    QTest::addColumn<bool>("rate");
    // "labels@timeMs=value" per point, groups in label order.
    QTest::addColumn<QStringList>("expected");

    const BucketList oneSeries = {{{}, 0.1}, {{}, 1}, {{}, kInf}};
    // rank 0.5·10 = 5 lies in (0.1, 1] holding 4..9: 0.1 + 0.9·(1/5).
    QTest::newRow("interpolates inside the bucket")
        << oneSeries << SnapshotList{{1000, {4.0, 9.0, 10.0}}} << 0.5 << QStringList{} << false
        << QStringList{QStringLiteral("{}@1000=0.28")};
    QTest::newRow("first bucket starts at zero")
        << oneSeries << SnapshotList{{1000, {4.0, 9.0, 10.0}}} << 0.2 << QStringList{} << false
        << QStringList{QStringLiteral("{}@1000=0.05")};
    QTest::newRow("+Inf bucket gives the highest finite bound")
        << oneSeries << SnapshotList{{1000, {4.0, 9.0, 10.0}}} << 0.99 << QStringList{} << false
        << QStringList{QStringLiteral("{}@1000=1")};
    QTest::newRow("no observations is NaN")
        << oneSeries << SnapshotList{{1000, {0.0, 0.0, 0.0}}} << 0.5 << QStringList{} << false
        << QStringList{QStringLiteral("{}@1000=NaN")};
    QTest::newRow("no +Inf bucket is NaN")
        << BucketList{{{}, 0.1}, {{}, 1}} << SnapshotList{{1000, {4.0, 9.0}}} << 0.5
        << QStringList{} << false << QStringList{QStringLiteral("{}@1000=NaN")};
    QTest::newRow("q above 1 is +Inf")
        << oneSeries << SnapshotList{{1000, {4.0, 9.0, 10.0}}} << 1.5 << QStringList{} << false
        << QStringList{QStringLiteral("{}@1000=+Inf")};
    QTest::newRow("snapshot without the series has no point")
        << oneSeries
        << SnapshotList{{1000, {4.0, 9.0, 10.0}},
                        {2000, {std::nullopt, std::nullopt, std::nullopt}}}
        << 0.5 << QStringList{} << false << QStringList{QStringLiteral("{}@1000=0.28")};

    const std::vector<MetricLabel> get = {{"method", "GET"}, {"route", "/a"}};
    const std::vector<MetricLabel> getB = {{"method", "GET"}, {"route", "/b"}};
    const std::vector<MetricLabel> post = {{"method", "POST"}, {"route", "/a"}};
    const BucketList threeSeries = {{get, 1},     {get, kInf}, {getB, 1},
                                    {getB, kInf}, {post, 1},   {post, kInf}};
    // GET /a: 2 of 4 ≤ 1; GET /b: 4 of 4; POST /a: 0 of 2.
    const SnapshotList counts = {{1000, {2.0, 4.0, 4.0, 4.0, 0.0, 2.0}}};
    QTest::newRow("one result per label set")
        << threeSeries << counts << 0.5 << QStringList{} << false
        << QStringList{QStringLiteral("{method=\"GET\",route=\"/a\"}@1000=1"),
                       QStringLiteral("{method=\"GET\",route=\"/b\"}@1000=0.5"),
                       QStringLiteral("{method=\"POST\",route=\"/a\"}@1000=1")};
    // All summed: 6 of 10 ≤ 1, rank 5 → 5/6 of the way to 1 (last row below).
    // GET summed: 6 of 8 ≤ 1, rank 4 → 4/6 of the way to 1.
    QTest::newRow("by sums the other labels")
        << threeSeries << counts << 0.5 << QStringList{QStringLiteral("method")} << false
        << QStringList{QStringLiteral("{method=\"GET\"}@1000=0.6666666666666666"),
                       QStringLiteral("{method=\"POST\"}@1000=1")};
    QTest::newRow("by a label nobody has is one group")
        << threeSeries << counts << 0.5 << QStringList{QStringLiteral("zone")} << false
        << QStringList{QStringLiteral("{}@1000=0.8333333333333334")};

    // Increases 1000→3000 ms: +2 of +4 ≤ 1 s; 3000→3000 is skipped; 3000→4000 the counter
    // restarted (values dropped), so the increase is the new values: 1 of 1 ≤ 1.
    QTest::newRow("rate over consecutive snapshots")
        << BucketList{{{}, 1}, {{}, kInf}}
        << SnapshotList{{1000, {2.0, 4.0}},
                        {3000, {4.0, 8.0}},
                        {3000, {5.0, 9.0}},
                        {4000, {1.0, 1.0}}}
        << 0.5 << QStringList{} << true
        << QStringList{QStringLiteral("{}@3000=1"), QStringLiteral("{}@4000=0.5")};
    QTest::newRow("rate needs both ends") << BucketList{{{}, 1}, {{}, kInf}}
                                          << SnapshotList{{1000, {2.0, 4.0}},
                                                          {2000, {std::nullopt, std::nullopt}},
                                                          {3000, {4.0, 8.0}}}
                                          << 0.5 << QStringList{} << true << QStringList{};
  }
  void computesHistogramQuantiles() {
    QFETCH(BucketList, buckets);
    QFETCH(SnapshotList, snapshots);
    QFETCH(double, quantile);
    QFETCH(QStringList, by);
    QFETCH(bool, rate);
    QFETCH(QStringList, expected);
    HistogramQuantileOptions options;
    options.quantile = quantile;
    for (const QString& label : by)
      options.by.push_back(label.toStdString());
    options.rate = rate;
    QStringList points;
    for (const QuantileGroup& group : computeHistogramQuantiles(buckets, snapshots, options)) {
      const QString labels = QString::fromStdString(canonicalLabelText(group.labels));
      for (const QuantilePoint& point : group.points) {
        points.append(QStringLiteral("%1@%2=%3")
                          .arg(labels.isEmpty() ? QStringLiteral("{}") : labels)
                          .arg(point.timeMs)
                          .arg(formatExpositionValue(point.value)));
      }
    }
    QCOMPARE(points, expected);
  }

  void quantilesOfAStoredHistogram() {
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--quantile"),
                    QStringLiteral("0.5"), QStringLiteral("--histogram"),
                    QStringLiteral("latency_seconds"), QStringLiteral("--json")});
    QCOMPARE(run.code, kExitOk);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    // DELETE: 0 ≤ 0.1, 2 ≤ 1 of 2 → rank 1 in (0.1, 1] → 0.1 + 0.9·0.5; only in snapshot 1.
    // GET: 0.28 in both snapshots (every bucket doubled).
    QCOMPARE(run.out,
             QStringLiteral("{\"histogram\":\"latency_seconds\",\"quantile\":0.5,\"by\":[],"
                            "\"rate\":false,\"groups\":["
                            "{\"labels\":{\"method\":\"DELETE\"},\"points\":["
                            "{\"time_unix_nano\":1700000000000000000,\"value\":0.55}]},"
                            "{\"labels\":{\"method\":\"GET\"},\"points\":["
                            "{\"time_unix_nano\":1700000000000000000,\"value\":0.28},"
                            "{\"time_unix_nano\":1700000015000000000,\"value\":0.28}]}]}\n"));

    const CommandRun byMethod =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--quantile"),
                    QStringLiteral("0.5"), QStringLiteral("--histogram"),
                    QStringLiteral("latency_seconds_bucket"), QStringLiteral("--by"),
                    QStringLiteral("method"), QStringLiteral("--rate")});
    QCOMPARE(byMethod.code, kExitOk);
    // Only GET is in both snapshots: its increase (4, 9, 10) per 15 s gives 0.28 again, up
    // to the rounding of the division.
    QCOMPARE(byMethod.out,
             QStringLiteral("GROUP           TIME (UTC)                          RATE Q0.5\n"
                            "{method=\"GET\"}  2023-11-14T22:13:35.000Z  0.27999999999999997\n"));
  }

  void rejectsBadUsage_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no --db") << QStringList{QStringLiteral("--json")} << "--db is required";
    QTest::newRow("positional") << QStringList{QStringLiteral("--db"), QStringLiteral("w"),
                                               QStringLiteral("extra")}
                                << "unexpected argument 'extra'";
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--db"), QStringLiteral("w"), QStringLiteral("--nope")}
        << "nope";
    QTest::newRow("quantile without histogram")
        << QStringList{QStringLiteral("--db"), QStringLiteral("w"), QStringLiteral("--quantile"),
                       QStringLiteral("0.9")}
        << "--quantile and --histogram go together";
    QTest::newRow("histogram without quantile")
        << QStringList{QStringLiteral("--db"), QStringLiteral("w"), QStringLiteral("--histogram"),
                       QStringLiteral("h")}
        << "--quantile and --histogram go together";
    QTest::newRow("series and quantile")
        << QStringList{QStringLiteral("--db"),        QStringLiteral("w"),
                       QStringLiteral("--series"),    QStringLiteral("up"),
                       QStringLiteral("--quantile"),  QStringLiteral("0.9"),
                       QStringLiteral("--histogram"), QStringLiteral("h")}
        << "cannot be combined";
    QTest::newRow("by alone") << QStringList{QStringLiteral("--db"), QStringLiteral("w"),
                                             QStringLiteral("--by"), QStringLiteral("method")}
                              << "--by and --rate need";
    QTest::newRow("rate alone") << QStringList{QStringLiteral("--db"), QStringLiteral("w"),
                                               QStringLiteral("--rate")}
                                << "--by and --rate need";
    QTest::newRow("quantile not a number")
        << QStringList{QStringLiteral("--db"),        QStringLiteral("w"),
                       QStringLiteral("--quantile"),  QStringLiteral("p99"),
                       QStringLiteral("--histogram"), QStringLiteral("h")}
        << "--quantile expects a number";
    QTest::newRow("empty by") << QStringList{QStringLiteral("--db"),        QStringLiteral("w"),
                                             QStringLiteral("--quantile"),  QStringLiteral("0.5"),
                                             QStringLiteral("--histogram"), QStringLiteral("h"),
                                             QStringLiteral("--by"),        QStringLiteral(",")}
                              << "--by expects";
    QTest::newRow("malformed selector")
        << QStringList{QStringLiteral("--db"), QStringLiteral("w"), QStringLiteral("--series"),
                       QStringLiteral("up{job=")}
        << "bad --series selector";
  }
  void rejectsBadUsage() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CommandRun run = runMetrics(arguments);
    QCOMPARE(run.code, kExitUsage);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith(QLatin1String("sightline metrics: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("Usage: sightline metrics")), qPrintable(run.err));
  }

  void helpGoesToStdout() {
    const CommandRun run = runMetrics({QStringLiteral("--help")});
    QCOMPARE(run.code, kExitOk);
    QCOMPARE(run.out, metricsUsage());
    QVERIFY(run.err.isEmpty());
  }

  void missingWorkspaceIsBadInput() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing.sightline"));
    const CommandRun run = runMetrics({QStringLiteral("--db"), path});
    QCOMPARE(run.code, kExitBadInput);
    QVERIFY2(run.err.contains(QLatin1String("no workspace at")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(path));
  }

  void unknownHistogramIsBadInput_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("absent") << "nope_seconds";
    QTest::newRow("a counter is no histogram") << "http_requests";
    QTest::newRow("a summary is no histogram") << "rpc_seconds";
  }
  void unknownHistogramIsBadInput() {
    QFETCH(QString, name);
    const MetricsWorkspace workspace;
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--quantile"),
                    QStringLiteral("0.5"), QStringLiteral("--histogram"), name});
    QCOMPARE(run.code, kExitBadInput);
    QCOMPARE(run.err, QStringLiteral("sightline metrics: no histogram named '%1' in the "
                                     "workspace\n")
                          .arg(name));
  }
};

QTEST_GUILESS_MAIN(TstCliMetrics)
#include "tst_cli_metrics.moc"
