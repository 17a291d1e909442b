// Durations as text: the GUI's and the CLI's styles, metric seconds, and both parsers.
#include <QTest>

#include <algorithm>
#include <cmath>

#include "model/text/duration_text.h"

using namespace sightline;

class TstDurationText : public QObject {
  Q_OBJECT

 private slots:
  void formatsDurations_data() {
    QTest::addColumn<qulonglong>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0ull << QStringLiteral("0 ns");
    QTest::newRow("ns") << 999ull << QStringLiteral("999 ns");
    QTest::newRow("µs") << 1'500ull << QStringLiteral("1.5 µs");
    QTest::newRow("ms") << 250'000'000ull << QStringLiteral("250 ms");
    QTest::newRow("ms 3 digits") << 12'345'678ull << QStringLiteral("12.3 ms");
    QTest::newRow("s") << 1'500'000'000ull << QStringLiteral("1.5 s");
    QTest::newRow("min") << 120'000'000'000ull << QStringLiteral("2 min");
  }
  void formatsDurations() {
    QFETCH(qulonglong, ns);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ns), text);
    // What we print, we can read back (to the precision printed).
    const auto back = parseDurationInput(QString(text)
                                             .remove(QStringLiteral(" "))
                                             .replace(QStringLiteral("min"), QStringLiteral("m")));
    QVERIFY(back.has_value());
    QVERIFY(std::abs(double(*back) - double(ns)) <= std::max(1.0, double(ns) * 0.01));
  }

  // Where the rounding to three significant digits carries into the next digit or unit.
  void formatsDurationsAtBoundaries_data() {
    QTest::addColumn<qulonglong>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("first µs") << 1'000ull << QStringLiteral("1 µs");
    QTest::newRow("two decimals") << 1'234ull << QStringLiteral("1.23 µs");
    QTest::newRow("one decimal") << 12'345ull << QStringLiteral("12.3 µs");
    QTest::newRow("no decimal") << 123'456ull << QStringLiteral("123 µs");
    QTest::newRow("rounds up to 1000 µs") << 999'999ull << QStringLiteral("1000 µs");
    QTest::newRow("trailing zeros dropped") << 2'500'000ull << QStringLiteral("2.5 ms");
    QTest::newRow("last second") << 59'999'000'000ull << QStringLiteral("60 s");
    QTest::newRow("hours") << 5'400'000'000'000ull << QStringLiteral("1.5 h");
    QTest::newRow("many hours") << 360'000'000'000'000ull << QStringLiteral("100 h");
  }
  void formatsDurationsAtBoundaries() {
    QFETCH(qulonglong, ns);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ns), text);
  }

  void formatsCompactDurations_data() {
    QTest::addColumn<qulonglong>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("ns") << 850ull << QStringLiteral("850ns");
    QTest::newRow("few us") << 1500ull << QStringLiteral("1.50µs");
    QTest::newRow("us") << 12300ull << QStringLiteral("12.3µs");
    QTest::newRow("ms") << 45670000ull << QStringLiteral("45.67ms");
    QTest::newRow("s") << 1234000000ull << QStringLiteral("1.234s");
    QTest::newRow("minutes") << 125100000000ull << QStringLiteral("2m05.1s");
  }
  void formatsCompactDurations() {
    QFETCH(qulonglong, ns);
    QFETCH(QString, text);
    QCOMPARE(formatDurationCompact(ns), text);
  }

  void formatsSeconds_data() {
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0 s");
    QTest::newRow("seconds") << 1.25 << QStringLiteral("1.25 s");
    QTest::newRow("milliseconds") << 0.34 << QStringLiteral("340 ms");
    QTest::newRow("microseconds") << 0.0000125 << QStringLiteral("12.5 µs");
    QTest::newRow("nanoseconds") << 2.5e-9 << QStringLiteral("2.5 ns");
    QTest::newRow("below a nanosecond") << 2.5e-10 << QStringLiteral("0.25 ns");
    QTest::newRow("minutes") << 90.0 << QStringLiteral("1.5 min");
    QTest::newRow("hours") << 7200.0 << QStringLiteral("2 h");
    QTest::newRow("four digits") << 1.23456 << QStringLiteral("1.235 s");
    QTest::newRow("negative") << -0.02 << QStringLiteral("-20 ms");
  }
  void formatsSeconds() {
    QFETCH(double, seconds);
    QFETCH(QString, text);
    QCOMPARE(formatSeconds(seconds), text);
  }

  void parsesDurationInput_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qulonglong>("ns");
    QTest::newRow("ms") << QStringLiteral("250ms") << true << 250'000'000ull;
    QTest::newRow("fractional s") << QStringLiteral("1.5s") << true << 1'500'000'000ull;
    QTest::newRow("minutes") << QStringLiteral("2m") << true << 120'000'000'000ull;
    QTest::newRow("us") << QStringLiteral("800us") << true << 800'000ull;
    QTest::newRow("µs") << QStringLiteral("800µs") << true << 800'000ull;
    QTest::newRow("spaces and case") << QStringLiteral("  42 NS ") << true << 42ull;
    QTest::newRow("hours") << QStringLiteral("3h") << true << 10'800'000'000'000ull;
    QTest::newRow("min") << QStringLiteral("1.5 min") << true << 90'000'000'000ull;
    QTest::newRow("bare number is ms") << QStringLiteral("100") << true << 100'000'000ull;
    QTest::newRow("empty") << QString() << false << 0ull;
    QTest::newRow("no number") << QStringLiteral("ms") << false << 0ull;
    QTest::newRow("negative") << QStringLiteral("-5ms") << false << 0ull;
    QTest::newRow("unknown unit") << QStringLiteral("5 parsecs") << false << 0ull;
    QTest::newRow("two dots") << QStringLiteral("1.2.3s") << false << 0ull;
    QTest::newRow("trailing junk") << QStringLiteral("5ms later") << false << 0ull;
  }
  void parsesDurationInput() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qulonglong, ns);
    const auto parsed = sightline::parseDurationInput(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
      QCOMPARE(qulonglong(*parsed), ns);
  }

  void parsesDurationArguments_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qulonglong>("ns");
    QTest::newRow("ms") << QStringLiteral("100ms") << true << 100000000ull;
    QTest::newRow("fractional s") << QStringLiteral("1.5s") << true << 1500000000ull;
    QTest::newRow("us") << QStringLiteral("250us") << true << 250000ull;
    QTest::newRow("micro sign") << QStringLiteral("250µs") << true << 250000ull;
    QTest::newRow("ns") << QStringLiteral("10ns") << true << 10ull;
    QTest::newRow("minutes") << QStringLiteral("2m") << true << 120000000000ull;
    QTest::newRow("hours") << QStringLiteral("1h") << true << 3600000000000ull;
    QTest::newRow("space before unit") << QStringLiteral("5 ms") << true << 5000000ull;
    QTest::newRow("bare zero") << QStringLiteral("0") << true << 0ull;
    QTest::newRow("bare number") << QStringLiteral("100") << false << 0ull;
    QTest::newRow("negative") << QStringLiteral("-5ms") << false << 0ull;
    QTest::newRow("unit only") << QStringLiteral("ms") << false << 0ull;
    QTest::newRow("unknown unit") << QStringLiteral("5d") << false << 0ull;
    QTest::newRow("two dots") << QStringLiteral("1.5.2s") << false << 0ull;
    QTest::newRow("empty") << QString() << false << 0ull;
    QTest::newRow("overflow") << QStringLiteral("999999999h") << false << 0ull;
  }
  void parsesDurationArguments() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qulonglong, ns);
    const auto parsed = parseDurationArgument(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
      QCOMPARE(static_cast<qulonglong>(*parsed), ns);
  }
};

QTEST_GUILESS_MAIN(TstDurationText)
#include "tst_duration_text.moc"
