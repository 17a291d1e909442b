// Points in time as text: the CLI's UTC ISO 8601 and the GUI's local time.
#include <QTest>

#include <cstdlib>
#include <ctime>

#include "model/text/timestamp_text.h"

using namespace sightline;

class TstTimestampText : public QObject {
  Q_OBJECT

 private slots:
  // Local time in a fixed zone with daylight saving time, so the expected texts hold on any
  // machine.
  void initTestCase() {
    qputenv("TZ", "Europe/Berlin");
    tzset();
  }

  void formatsUtcTimestamps_data() {
    QTest::addColumn<qulonglong>("unixNano");
    QTest::addColumn<QString>("text");
    QTest::newRow("epoch") << 0ull << QStringLiteral("1970-01-01T00:00:00.000Z");
    QTest::newRow("milliseconds, nanoseconds cut")
        << 1700000000123456789ull << QStringLiteral("2023-11-14T22:13:20.123Z");
    QTest::newRow("last millisecond of a day")
        << 1700006399999999999ull << QStringLiteral("2023-11-14T23:59:59.999Z");
  }
  void formatsUtcTimestamps() {
    QFETCH(qulonglong, unixNano);
    QFETCH(QString, text);
    QCOMPARE(formatUtcTimestamp(unixNano), text);
  }

  void formatsLocalTimestamps_data() {
    QTest::addColumn<qulonglong>("unixNano");
    QTest::addColumn<QString>("text");
    QTest::newRow("winter, UTC+1")
        << 1700000000123456789ull << QStringLiteral("2023-11-14 23:13:20.123");
    QTest::newRow("summer, UTC+2")
        << 1690000000000000000ull << QStringLiteral("2023-07-22 06:26:40.000");
  }
  void formatsLocalTimestamps() {
    QFETCH(qulonglong, unixNano);
    QFETCH(QString, text);
    QCOMPARE(formatLocalTimestamp(unixNano), text);
    QCOMPARE(formatLocalTimestampMs(static_cast<qint64>(unixNano / 1'000'000)), text);
  }

  void formatsLocalTimestampsBefore1970() {
    QCOMPARE(formatLocalTimestampMs(-1), QStringLiteral("1970-01-01 00:59:59.999"));
  }
};

QTEST_GUILESS_MAIN(TstTimestampText)
#include "tst_timestamp_text.moc"
