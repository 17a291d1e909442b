// Metric values as text: the exposition format's (CLI), for people and in their unit (GUI).
#include <QTest>

#include <limits>

#include "model/text/metric_value_text.h"

using namespace sightline;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

class TstMetricValueText : public QObject {
  Q_OBJECT

 private slots:
  void formatsValuesLikeTheExpositionFormat_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << 42.0 << "42";
    QTest::newRow("fraction") << 0.1 << "0.1";
    QTest::newRow("shortest round trip") << 0.30749999999999994 << "0.30749999999999994";
    QTest::newRow("large") << 1.7e9 << "1.7e+09";
    QTest::newRow("negative") << -3.25 << "-3.25";
    QTest::newRow("NaN") << kNaN << "NaN";
    QTest::newRow("+Inf") << kInf << "+Inf";
    QTest::newRow("-Inf") << -kInf << "-Inf";
  }
  void formatsValuesLikeTheExpositionFormat() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(formatExpositionValue(value), text);
  }

  void formatsValues_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("unit");
    QTest::addColumn<QString>("expected");
    const int plain = int(MetricValueUnit::Plain), sec = int(MetricValueUnit::Seconds),
              bytes = int(MetricValueUnit::Bytes), ratio = int(MetricValueUnit::Ratio);
    QTest::newRow("integer") << 1234567.0 << plain << QStringLiteral("1234567");
    QTest::newRow("negative integer") << -42.0 << plain << QStringLiteral("-42");
    QTest::newRow("fraction") << 12.3456 << plain << QStringLiteral("12.35");
    QTest::newRow("small fraction") << 0.0012344 << plain << QStringLiteral("0.001234");
    QTest::newRow("tiny") << 1.5e-7 << plain << QStringLiteral("1.5e-07");
    QTest::newRow("huge") << 1.5e20 << plain << QStringLiteral("1.5e+20");
    QTest::newRow("nan") << kNaN << plain << QStringLiteral("NaN");
    QTest::newRow("+inf") << kInf << sec << QStringLiteral("+Inf");
    QTest::newRow("-inf") << -kInf << bytes << QStringLiteral("-Inf");
    QTest::newRow("seconds") << 1.25 << sec << QStringLiteral("1.25 s");
    QTest::newRow("milliseconds") << 0.34 << sec << QStringLiteral("340 ms");
    QTest::newRow("microseconds") << 0.0000125 << sec << QStringLiteral("12.5 µs");
    QTest::newRow("minutes") << 90.0 << sec << QStringLiteral("1.5 min");
    QTest::newRow("zero seconds") << 0.0 << sec << QStringLiteral("0 s");
    QTest::newRow("bytes") << 512.0 << bytes << QStringLiteral("512 B");
    QTest::newRow("mebibytes") << 1.5 * 1024 * 1024 << bytes << QStringLiteral("1.5 MiB");
    QTest::newRow("ratio") << 0.125 << ratio << QStringLiteral("12.5 %");
  }
  void formatsValues() {
    QFETCH(double, value);
    QFETCH(int, unit);
    QFETCH(QString, expected);
    QCOMPARE(formatMetricValue(value, static_cast<MetricValueUnit>(unit)), expected);
  }

  void guessesUnits() {
    QCOMPARE(metricValueUnit("http_request_duration_seconds", ""), MetricValueUnit::Seconds);
    QCOMPARE(metricValueUnit("process_cpu_seconds_total", ""), MetricValueUnit::Seconds);
    QCOMPARE(metricValueUnit("upload_payload_bytes", ""), MetricValueUnit::Bytes);
    QCOMPARE(metricValueUnit("cache_hit_ratio", ""), MetricValueUnit::Ratio);
    QCOMPARE(metricValueUnit("temperature", "celsius"), MetricValueUnit::Plain);
    QCOMPARE(metricValueUnit("latency", "seconds"), MetricValueUnit::Seconds);
    QCOMPARE(metricValueUnit("http_requests_total", ""), MetricValueUnit::Plain);
  }

  void formatsRatesAndChanges() {
    QCOMPARE(formatMetricRate(2.5, MetricValueUnit::Plain), QStringLiteral("2.5/s"));
    QCOMPARE(formatMetricRate(1024 * 3, MetricValueUnit::Bytes), QStringLiteral("3 KiB/s"));
    QCOMPARE(formatMetricChange(0.02, MetricValueUnit::Seconds), QStringLiteral("+20 ms"));
    QCOMPARE(formatMetricChange(-3, MetricValueUnit::Plain), QStringLiteral("-3"));
    QCOMPARE(formatRelativeChange(0.123), QStringLiteral("+12.3 %"));
    QCOMPARE(formatRelativeChange(-1), QStringLiteral("-100 %"));
    QCOMPARE(formatRelativeChange(kInf), QStringLiteral("+∞"));
    QCOMPARE(seriesText("up", {}), QStringLiteral("up"));
    QCOMPARE(seriesText("x_total", {{"a", "1"}, {"b", "q\"t"}}),
             QStringLiteral("x_total{a=\"1\",b=\"q\\\"t\"}"));
  }

  // The rate and change spellings of what formatsRatesAndChanges leaves out: non-finite
  // values, plain rates with four significant digits, utilisations and unchanged values.
  void formatsRatesAndChangesEdges_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain rate keeps fractions")
        << formatMetricRate(1000.0, MetricValueUnit::Plain) << QStringLiteral("1000/s");
    QTest::newRow("plain rate, four digits")
        << formatMetricRate(0.333333, MetricValueUnit::Plain) << QStringLiteral("0.3333/s");
    QTest::newRow("seconds per second")
        << formatMetricRate(0.25, MetricValueUnit::Seconds) << QStringLiteral("250 ms/s");
    QTest::newRow("NaN rate") << formatMetricRate(kNaN, MetricValueUnit::Bytes)
                              << QStringLiteral("NaN");
    QTest::newRow("infinite change")
        << formatMetricChange(-kInf, MetricValueUnit::Seconds) << QStringLiteral("-Inf");
    QTest::newRow("no change") << formatMetricChange(0, MetricValueUnit::Plain)
                               << QStringLiteral("0");
    QTest::newRow("ratio change") << formatMetricChange(0.05, MetricValueUnit::Ratio)
                                  << QStringLiteral("+5 %");
    QTest::newRow("relative NaN") << formatRelativeChange(kNaN) << QStringLiteral("NaN");
    QTest::newRow("relative -inf") << formatRelativeChange(-kInf) << QStringLiteral("−∞");
    QTest::newRow("relative zero") << formatRelativeChange(0) << QStringLiteral("0 %");
  }
  void formatsRatesAndChangesEdges() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(text, expected);
  }
};

QTEST_GUILESS_MAIN(TstMetricValueText)
#include "tst_metric_value_text.moc"
