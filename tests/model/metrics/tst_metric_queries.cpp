#include <QtTest>

#include <cmath>

#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_red.h"
#include "model/store/workspace.h"
#include "tests/model/metrics/tst_metric_store_fixture.h"

using namespace sightline;
using namespace sightline::test;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One scrape of a small API: a request counter (code 200 and 500), a queue gauge (absent
// from the last scrape), a latency histogram and, in the first scrape only, an extra
// request series. `second` is the scrape's time in seconds.
std::vector<MetricBatch> apiScrape(int second) {
  MetricBatch batch;
  batch.newFamilies = {metricFamily("http_requests", MetricType::Counter, "Requests."),
                       metricFamily("lat_seconds", MetricType::Histogram, "Latency.", "seconds")};
  const double k = second / 10;  // 1, 2, 3
  batch.samples = {
      metricSample(0, "http_requests_total", {{"job", "api"}, {"code", "200"}}, 100 * k),
      metricSample(0, "http_requests_total", {{"job", "api"}, {"code", "500"}}, 10 * k),
      metricSample(1, "lat_seconds_bucket", {{"job", "api"}, {"le", "0.1"}}, 50 * k),
      metricSample(1, "lat_seconds_bucket", {{"job", "api"}, {"le", "1"}}, 100 * k),
      metricSample(1, "lat_seconds_bucket", {{"job", "api"}, {"le", "+Inf"}}, 110 * k),
      metricSample(1, "lat_seconds_sum", {{"job", "api"}}, second == 20 ? kNaN : 20 * k),
      metricSample(1, "lat_seconds_count", {{"job", "api"}}, 110 * k),
  };
  if (second == 10) {
    batch.samples.push_back(
        metricSample(0, "http_requests_total", {{"job", "api"}, {"code", "404"}}, 3));
  }
  if (second != 30) {
    batch.newFamilies.push_back(metricFamily("queue", MetricType::Gauge));
    batch.samples.push_back(metricSample(2, "queue", {}, second));
  }
  std::vector<MetricBatch> batches;
  batches.push_back(std::move(batch));
  return batches;
}

// Scrapes at 10 s, 20 s and 30 s, imported out of order (20, 10, 30).
std::unique_ptr<Workspace> apiWorkspace() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  if (!ws)
    return nullptr;
  for (int second : {20, 10, 30}) {
    const Status s = storeMetrics(*ws, std::to_string(second), apiScrape(second), second * 1000LL);
    if (!s) {
      qWarning("%s", s.message().c_str());
      return nullptr;
    }
  }
  return ws;
}

std::int64_t familyId(Workspace& ws, const std::string& name) {
  for (const auto& family : listMetricFamilies(ws)) {
    if (family.name == name)
      return family.id;
  }
  return 0;
}

std::string describe(const MetricSeriesInfo& series) {
  return series.name + canonicalLabelText(series.labels);
}

std::string describe(const MetricSeriesValues& series) {
  return series.family + " " + series.name + canonicalLabelText(series.labels);
}

}  // namespace

class TstMetricQueries : public QObject {
  Q_OBJECT

 private slots:
  void emptyWorkspaceHasNoMetrics();
  void listsFamiliesWithLatestCounts();
  void listsSnapshotsInTimeOrder();
  void listsSeriesSortedWithLatestValues();
  void loadsSeriesPointsInTimeOrder_data();
  void loadsSeriesPointsInTimeOrder();
  void loadsOneFamilyOfOneSnapshot();
  void loadsTheWholeSeriesTable();
  void loadsTheSeriesTableOfSomeFamilies();
  void seriesTableFeedsTheRedOverview();
};

void TstMetricQueries::emptyWorkspaceHasNoMetrics() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  status = Status::error("unset");
  QVERIFY(listMetricFamilies(*ws, &status).empty());
  QVERIFY(status.isOk());
  QVERIFY(listMetricSnapshots(*ws, &status).empty());
  QVERIFY(listFamilySeries(*ws, 1, &status).empty());
  QVERIFY(loadSeriesPoints(*ws, 1, &status).empty());
  QVERIFY(loadFamilySnapshot(*ws, 1, 1, &status).empty());
  const MetricSeriesTable table = loadMetricSeriesTable(*ws, {}, &status);
  QVERIFY(status.isOk());
  QVERIFY(table.snapshotTimesMs.empty());
  QVERIFY(table.series.empty());
}

void TstMetricQueries::listsFamiliesWithLatestCounts() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  Status status;
  const auto families = listMetricFamilies(*ws, &status);
  QVERIFY(status.isOk());
  QCOMPARE(families.size(), 3u);
  QCOMPARE(families[0].name, std::string("http_requests"));
  QCOMPARE(families[0].series, 3u);         // 200, 500 and the early 404
  QCOMPARE(families[0].latestSamples, 2u);  // the 30 s scrape
  QCOMPARE(families[1].name, std::string("lat_seconds"));
  QCOMPARE(families[1].series, 5u);
  QCOMPARE(families[1].latestSamples, 5u);
  QCOMPARE(families[1].help, std::string("Latency."));
  // The queue is not in the newest scrape: its latest snapshot is the 20 s one.
  QCOMPARE(families[2].name, std::string("queue"));
  QCOMPARE(families[2].latestSamples, 1u);
}

void TstMetricQueries::listsSnapshotsInTimeOrder() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  const auto snapshots = listMetricSnapshots(*ws);
  QCOMPARE(snapshots.size(), 3u);
  QCOMPARE(snapshots[0].timeMs, 10000);
  QCOMPARE(snapshots[1].timeMs, 20000);
  QCOMPARE(snapshots[2].timeMs, 30000);
  // Imported 20, 10, 30: ids follow the import, the order follows time.
  QVERIFY(snapshots[1].id < snapshots[0].id);
  QVERIFY(snapshots[0].sourceId != snapshots[1].sourceId);
}

void TstMetricQueries::listsSeriesSortedWithLatestValues() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  Status status;
  const auto latency = listFamilySeries(*ws, familyId(*ws, "lat_seconds"), &status);
  QVERIFY(status.isOk());
  QStringList names;
  for (const auto& series : latency)
    names << QString::fromStdString(describe(series));
  QCOMPARE(names, (QStringList{
                      QStringLiteral("lat_seconds_bucket{job=\"api\",le=\"0.1\"}"),
                      QStringLiteral("lat_seconds_bucket{job=\"api\",le=\"1\"}"),
                      QStringLiteral("lat_seconds_bucket{job=\"api\",le=\"+Inf\"}"),
                      QStringLiteral("lat_seconds_count{job=\"api\"}"),
                      QStringLiteral("lat_seconds_sum{job=\"api\"}"),
                  }));
  QCOMPARE(*latency[2].latestValue, 330.0);
  QCOMPARE(latency[2].latestTimeMs, 30000);
  QCOMPARE(latency[2].familyId, familyId(*ws, "lat_seconds"));

  const auto requests = listFamilySeries(*ws, familyId(*ws, "http_requests"));
  QCOMPARE(requests.size(), 3u);
  QCOMPARE(describe(requests[1]), std::string("http_requests_total{code=\"404\",job=\"api\"}"));
  QCOMPARE(*requests[1].latestValue, 3.0);
  QCOMPARE(requests[1].latestTimeMs, 10000);
  QCOMPARE(*requests[2].latestValue, 30.0);

  const auto queue = listFamilySeries(*ws, familyId(*ws, "queue"));
  QCOMPARE(queue.size(), 1u);
  QCOMPARE(*queue[0].latestValue, 20.0);
  QCOMPARE(queue[0].latestTimeMs, 20000);
}

void TstMetricQueries::loadsSeriesPointsInTimeOrder_data() {
  QTest::addColumn<QString>("family");
  QTest::addColumn<int>("seriesIndex");  // in listFamilySeries order
  QTest::addColumn<QList<qint64>>("times");
  QTest::addColumn<QList<double>>("values");  // NaN compares as NaN
  QTest::newRow("every snapshot") << QStringLiteral("http_requests") << 0
                                  << QList<qint64>{10000, 20000, 30000}
                                  << QList<double>{100, 200, 300};
  QTest::newRow("first only") << QStringLiteral("http_requests") << 1 << QList<qint64>{10000}
                              << QList<double>{3};
  QTest::newRow("NaN in the middle")
      << QStringLiteral("lat_seconds") << 4 << QList<qint64>{10000, 20000, 30000}
      << QList<double>{20, kNaN, 60};
  QTest::newRow("family missing from the last")
      << QStringLiteral("queue") << 0 << QList<qint64>{10000, 20000} << QList<double>{10, 20};
}

void TstMetricQueries::loadsSeriesPointsInTimeOrder() {
  QFETCH(QString, family);
  QFETCH(int, seriesIndex);
  QFETCH(QList<qint64>, times);
  QFETCH(QList<double>, values);
  auto ws = apiWorkspace();
  QVERIFY(ws);
  const auto series = listFamilySeries(*ws, familyId(*ws, family.toStdString()));
  QVERIFY(static_cast<std::size_t>(seriesIndex) < series.size());
  Status status;
  const auto points =
      loadSeriesPoints(*ws, series[static_cast<std::size_t>(seriesIndex)].id, &status);
  QVERIFY(status.isOk());
  QCOMPARE(points.size(), static_cast<std::size_t>(times.size()));
  const auto snapshots = listMetricSnapshots(*ws);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto q = static_cast<qsizetype>(i);
    QCOMPARE(points[i].timeMs, times[q]);
    if (std::isnan(values[q])) {
      QVERIFY(std::isnan(points[i].value));
    } else {
      QCOMPARE(points[i].value, values[q]);
    }
    const auto snapshot = std::find_if(snapshots.begin(), snapshots.end(),
                                       [&](const auto& s) { return s.timeMs == times[q]; });
    QCOMPARE(points[i].snapshotId, snapshot->id);
  }
}

void TstMetricQueries::loadsOneFamilyOfOneSnapshot() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  const std::int64_t latency = familyId(*ws, "lat_seconds");
  const auto snapshots = listMetricSnapshots(*ws);
  Status status;
  const auto values = loadFamilySnapshot(*ws, latency, snapshots[2].id, &status);
  QVERIFY(status.isOk());
  QCOMPARE(values.size(), 5u);
  // The series of the family, each with its value in that snapshot.
  const auto series = listFamilySeries(*ws, latency);
  for (const SeriesValue& value : values) {
    const auto match = std::find_if(series.begin(), series.end(),
                                    [&](const auto& s) { return s.id == value.seriesId; });
    QVERIFY(match != series.end());
    QCOMPARE(value.value, *match->latestValue);
  }
  QVERIFY(std::is_sorted(values.begin(), values.end(),
                         [](const auto& a, const auto& b) { return a.seriesId < b.seriesId; }));
  // The queue has nothing in the last snapshot; its NaN-free middle value is there.
  QVERIFY(loadFamilySnapshot(*ws, familyId(*ws, "queue"), snapshots[2].id).empty());
  const auto middle = loadFamilySnapshot(*ws, latency, snapshots[1].id);
  QCOMPARE(std::count_if(middle.begin(), middle.end(),
                         [](const SeriesValue& v) { return std::isnan(v.value); }),
           1);
}

void TstMetricQueries::loadsTheWholeSeriesTable() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  Status status;
  const MetricSeriesTable table = loadMetricSeriesTable(*ws, {}, &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(table.snapshotTimesMs, (std::vector<std::int64_t>{10000, 20000, 30000}));
  QStringList rows;
  for (const auto& series : table.series) {
    QString row = QString::fromStdString(describe(series));
    for (const auto& value : series.values)
      row += value ? QStringLiteral(" %1").arg(*value) : QStringLiteral(" -");
    rows << row;
  }
  QCOMPARE(
      rows,
      (QStringList{
          QStringLiteral("http_requests http_requests_total{code=\"200\",job=\"api\"} 100 200 300"),
          QStringLiteral("http_requests http_requests_total{code=\"404\",job=\"api\"} 3 - -"),
          QStringLiteral("http_requests http_requests_total{code=\"500\",job=\"api\"} 10 20 30"),
          QStringLiteral("lat_seconds lat_seconds_bucket{job=\"api\",le=\"0.1\"} 50 100 150"),
          QStringLiteral("lat_seconds lat_seconds_bucket{job=\"api\",le=\"1\"} 100 200 300"),
          QStringLiteral("lat_seconds lat_seconds_bucket{job=\"api\",le=\"+Inf\"} 110 220 330"),
          QStringLiteral("lat_seconds lat_seconds_count{job=\"api\"} 110 220 330"),
          QStringLiteral("lat_seconds lat_seconds_sum{job=\"api\"} 20 nan 60"),
          QStringLiteral("queue queue 10 20 -"),
      }));
  QCOMPARE(table.series[0].type, MetricType::Counter);
  QCOMPARE(table.series[3].type, MetricType::Histogram);
  QCOMPARE(table.series[8].type, MetricType::Gauge);
}

void TstMetricQueries::loadsTheSeriesTableOfSomeFamilies() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  // Only the snapshots holding the chosen families become columns.
  Status status;
  MetricSeriesTable table = loadMetricSeriesTable(*ws, {familyId(*ws, "queue")}, &status);
  QVERIFY(status.isOk());
  QCOMPARE(table.snapshotTimesMs, (std::vector<std::int64_t>{10000, 20000}));
  QCOMPARE(table.series.size(), 1u);
  QCOMPARE(table.series[0].values, (std::vector<std::optional<double>>{10.0, 20.0}));

  table = loadMetricSeriesTable(*ws, {familyId(*ws, "http_requests"), familyId(*ws, "queue")});
  QCOMPARE(table.snapshotTimesMs.size(), 3u);
  QCOMPARE(table.series.size(), 4u);
  QCOMPARE(table.series[1].values, (std::vector<std::optional<double>>{3.0, {}, {}}));
  QCOMPARE(table.series[3].name, std::string("queue"));
  QCOMPARE(table.series[3].values, (std::vector<std::optional<double>>{10.0, 20.0, {}}));
  // Unknown ids select nothing.
  table = loadMetricSeriesTable(*ws, {999999}, &status);
  QVERIFY(status.isOk());
  QVERIFY(table.series.empty());
  QVERIFY(table.snapshotTimesMs.empty());
}

void TstMetricQueries::seriesTableFeedsTheRedOverview() {
  auto ws = apiWorkspace();
  QVERIFY(ws);
  const MetricSeriesTable table = loadMetricSeriesTable(*ws, {});
  const auto overview = computeRedOverview(table);
  QCOMPARE(overview.size(), 1u);
  QCOMPARE(overview[0].service, std::string("api"));
  QCOMPARE(overview[0].intervals.size(), 2u);
  // 10 s → 20 s: +100 (200) +10 (500); the 404 series is not in the second scrape.
  const RedInterval& first = overview[0].intervals[0];
  QCOMPARE(first.requests, 110.0);
  QCOMPARE(first.requestsPerSecond, 11.0);
  QCOMPARE(first.errorRatio, 10.0 / 110.0);
}

QTEST_GUILESS_MAIN(TstMetricQueries)
#include "tst_metric_queries.moc"
