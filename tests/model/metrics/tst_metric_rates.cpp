#include <QTest>

#include <cmath>
#include <limits>

#include "model/metrics/metric_math.h"

using namespace sightline;

namespace {

// "time:value" pairs separated by spaces, times in seconds; snapshot ids count from 1.
std::vector<MetricPoint> parsePoints(const QByteArray& spec) {
  std::vector<MetricPoint> points;
  std::int64_t id = 1;
  for (const QByteArray& item : spec.split(' ')) {
    if (item.isEmpty()) {
      continue;
    }
    const QList<QByteArray> parts = item.split(':');
    points.push_back(MetricPoint{
        id++, static_cast<std::int64_t>(parts[0].toDouble() * 1000),
        parts[1] == "NaN" ? std::numeric_limits<double>::quiet_NaN() : parts[1].toDouble()});
  }
  return points;
}

// "endSeconds:perSecond[:r]" per rate point, r when the interval had a reset.
QByteArray formatRates(const std::vector<RatePoint>& rates) {
  QByteArray text;
  for (const RatePoint& rate : rates) {
    if (!text.isEmpty()) {
      text += ' ';
    }
    text += QByteArray::number(static_cast<double>(rate.timeMs) / 1000) + ':' +
            QByteArray::number(rate.perSecond) + (rate.reset ? ":r" : "");
  }
  return text;
}

}  // namespace

class TestMetricRates : public QObject {
  Q_OBJECT

 private slots:
  void rates_data() {
    QTest::addColumn<QByteArray>("points");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no points") << QByteArray("") << QByteArray("");
    QTest::newRow("one point has no interval") << QByteArray("0:5") << QByteArray("");
    QTest::newRow("steady") << QByteArray("0:0 10:50 20:150") << QByteArray("10:5 20:10");
    QTest::newRow("flat counter") << QByteArray("0:7 15:7") << QByteArray("15:0");
    QTest::newRow("reset counts from zero")
        << QByteArray("0:100 10:150 20:30 30:60") << QByteArray("10:5 20:3:r 30:3");
    QTest::newRow("reset to zero") << QByteArray("0:100 10:0") << QByteArray("10:0:r");
    QTest::newRow("uneven intervals") << QByteArray("0:0 2:10 12:20") << QByteArray("2:5 12:1");
    QTest::newRow("sub-second interval") << QByteArray("0:0 0.5:1") << QByteArray("0.5:2");
    QTest::newRow("zero-length interval is skipped")
        << QByteArray("0:0 10:10 10:20 20:30") << QByteArray("10:1 20:2");
    QTest::newRow("point out of order is skipped")
        << QByteArray("10:10 5:20 20:30") << QByteArray("20:2");
    QTest::newRow("fractional values") << QByteArray("0:0.5 4:1.5") << QByteArray("4:0.25");
  }

  void rates() {
    QFETCH(QByteArray, points);
    QFETCH(QByteArray, expected);
    const std::vector<MetricPoint> parsed = parsePoints(points);
    QCOMPARE(formatRates(counterRates(parsed)), expected);
  }

  void increase_data() {
    QTest::addColumn<QByteArray>("points");
    QTest::addColumn<double>("expected");
    QTest::newRow("no points") << QByteArray("") << 0.0;
    QTest::newRow("one point") << QByteArray("0:5") << 0.0;
    QTest::newRow("steady") << QByteArray("0:10 10:50 20:150") << 140.0;
    QTest::newRow("one reset") << QByteArray("0:100 10:150 20:30 30:60") << 50.0 + 30 + 30;
    QTest::newRow("two resets") << QByteArray("0:10 1:2 2:5 3:1") << 2.0 + 3 + 1;
    // PromQL only looks at drops, so a NaN between two readings leaves the total alone.
    QTest::newRow("NaN in the middle") << QByteArray("0:10 1:NaN 2:30") << 20.0;
  }

  void increase() {
    QFETCH(QByteArray, points);
    QFETCH(double, expected);
    const std::vector<MetricPoint> parsed = parsePoints(points);
    QCOMPARE(counterIncrease(parsed), expected);
  }

  void increaseIsTheSumOfDeltas() {
    const std::vector<MetricPoint> points = parsePoints("0:3 1:9 2:4 3:4 4:12 5:1 6:8");
    double sum = 0;
    for (std::size_t i = 1; i < points.size(); ++i) {
      sum += counterDelta(points[i - 1].value, points[i].value);
    }
    QCOMPARE(sum, counterIncrease(points));
    QCOMPARE(sum, 6.0 + 4 + 0 + 8 + 1 + 7);
  }

  void delta_data() {
    QTest::addColumn<double>("previous");
    QTest::addColumn<double>("current");
    QTest::addColumn<double>("expected");
    QTest::newRow("growth") << 10.0 << 25.0 << 15.0;
    QTest::newRow("unchanged") << 10.0 << 10.0 << 0.0;
    QTest::newRow("drop is a restart") << 10.0 << 4.0 << 4.0;
  }

  void delta() {
    QFETCH(double, previous);
    QFETCH(double, current);
    QFETCH(double, expected);
    QCOMPARE(counterDelta(previous, current), expected);
  }

  void processRestarts() {
    // process_start_time_seconds per snapshot: the process restarted before snapshots 3 and 5.
    const std::vector<MetricPoint> starts = parsePoints("0:1000 10:1000 20:1015 30:1015 40:1031");
    const std::vector<std::int64_t> restarts = processRestartSnapshots(starts);
    QCOMPARE(restarts, (std::vector<std::int64_t>{3, 5}));

    // The counter grew past its old value after the restart at snapshot 3: without the
    // start time the restart would look like an increase of 20.
    const std::vector<MetricPoint> counter = parsePoints("0:100 10:120 20:140 30:150 40:160");
    QCOMPARE(formatRates(counterRates(counter)), QByteArray("10:2 20:2 30:1 40:1"));
    QCOMPARE(formatRates(counterRates(counter, restarts)), QByteArray("10:2 20:14:r 30:1 40:16:r"));
  }
};

QTEST_GUILESS_MAIN(TestMetricRates)
#include "tst_metric_rates.moc"
