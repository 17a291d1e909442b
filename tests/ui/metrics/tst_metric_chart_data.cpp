// Chart data preparation of the Metrics page: pure functions.
#include <QtTest>

#include <cmath>
#include <limits>

#include "ui/metrics/metric_chart_builder.h"
#include "ui/metrics/metric_chart_data.h"
#include "ui/metrics/metric_red_chart.h"

using namespace sightline;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

MetricSeriesValues series(std::string family, MetricType type, std::string name,
                          std::vector<MetricLabel> labels,
                          std::vector<std::optional<double>> values) {
  MetricSeriesValues s;
  s.family = std::move(family);
  s.type = type;
  s.name = std::move(name);
  s.labels = std::move(labels);
  s.values = std::move(values);
  return s;
}

// A latency histogram (buckets 0.1, 0.5, +Inf) for two methods over three snapshots 10 s
// apart; the bucket series are stored out of bound order, as a store sorted by text would.
MetricSeriesTable latencyTable() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {1'000'000, 1'010'000, 1'020'000};
  const auto h = MetricType::Histogram;
  const std::string f = "rpc_seconds";
  auto bucket = [&](const char* method, const char* le, std::vector<std::optional<double>> v) {
    return series(f, h, f + "_bucket", {{"le", le}, {"method", method}}, std::move(v));
  };
  table.series = {
      bucket("GET", "+Inf", {10, 20, 30}),
      bucket("GET", "0.1", {2, 12, 12}),
      bucket("GET", "0.5", {8, 18, 20}),
      bucket("PUT", "+Inf", {4, 4, 8}),
      bucket("PUT", "0.1", {0, 0, 1}),
      bucket("PUT", "0.5", {4, 4, 6}),
      series(f, h, f + "_count", {{"method", "GET"}}, {10, 20, 30}),
      series(f, h, f + "_sum", {{"method", "GET"}}, {2.5, 3.5, 6}),
  };
  return table;
}

MetricFamilyData familyData(MetricSeriesTable table, std::string name, MetricType type) {
  MetricFamilyData data;
  data.family.id = 1;
  data.family.name = std::move(name);
  data.family.type = type;
  data.table = std::move(table);
  return data;
}

MetricSeriesInfo info(std::string name, std::vector<MetricLabel> labels) {
  MetricSeriesInfo s;
  s.name = std::move(name);
  s.labels = std::move(labels);
  return s;
}

}  // namespace

class TstMetricChartData : public QObject {
  Q_OBJECT

 private slots:
  void rateLineCountsResetsFromZero();
  void rateLineUsesProcessRestarts();
  void restartSeriesIsMatchedByLabels();
  void rawLineSkipsMissingAndNaN();
  void groupsHistogramByLabelSet();
  void quantilesPerSnapshotAndPerInterval();
  void bucketDistributionIsPerBucket();
  void summedBucketsAddLabelSets();
  void namesQuantilesAndDistinctLabels();
  void chartModesFollowType();
  void buildsCounterRatesForChosenSeries();
  void buildsHistogramQuantileLines();
  void buildsSummaryQuantiles();
  void limitsLinesAndSaysSo();
  void redLinesSkipUnknownIntervals();
};

void TstMetricChartData::rateLineCountsResetsFromZero() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {0, 10'000, 20'000, 30'000};
  const auto counter =
      series("req", MetricType::Counter, "req_total", {{"code", "200"}}, {10, 20, 5, 25});
  const ChartLine line = rateLine(table, counter);
  QCOMPARE(line.name, QStringLiteral("req_total{code=\"200\"}"));
  QCOMPARE(line.xSeconds, (std::vector<double>{10, 20, 30}));
  // 10 → 20: 1/s; 20 → 5 is a restart: the 5 since then over 10 s; 5 → 25: 2/s.
  QCOMPARE(line.y, (std::vector<double>{1.0, 0.5, 2.0}));
  QCOMPARE(line.resets, (std::vector<std::size_t>{1}));
}

void TstMetricChartData::rateLineUsesProcessRestarts() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {0, 10'000, 20'000};
  // The process restarted before the third snapshot and already counted past its old value.
  const auto counter = series("req", MetricType::Counter, "req_total", {}, {10, 20, 40});
  const ChartLine line = rateLine(table, counter, {2});
  QCOMPARE(line.y, (std::vector<double>{1.0, 4.0}));
  QCOMPARE(line.resets, (std::vector<std::size_t>{1}));
}

void TstMetricChartData::restartSeriesIsMatchedByLabels() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {0, 10'000, 20'000};
  const std::vector<MetricSeriesValues> starts = {
      series("process_start_time_seconds", MetricType::Gauge, "process_start_time_seconds",
             {{"service", "api"}}, {100, 100, 150}),
      series("process_start_time_seconds", MetricType::Gauge, "process_start_time_seconds",
             {{"service", "db"}}, {100, 120, 120}),
  };
  QCOMPARE(restartSnapshotsFor(table, starts, {{"code", "200"}, {"service", "api"}}),
           (std::vector<std::int64_t>{2}));
  QCOMPARE(restartSnapshotsFor(table, starts, {{"service", "db"}}), (std::vector<std::int64_t>{1}));
  // Two processes and no label telling which: no restart is assumed.
  QVERIFY(restartSnapshotsFor(table, starts, {{"code", "200"}}).empty());
  // The only process there is applies to every series.
  QCOMPARE(restartSnapshotsFor(table, {starts[0]}, {{"code", "200"}}),
           (std::vector<std::int64_t>{2}));
}

void TstMetricChartData::rawLineSkipsMissingAndNaN() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {1000, 2000, 3000, 4000};
  const auto gauge = series("g", MetricType::Gauge, "g", {}, {1.5, std::nullopt, kNaN, -2});
  const ChartLine line = rawLine(table, gauge);
  QCOMPARE(line.xSeconds, (std::vector<double>{1, 4}));
  QCOMPARE(line.y, (std::vector<double>{1.5, -2}));
}

void TstMetricChartData::groupsHistogramByLabelSet() {
  const MetricSeriesTable table = latencyTable();
  const std::vector<HistogramGroup> groups = groupHistogram(table, "rpc_seconds");
  QCOMPARE(groups.size(), std::size_t(2));
  QCOMPARE(groups[0].labels, (std::vector<MetricLabel>{{"method", "GET"}}));
  QCOMPARE(groups[0].buckets.size(), std::size_t(3));
  QCOMPARE(groups[0].buckets[0].first, 0.1);
  QCOMPARE(groups[0].buckets[1].first, 0.5);
  QVERIFY(std::isinf(groups[0].buckets[2].first));
  QVERIFY(groups[0].count && groups[0].sum);
  QVERIFY(!groups[1].count);
  const std::vector<HistogramBucket> at0 = bucketsAt(groups[0], 0);
  QCOMPARE(at0.size(), std::size_t(3));
  QCOMPARE(at0[1].count, 8.0);
}

void TstMetricChartData::quantilesPerSnapshotAndPerInterval() {
  const MetricSeriesTable table = latencyTable();
  const HistogramGroup get = groupHistogram(table, "rpc_seconds")[0];
  // Snapshot 0, buckets 2/8/10: rank 5 lies in (0.1, 0.5]: 0.1 + 0.4·(5−2)/(8−2) = 0.3.
  // Snapshot 1, 12/18/20: rank 10 in the first bucket: 0.1·10/12.
  // Snapshot 2, 12/20/30: rank 15 in (0.1, 0.5]: 0.1 + 0.4·3/8 = 0.25.
  const ChartLine cumulative = quantileLine(table, get, 0.5, false);
  QCOMPARE(cumulative.name, QStringLiteral("p50"));
  QCOMPARE(cumulative.xSeconds, (std::vector<double>{1000, 1010, 1020}));
  QCOMPARE(cumulative.y.size(), std::size_t(3));
  QVERIFY(qFuzzyCompare(cumulative.y[0], 0.3));
  QVERIFY(qFuzzyCompare(cumulative.y[1], 0.1 * 10 / 12));
  QVERIFY(qFuzzyCompare(cumulative.y[2], 0.25));
  // Per interval: increases 10/10/10 (rank 5 → 0.05) and 0/2/10 (rank 5 lands in +Inf: the
  // highest finite bound).
  const ChartLine interval = quantileLine(table, get, 0.5, true);
  QCOMPARE(interval.xSeconds, (std::vector<double>{1010, 1020}));
  QVERIFY(qFuzzyCompare(interval.y[0], 0.05));
  QVERIFY(qFuzzyCompare(interval.y[1], 0.5));
  // PUT saw nothing in the first interval: no point rather than NaN.
  const HistogramGroup put = groupHistogram(table, "rpc_seconds")[1];
  const ChartLine quiet = quantileLine(table, put, 0.99, true);
  QCOMPARE(quiet.xSeconds, (std::vector<double>{1020}));
}

void TstMetricChartData::bucketDistributionIsPerBucket() {
  const MetricSeriesTable table = latencyTable();
  const HistogramGroup get = groupHistogram(table, "rpc_seconds")[0];
  const std::vector<BucketBar> bars = bucketDistribution(get, 0);
  QCOMPARE(bars.size(), std::size_t(3));
  QCOMPARE(bars[0].count, 2.0);
  QCOMPARE(bars[1].count, 6.0);
  QCOMPARE(bars[2].count, 2.0);
  QCOMPARE(bars[0].label, QStringLiteral("0.1"));
  QCOMPARE(bars[1].label, QStringLiteral("0.5"));
  QCOMPARE(bars[2].label, QStringLiteral("> 0.5"));
  QCOMPARE(bucketBars(bucketsAt(get, 0), MetricValueUnit::Seconds)[0].label,
           QStringLiteral("100 ms"));
  QCOMPARE(bars[1].lower, 0.1);
  QCOMPARE(bars[1].upper, 0.5);
  QVERIFY(bars[2].upper > bars[2].lower);
}

void TstMetricChartData::summedBucketsAddLabelSets() {
  const MetricSeriesTable table = latencyTable();
  const std::vector<HistogramBucket> sum = summedBucketsAt(groupHistogram(table, "rpc_seconds"), 2);
  QCOMPARE(sum.size(), std::size_t(3));
  QCOMPARE(sum[0].count, 13.0);
  QCOMPARE(sum[1].count, 26.0);
  QCOMPARE(sum[2].count, 38.0);
  QCOMPARE(bucketBars(sum)[2].count, 12.0);
}

void TstMetricChartData::namesQuantilesAndDistinctLabels() {
  QCOMPARE(quantileName(0.5), QStringLiteral("p50"));
  QCOMPARE(quantileName(0.99), QStringLiteral("p99"));
  QCOMPARE(quantileName(0.999), QStringLiteral("p99.9"));
  const std::vector<QString> names = distinctLabelTexts(
      {{{"job", "api"}, {"method", "GET"}}, {{"job", "api"}, {"method", "PUT"}}, {{"job", "api"}}},
      QStringLiteral("all"));
  QCOMPARE(names,
           (std::vector<QString>{QStringLiteral("{method=\"GET\"}"),
                                 QStringLiteral("{method=\"PUT\"}"), QStringLiteral("all")}));
  QCOMPARE(distinctLabelTexts({{{"job", "api"}}}, QStringLiteral("x")),
           (std::vector<QString>{QStringLiteral("x")}));
}

void TstMetricChartData::chartModesFollowType() {
  QCOMPARE(chartModesFor(MetricType::Counter, "x_total").front(), ChartMode::Rate);
  QCOMPARE(chartModesFor(MetricType::Counter, "x_total").size(), std::size_t(2));
  QCOMPARE(chartModesFor(MetricType::Histogram, "h").front(), ChartMode::Quantiles);
  QCOMPARE(chartModesFor(MetricType::Summary, "s").front(), ChartMode::Quantiles);
  QCOMPARE(chartModesFor(MetricType::Gauge, "g"), (std::vector<ChartMode>{ChartMode::Raw}));
  QCOMPARE(chartModesFor(MetricType::Untyped, "legacy_total").front(), ChartMode::Rate);
  QCOMPARE(chartModesFor(MetricType::Untyped, "legacy").front(), ChartMode::Raw);
}

void TstMetricChartData::buildsCounterRatesForChosenSeries() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {0, 10'000};
  table.series = {
      series("req", MetricType::Counter, "req_created", {{"code", "200"}}, {5, 5}),
      series("req", MetricType::Counter, "req_total", {{"code", "200"}}, {10, 30}),
      series("req", MetricType::Counter, "req_total", {{"code", "500"}}, {1, 2}),
  };
  const MetricFamilyData data = familyData(table, "req", MetricType::Counter);
  ChartRequest request;
  request.mode = ChartMode::Rate;
  ChartData chart = buildChart(data, request);
  // _created holds a timestamp, not a count: no rate of it.
  QCOMPARE(chart.lines.size(), std::size_t(2));
  QVERIFY(chart.perSecond);
  QCOMPARE(chart.lines[0].y, (std::vector<double>{2.0}));
  QCOMPARE(chart.lines[1].y, (std::vector<double>{0.1}));
  request.chosen = {info("req_total", {{"code", "500"}})};
  chart = buildChart(data, request);
  QCOMPARE(chart.lines.size(), std::size_t(1));
  QCOMPARE(chart.lines[0].name, QStringLiteral("req_total{code=\"500\"}"));
  // The raw value, one click away.
  request.mode = ChartMode::Raw;
  chart = buildChart(data, request);
  QVERIFY(!chart.perSecond);
  QCOMPARE(chart.lines[0].y, (std::vector<double>{1, 2}));
}

void TstMetricChartData::buildsHistogramQuantileLines() {
  const MetricFamilyData data = familyData(latencyTable(), "rpc_seconds", MetricType::Histogram);
  ChartRequest request;
  request.mode = ChartMode::Quantiles;
  ChartData chart = buildChart(data, request);
  QCOMPARE(chart.unit, MetricValueUnit::Seconds);
  // Nothing chosen: the label sets summed per bound, as sum by (le) does. Snapshot 2 sums to
  // 13/26/38: rank 19 lies in (0.1, 0.5].
  QCOMPARE(chart.lines.size(), std::size_t(3));
  QCOMPARE(chart.lines[0].name, QStringLiteral("p50 (all 2 label sets)"));
  QVERIFY(qFuzzyCompare(chart.lines[0].y[2], 0.1 + 0.4 * 6 / 13));
  // Both chosen: each label set on its own.
  request.chosen = {info("rpc_seconds_sum", {{"method", "GET"}}),
                    info("rpc_seconds_bucket", {{"le", "0.1"}, {"method", "PUT"}})};
  chart = buildChart(data, request);
  QCOMPARE(chart.lines.size(), std::size_t(6));
  QCOMPARE(chart.lines[0].name, QStringLiteral("p50 {method=\"GET\"}"));
  QCOMPARE(chart.lines[5].name, QStringLiteral("p99 {method=\"PUT\"}"));
  // Choosing any child of a label set (here its _count) picks the whole histogram.
  request.chosen = {info("rpc_seconds_count", {{"method", "GET"}})};
  chart = buildChart(data, request);
  QCOMPARE(chart.lines.size(), std::size_t(3));
  QCOMPARE(chart.lines[1].name, QStringLiteral("p90"));
  request.mode = ChartMode::IntervalQuantiles;
  chart = buildChart(data, request);
  QCOMPARE(chart.lines[0].y.size(), std::size_t(2));
  QCOMPARE(chosenHistogramGroups(data, request.chosen).size(), std::size_t(1));
}

void TstMetricChartData::buildsSummaryQuantiles() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {0, 10'000};
  const auto s = MetricType::Summary;
  table.series = {
      series("wait_seconds", s, "wait_seconds", {{"quantile", "0.5"}}, {0.1, 0.2}),
      series("wait_seconds", s, "wait_seconds", {{"quantile", "0.99"}}, {0.9, 1.1}),
      series("wait_seconds", s, "wait_seconds_count", {}, {10, 20}),
  };
  const MetricFamilyData data = familyData(table, "wait_seconds", s);
  ChartRequest request;
  request.mode = ChartMode::Quantiles;
  const ChartData chart = buildChart(data, request);
  QCOMPARE(chart.lines.size(), std::size_t(2));
  QCOMPARE(chart.lines[0].name, QStringLiteral("p50"));
  QCOMPARE(chart.lines[1].name, QStringLiteral("p99"));
  QCOMPARE(chart.lines[1].y, (std::vector<double>{0.9, 1.1}));
}

void TstMetricChartData::limitsLinesAndSaysSo() {
  MetricSeriesTable table;
  table.snapshotTimesMs = {0};
  for (int i = 0; i < 20; ++i) {
    table.series.push_back(
        series("g", MetricType::Gauge, "g", {{"cpu", std::to_string(i)}}, {double(i)}));
  }
  const MetricFamilyData data = familyData(table, "g", MetricType::Gauge);
  ChartRequest request;
  request.maxLines = 5;
  const ChartData chart = buildChart(data, request);
  QCOMPARE(chart.lines.size(), std::size_t(5));
  QVERIFY2(chart.note.contains(QStringLiteral("5 of 20")), qPrintable(chart.note));
  // A rate needs two snapshots; the note says what to do instead.
  request.mode = ChartMode::Rate;
  QVERIFY(buildChart(data, request).note.contains(QStringLiteral("Raw")));
}

void TstMetricChartData::redLinesSkipUnknownIntervals() {
  RedServiceOverview service;
  service.service = "shop";
  service.protocol = "HTTP server";
  RedInterval first;
  first.startMs = 0;
  first.endMs = 10'000;
  first.requestsPerSecond = 4;
  first.errorRatio = 0.25;
  RedInterval second = first;
  second.startMs = 10'000;
  second.endMs = 20'000;
  second.requestsPerSecond = 6;
  second.latencySeconds = 0.2;
  service.intervals = {first, second};
  const ChartLine rate = redLine(service, RedSignal::Rate);
  QCOMPARE(rate.name, QStringLiteral("shop · HTTP server"));
  QCOMPARE(rate.xSeconds, (std::vector<double>{10, 20}));
  QCOMPARE(rate.y, (std::vector<double>{4, 6}));
  QCOMPARE(redLine(service, RedSignal::Latency).xSeconds, (std::vector<double>{20}));
  QCOMPARE(redLine(service, RedSignal::Errors).y, (std::vector<double>{0.25, 0.25}));
}

QTEST_MAIN(TstMetricChartData)
#include "tst_metric_chart_data.moc"
