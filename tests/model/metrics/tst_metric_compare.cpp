#include <QTest>

#include "model/metrics/metric_compare.h"
#include "tests/model/metrics/tst_metric_table_spec.h"

using namespace sightline;
using sightline::test::formatNumber;
using sightline::test::parseMetricTable;

namespace {

const char* kindText(MetricChangeKind kind) {
  switch (kind) {
    case MetricChangeKind::CounterRate:
      return "rate";
    case MetricChangeKind::CounterIncrease:
      return "increase";
    case MetricChangeKind::Gauge:
      return "gauge";
    case MetricChangeKind::HistogramQuantileInterval:
      return "quantile";
    case MetricChangeKind::HistogramQuantileCumulative:
      return "quantile since start";
  }
  return "?";
}

// "kind series [qQ] before→after (change, relative)" per change, one per line.
QByteArray describe(const std::vector<MetricChange>& changes) {
  QByteArrayList lines;
  for (const MetricChange& c : changes) {
    QByteArray line = QByteArray(kindText(c.kind)) + ' ' + QByteArray::fromStdString(c.series);
    if (!std::isnan(c.quantile)) {
      line += " q" + formatNumber(c.quantile);
    }
    line += ' ' + formatNumber(c.before) + "->" + formatNumber(c.after) + " (" +
            formatNumber(c.change) + ", " + formatNumber(c.relativeChange) + ')';
    lines << line;
  }
  return lines.join('\n');
}

}  // namespace

class TestMetricCompare : public QObject {
  Q_OBJECT

 private slots:
  void compare_data() {
    QTest::addColumn<QByteArray>("table");
    QTest::addColumn<int>("baseline");
    QTest::addColumn<int>("current");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("gauges compare values, biggest relative change first")
        << QByteArray(
               "@ 0 10;"
               "gauge queue_depth{q=\"a\"} 10 15;"
               "gauge queue_depth{q=\"b\"} 100 40;"
               "gauge memory_bytes 1000 1100")
        << 0 << 1
        << QByteArray(
               "gauge queue_depth{q=\"b\"} 100->40 (-60, -0.6)\n"
               "gauge queue_depth{q=\"a\"} 10->15 (5, 0.5)\n"
               "gauge memory_bytes 1000->1100 (100, 0.1)");

    // Rates over the interval before each snapshot: 10 s at 2/s, then 20 s at 5/s.
    QTest::newRow("counters compare the rate before each snapshot")
        << QByteArray(
               "@ 0 10 20 40;"
               "counter requests_total{job=\"a\"} 0 20 30 130")
        << 1 << 3 << QByteArray("rate requests_total{job=\"a\"} 2->5 (3, 1.5)");

    QTest::newRow("a reset inside the interval counts from zero")
        << QByteArray("@ 0 10 20 30;counter requests_total 0 10 50 20") << 1 << 3
        << QByteArray("rate requests_total 1->2 (1, 1)");

    QTest::newRow("no earlier snapshot: raw values and their increase")
        << QByteArray("@ 0 10;counter requests_total 100 160") << 0 << 1
        << QByteArray("increase requests_total 100->160 (60, 0.6)");

    QTest::newRow("raw values across a restart: the increase is the new value")
        << QByteArray("@ 0 10;counter requests_total 100 40") << 0 << 1
        << QByteArray("increase requests_total 100->40 (40, 0.4)");

    QTest::newRow("from zero is an infinite relative change")
        << QByteArray("@ 0 10;gauge errors_now 0 3;gauge cpu 2 3") << 0 << 1
        << QByteArray("gauge errors_now 0->3 (3, inf)\ngauge cpu 2->3 (1, 0.5)");

    // p50 and p99 of the increases over each interval. Before snapshot 1: 100 observations
    // 50 ≤ 0.1, all ≤ 1: p50 = 0.1, p99 = 0.1 + 0.9·49/50. Before snapshot 2: 100, 10 ≤ 0.1:
    // p50 = 0.1 + 0.9·40/90, p99 = 0.1 + 0.9·89/90.
    QTest::newRow("histograms compare quantiles over each interval")
        << QByteArray(
               "@ 0 10 20;"
               "histogram latency_seconds_bucket{le=\"0.1\"} 0 50 60;"
               "histogram latency_seconds_bucket{le=\"1\"} 0 100 200;"
               "histogram latency_seconds_bucket{le=\"+Inf\"} 0 100 200;"
               "histogram latency_seconds_sum 0 30 90;"
               "histogram latency_seconds_count 0 100 200")
        << 1 << 2
        << QByteArray(
               "quantile latency_seconds q0.5 0.1->0.5 (0.4, 4)\n"
               "quantile latency_seconds q0.99 0.982->0.99 (0.008, 0.00814664)");

    QTest::newRow("histogram without an earlier snapshot: cumulative buckets")
        << QByteArray(
               "@ 0 10;"
               "histogram latency_seconds_bucket{le=\"1\"} 10 10;"
               "histogram latency_seconds_bucket{le=\"2\"} 10 30;"
               "histogram latency_seconds_bucket{le=\"+Inf\"} 10 30")
        << 0 << 1
        << QByteArray(
               "quantile since start latency_seconds q0.5 0.5->1.25 (0.75, 1.5)\n"
               "quantile since start latency_seconds q0.99 0.99->1.985 (0.995, 1.00505)");

    QTest::newRow("histogram label sets are compared separately")
        << QByteArray(
               "@ 0 10;"
               "histogram d_bucket{m=\"GET\",le=\"1\"} 10 10;"
               "histogram d_bucket{m=\"GET\",le=\"+Inf\"} 10 10;"
               "histogram d_bucket{m=\"PUT\",le=\"1\"} 0 10;"
               "histogram d_bucket{m=\"PUT\",le=\"+Inf\"} 0 10")
        << 0 << 1 << QByteArray("");

    QTest::newRow("summaries: quantiles as values, _count as a counter")
        << QByteArray(
               "@ 0 10;"
               "summary rpc_seconds{quantile=\"0.99\"} 0.2 0.3;"
               "summary rpc_seconds_sum 10 20;"
               "summary rpc_seconds_count 100 110")
        << 0 << 1
        << QByteArray(
               "gauge rpc_seconds{quantile=\"0.99\"} 0.2->0.3 (0.1, 0.5)\n"
               "increase rpc_seconds_count 100->110 (10, 0.1)");

    QTest::newRow("untyped: _total is a counter, the rest gauges")
        << QByteArray("@ 0 10;untyped jobs_total 10 20;untyped temperature 20 25") << 0 << 1
        << QByteArray("increase jobs_total 10->20 (10, 1)\ngauge temperature 20->25 (5, 0.25)");

    QTest::newRow("absent, NaN, info and _created are left out")
        << QByteArray(
               "@ 0 10;"
               "gauge a - 3;"
               "gauge b 4 -;"
               "gauge c NaN 2;"
               "info build_info{version=\"1\"} 1 1;"
               "counter x_created 5 9")
        << 0 << 1 << QByteArray("");

    QTest::newRow("ties: absolute change, then series text")
        << QByteArray("@ 0 10;gauge b 10 20;gauge a 1 2;gauge c 10 20") << 0 << 1
        << QByteArray(
               "gauge b 10->20 (10, 1)\n"
               "gauge c 10->20 (10, 1)\n"
               "gauge a 1->2 (1, 1)");

    QTest::newRow("current before baseline compares backwards")
        << QByteArray("@ 0 10;gauge g 5 10") << 1 << 0 << QByteArray("gauge g 10->5 (-5, -0.5)");
  }

  void compare() {
    QFETCH(QByteArray, table);
    QFETCH(int, baseline);
    QFETCH(int, current);
    QFETCH(QByteArray, expected);
    QCOMPARE(
        describe(compareMetricSnapshots(parseMetricTable(table), static_cast<std::size_t>(baseline),
                                        static_cast<std::size_t>(current))),
        expected);
  }

  void limitAndUnchanged() {
    const MetricSeriesTable table = parseMetricTable("@ 0 10;gauge a 1 5;gauge b 1 3;gauge c 7 7");
    MetricCompareOptions options;
    options.limit = 1;
    QCOMPARE(describe(compareMetricSnapshots(table, 0, 1, options)),
             QByteArray("gauge a 1->5 (4, 4)"));
    options.limit = 0;
    options.includeUnchanged = true;
    QCOMPARE(compareMetricSnapshots(table, 0, 1, options).size(), std::size_t{3});
  }

  void outOfRangeSnapshotsGiveNothing() {
    const MetricSeriesTable table = parseMetricTable("@ 0 10;gauge a 1 5");
    QVERIFY(compareMetricSnapshots(table, 0, 2).empty());
  }
};

QTEST_GUILESS_MAIN(TestMetricCompare)
#include "tst_metric_compare.moc"
