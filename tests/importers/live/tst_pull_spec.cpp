#include <QtTest>

#include "importers/live/pull_spec.h"

using namespace sightline;

class TestPullSpec : public QObject {
  Q_OBJECT

 private slots:
  void parsesSpecs_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("url");
    QTest::addColumn<qint64>("intervalMs");  // -1: none; -2: refused
    QTest::newRow("url only") << "http://127.0.0.1:9100/metrics"
                              << "http://127.0.0.1:9100/metrics" << qint64(-1);
    QTest::newRow("seconds") << "http://h:9100/metrics,15s"
                             << "http://h:9100/metrics" << qint64(15000);
    QTest::newRow("bare seconds") << "http://h/,30"
                                  << "http://h/" << qint64(30000);
    QTest::newRow("ms") << "http://h/,500ms"
                        << "http://h/" << qint64(500);
    QTest::newRow("minutes") << "http://h/debug/pprof/,2m"
                             << "http://h/debug/pprof/" << qint64(120000);
    QTest::newRow("fraction") << "http://h/,1.5s"
                              << "http://h/" << qint64(1500);
    // What follows the last comma is an interval whenever it reads as one.
    QTest::newRow("number after the last comma") << "http://h/metrics?a=1,2"
                                                 << "http://h/metrics?a=1" << qint64(2000);
    QTest::newRow("comma in query, no interval")
        << "http://h/federate?match[]=up,b=c"
        << "http://h/federate?match[]=up,b=c" << qint64(-1);
    QTest::newRow("bad unit") << "http://h/,15x"
                              << "" << qint64(-2);
    QTest::newRow("zero") << "http://h/,0s"
                          << "" << qint64(-2);
    QTest::newRow("negative") << "http://h/,-5s"
                              << "" << qint64(-2);
    QTest::newRow("no url") << ",15s"
                            << "" << qint64(-2);
  }
  void parsesSpecs() {
    QFETCH(QString, text);
    QFETCH(QString, url);
    QFETCH(qint64, intervalMs);
    std::string error;
    const auto spec = parsePullSpec(text.toStdString(), &error);
    if (intervalMs == -2) {
      QVERIFY(!spec);
      QVERIFY(!error.empty());
      return;
    }
    QVERIFY2(spec, error.c_str());
    QCOMPARE(QString::fromStdString(spec->url), url);
    QCOMPARE(spec->interval ? qint64(spec->interval->count()) : qint64(-1), intervalMs);
  }
};

QTEST_GUILESS_MAIN(TestPullSpec)
#include "tst_pull_spec.moc"
