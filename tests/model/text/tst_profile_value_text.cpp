// Profile values as text in pprof's units: `top`'s columns (CLI) and the Profiles page's.
#include <QTest>

#include "model/text/profile_value_text.h"

using namespace sightline;

class TstProfileValueText : public QObject {
  Q_OBJECT

 private slots:
  // Expected strings are what pprof's measurement.ScaledLabel prints for the same input.
  void scaledValues_data() {
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("fromUnit");
    QTest::addColumn<QString>("toUnit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ns auto ms") << qint64(1'500'000) << "nanoseconds"
                                << "auto"
                                << "1.50ms";
    QTest::newRow("ns auto s") << qint64(2'000'000'000) << "nanoseconds"
                               << "auto"
                               << "2s";
    QTest::newRow("ns auto no minutes") << qint64(120'000'000'000) << "nanoseconds"
                                        << "auto"
                                        << "120s";
    QTest::newRow("ns auto hours") << qint64(7'200'000'000'000) << "nanoseconds"
                                   << "auto"
                                   << "2hrs";
    QTest::newRow("ns auto us") << qint64(1'234) << "nanoseconds"
                                << "auto"
                                << "1.23us";
    QTest::newRow("ns small") << qint64(999) << "nanoseconds"
                              << "auto"
                              << "999ns";
    QTest::newRow("ns to ms") << qint64(10'000'000) << "nanoseconds"
                              << "ms"
                              << "10ms";
    QTest::newRow("ns to ns") << qint64(1'700'000'000) << "nanoseconds"
                              << "ns"
                              << "1700000000ns";
    QTest::newRow("ns rounds") << qint64(1'005) << "nanoseconds"
                               << "us"
                               << "1us";
    QTest::newRow("bytes binary kB") << qint64(1536) << "bytes"
                                     << "auto"
                                     << "1.50kB";
    QTest::newRow("bytes MB") << qint64(16 * 1024 * 1024) << "bytes"
                              << "auto"
                              << "16MB";
    QTest::newRow("bytes to B") << qint64(1'438'672) << "bytes"
                                << "B"
                                << "1438672B";
    QTest::newRow("count bare") << qint64(42) << "count"
                                << "auto"
                                << "42";
    QTest::newRow("count to count") << qint64(42) << "count"
                                    << "count"
                                    << "42";
    QTest::newRow("unknown unit kept") << qint64(7) << "objects"
                                       << "objects"
                                       << "7objects";
    QTest::newRow("zero") << qint64(0) << "nanoseconds"
                          << "ms"
                          << "0";
    QTest::newRow("negative") << qint64(-40'000'000) << "nanoseconds"
                              << "ms"
                              << "-40ms";
    QTest::newRow("unit case and plural") << qint64(2048) << "Bytes"
                                          << "kilobytes"
                                          << "2kB";
    QTest::newRow("seconds input") << qint64(3) << "seconds"
                                   << "ms"
                                   << "3000ms";
  }
  void scaledValues() {
    QFETCH(qint64, value);
    QFETCH(QString, fromUnit);
    QFETCH(QString, toUnit);
    QFETCH(QString, expected);
    QCOMPARE(formatScaledValue(value, fromUnit.toStdString(), toUnit.toStdString()), expected);
  }

  void percentages_data() {
    QTest::addColumn<qint64>("value");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whole") << qint64(100) << qint64(100) << "  100%";
    QTest::newRow("near whole") << qint64(99951) << qint64(100000) << "  100%";
    QTest::newRow("two decimals") << qint64(4529) << qint64(10000) << "45.29%";
    QTest::newRow("below one") << qint64(87) << qint64(100000) << "0.087%";
    QTest::newRow("tiny") << qint64(56) << qint64(10000000) << "0.00056%";
    QTest::newRow("zero") << qint64(0) << qint64(100) << "    0%";
    QTest::newRow("negative is absolute") << qint64(-288) << qint64(10000) << " 2.88%";
    QTest::newRow("no total") << qint64(5) << qint64(0) << "    0%";
  }
  void percentages() {
    QFETCH(qint64, value);
    QFETCH(qint64, total);
    QFETCH(QString, expected);
    QCOMPARE(formatPercentage(value, total), expected);
  }

  // pprof's "minimum" unit: the smallest value's unit, or a hundred times it when the total
  // needs a bigger one.
  void outputUnit_data() {
    QTest::addColumn<QList<qint64>>("values");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("sampleUnit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("cpu in ms") << QList<qint64>{770'000'000, 30'000'000} << qint64(1'700'000'000)
                               << "nanoseconds"
                               << "ms";
    QTest::newRow("hundredfold") << QList<qint64>{770'000'000, 10'000'000} << qint64(1'700'000'000)
                                 << "nanoseconds"
                                 << "s";
    QTest::newRow("tiny value in big total")
        << QList<qint64>{5'000'000'000, 1'000} << qint64(6'000'000'000) << "nanoseconds"
        << "us";
    QTest::newRow("all in seconds")
        << QList<qint64>{2'000'000'000} << qint64(3'000'000'000) << "nanoseconds"
        << "s";
    QTest::newRow("bytes") << QList<qint64>{1248, 1'050'112} << qint64(1'438'672) << "bytes"
                           << "kB";
    QTest::newRow("count keeps its unit") << QList<qint64>{42, 1} << qint64(43) << "count"
                                          << "count";
    QTest::newRow("zeros use the total") << QList<qint64>{0} << qint64(2'000'000) << "nanoseconds"
                                         << "ms";
  }
  void outputUnit() {
    QFETCH(QList<qint64>, values);
    QFETCH(qint64, total);
    QFETCH(QString, sampleUnit);
    QFETCH(QString, expected);
    const std::vector<std::int64_t> rowValues(values.begin(), values.end());
    QCOMPARE(QString::fromStdString(selectOutputUnit(rowValues, total, sampleUnit.toStdString())),
             expected);
  }

  // The Profiles page's texts: pprof's, without the column padding.
  void formatsValuesLikePprof_data() {
    QTest::addColumn<qlonglong>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero ns") << 0LL << "nanoseconds"
                             << "0";
    QTest::newRow("10 ms") << 10'000'000LL << "nanoseconds"
                           << "10ms";
    QTest::newRow("1.5 s") << 1'500'000'000LL << "nanoseconds"
                           << "1.50s";
    QTest::newRow("1.7 s") << 1'700'000'000LL << "nanoseconds"
                           << "1.70s";
    QTest::newRow("999 ns") << 999LL << "nanoseconds"
                            << "999ns";
    QTest::newRow("1.5 us") << 1'500LL << "nanoseconds"
                            << "1.50us";
    QTest::newRow("hours") << 7'200'000'000'000LL << "nanoseconds"
                           << "2hrs";
    QTest::newRow("negative") << -20'000'000LL << "nanoseconds"
                              << "-20ms";
    QTest::newRow("seconds unit") << 3LL << "seconds"
                                  << "3s";
    QTest::newRow("bytes") << 512LL << "bytes"
                           << "512B";
    QTest::newRow("kB") << 1'024LL << "bytes"
                        << "1kB";
    QTest::newRow("1.5 kB") << 1'536LL << "bytes"
                            << "1.50kB";
    QTest::newRow("MB") << 5LL * 1024 * 1024 + 1024 * 512 << "bytes"
                        << "5.50MB";
    QTest::newRow("count") << 42LL << "count"
                           << "42";
    QTest::newRow("samples") << 7LL << "samples"
                             << "7";
    QTest::newRow("other unit") << 5LL << "widgets"
                                << "5widgets";
  }

  void formatsValuesLikePprof() {
    QFETCH(qlonglong, value);
    QFETCH(QString, unit);
    QFETCH(QString, expected);
    QCOMPARE(formatProfileValue(value, unit.toStdString()), expected);
  }

  void formatsPercentLikePprof_data() {
    QTest::addColumn<qlonglong>("value");
    QTest::addColumn<qlonglong>("total");
    QTest::addColumn<QString>("expected");
    QTest::newRow("third") << 1LL << 3LL << "33.33%";
    QTest::newRow("half") << 1LL << 2LL << "50.00%";
    QTest::newRow("all") << 1000LL << 1000LL << "100%";
    QTest::newRow("almost all") << 9996LL << 10000LL << "100%";
    QTest::newRow("tenth of a percent") << 1LL << 1000LL << "0.1%";
    QTest::newRow("two significant digits") << 123LL << 100000LL << "0.12%";
    QTest::newRow("negative uses magnitude") << -5LL << 100LL << "5.00%";
    QTest::newRow("zero") << 0LL << 100LL << "0%";
    QTest::newRow("zero total") << 5LL << 0LL << "0%";
  }

  void formatsPercentLikePprof() {
    QFETCH(qlonglong, value);
    QFETCH(qlonglong, total);
    QFETCH(QString, expected);
    QCOMPARE(formatProfilePercent(value, total), expected);
  }

  // What `top` and the Profiles page print for units pprof scales that the page does not
  // (GCU), and for units pprof does not know.
  void unitsOnlyTheColumnsScale_data() {
    QTest::addColumn<qlonglong>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("page");
    QTest::newRow("GCU") << 2'500LL << "gcu"
                         << "2.50k*GCU"
                         << "2500gcu";
    QTest::newRow("unknown unit") << 5LL << "widgets"
                                  << "5"
                                  << "5widgets";
    QTest::newRow("samples") << 7LL << "samples"
                             << "7"
                             << "7";
  }
  void unitsOnlyTheColumnsScale() {
    QFETCH(qlonglong, value);
    QFETCH(QString, unit);
    QFETCH(QString, column);
    QFETCH(QString, page);
    QCOMPARE(formatScaledValue(value, unit.toStdString(), "auto"), column);
    QCOMPARE(formatProfileValue(value, unit.toStdString()), page);
  }
};

QTEST_GUILESS_MAIN(TstProfileValueText)
#include "tst_profile_value_text.moc"
