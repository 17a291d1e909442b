// End-to-end tests of metrics through the built binary: `sightline import` of a folder of
// Prometheus snapshots (a time series) and of one file with --time, the metric lines of its
// summary, `sightline metrics` in its three forms, and the verb's place in `help`.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "tests/app/cli_process_runner.h"

using namespace sightline::cli_test;

namespace {

QString goClientFixture(int snapshot) {
  return QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus/go-client/snapshot-%1.prom")
      .arg(snapshot);
}

}  // namespace

class TstCliMetricsProcess : public QObject {
  Q_OBJECT

 private slots:
  void importsAFolderAsATimeSeries() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("scrapes"));
    QVERIFY(QDir().mkpath(folder));
    // Natural name order: snap-2 before snap-10. Names decide, not modification times.
    QVERIFY(QFile::copy(goClientFixture(1), folder + QStringLiteral("/snap-2.prom")));
    QVERIFY(QFile::copy(goClientFixture(3), folder + QStringLiteral("/snap-10.prom")));
    const QString db = dir.filePath(QStringLiteral("w.sightline"));

    const Run import = runSightline(
        {QStringLiteral("import"), QStringLiteral("--db"), db, folder, QStringLiteral("--json")});
    QCOMPARE(import.code, 0);
    const QJsonObject summary = parseObject(import.out);
    QCOMPARE(summary.value(QLatin1String("imported")).toInt(), 2);
    QCOMPARE(summary.value(QLatin1String("snapshots")).toInt(), 2);
    QCOMPARE(summary.value(QLatin1String("points")).toInt(), 142 + 143);
    const QJsonArray files = summary.value(QLatin1String("files")).toArray();
    QCOMPARE(files.size(), 2);
    QVERIFY(files.at(0)
                .toObject()
                .value(QLatin1String("path"))
                .toString()
                .endsWith(QLatin1String("snap-2.prom")));
    const QJsonObject first = files.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("format")).toString(), QStringLiteral("prometheus"));
    QCOMPARE(first.value(QLatin1String("families")).toInt(), 44);
    QCOMPARE(first.value(QLatin1String("points")).toInt(), 142);
    QCOMPARE(first.value(QLatin1String("snapshots")).toInt(), 1);

    // Two snapshots: every label set of the histogram has a quantile in each.
    const Run quantiles = runSightline(
        {QStringLiteral("metrics"), QStringLiteral("--db"), db, QStringLiteral("--quantile"),
         QStringLiteral("0.99"), QStringLiteral("--histogram"),
         QStringLiteral("http_server_request_duration_seconds"), QStringLiteral("--by"),
         QStringLiteral("method"), QStringLiteral("--json")});
    QCOMPARE(quantiles.code, 0);
    const QJsonArray groups = parseObject(quantiles.out).value(QLatin1String("groups")).toArray();
    QCOMPARE(groups.size(), 3);  // DELETE, GET, POST
    QCOMPARE(groups.at(0).toObject().value(QLatin1String("points")).toArray().size(), 2);
  }

  void textSummaryNamesSnapshotsAndPoints() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("w.sightline"));
    const Run import = runSightline({QStringLiteral("import"), QStringLiteral("--db"), db,
                                     QStringLiteral("--time"),
                                     QStringLiteral("2026-11-26T10:00:00Z"), goClientFixture(1)});
    QCOMPARE(import.code, 0);
    QVERIFY2(import.out.contains(QLatin1String("1 snapshot, 44 families, 142 series, 142 points")),
             qPrintable(import.out));
    QVERIFY2(import.out.endsWith(
                 QLatin1String("1 imported, 0 skipped, 0 failed; 0 traces, 0 spans; 1 snapshot, "
                               "142 points\n")),
             qPrintable(import.out));
    // --time is the snapshot's time.
    const Run series = runSightline({QStringLiteral("metrics"), QStringLiteral("--db"), db,
                                     QStringLiteral("--series"), QStringLiteral("cache_entries")});
    QCOMPARE(series.code, 0);
    QVERIFY2(series.out.contains(QLatin1String("2026-11-26T10:00:00.000Z")),
             qPrintable(series.out));

    const Run families = runSightline(
        {QStringLiteral("metrics"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(families.code, 0);
    QCOMPARE(parseObject(families.out).value(QLatin1String("families")).toArray().size(), 44);
  }

  void importUsageAndInputErrors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("--time not a time")
        << QStringList{QStringLiteral("--time"), QStringLiteral("yesterday"), goClientFixture(1)}
        << 2 << "--time expects an RFC 3339 time";
    QTest::newRow("--time without a zone")
        << QStringList{QStringLiteral("--time"), QStringLiteral("2026-11-26T10:00:00"),
                       goClientFixture(1)}
        << 2 << "--time expects";
    QTest::newRow("--time with several files")
        << QStringList{QStringLiteral("--time"), QStringLiteral("1795691465"), goClientFixture(1),
                       goClientFixture(2)}
        << 2 << "--time applies to a single file, not 2 files";
    QTest::newRow("no such path") << QStringList{QStringLiteral("/nonexistent/scrapes")} << 1
                                  << "/nonexistent/scrapes: no such file or folder";
  }
  void importUsageAndInputErrors() {
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("w.sightline"));
    arguments.prepend(db);
    arguments.prepend(QStringLiteral("--db"));
    arguments.prepend(QStringLiteral("import"));
    const Run run = runSightline(arguments);
    QCOMPARE(run.code, code);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    if (code == 2)
      QVERIFY(!QFileInfo::exists(db));  // a usage error touches nothing
  }

  void emptyFolderFails() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(folder));
    const Run run = runSightline({QStringLiteral("import"), QStringLiteral("--db"),
                                  dir.filePath(QStringLiteral("w.sightline")), folder});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QLatin1String("no file of a known format in the folder")),
             qPrintable(run.err));
  }

  void metricsIsAVerb() {
    const Run help = runSightline({QStringLiteral("help")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(QLatin1String("sightline metrics --db W [--json]")));
    const Run verbHelp = runSightline({QStringLiteral("help"), QStringLiteral("metrics")});
    QCOMPARE(verbHelp.code, 0);
    QVERIFY(verbHelp.out.startsWith(QLatin1String("Usage: sightline metrics")));
    const Run missing = runSightline({QStringLiteral("metrics"), QStringLiteral("--db"),
                                      QStringLiteral("/nonexistent/w.sightline")});
    QCOMPARE(missing.code, 1);
    const Run usage = runSightline({QStringLiteral("metrics")});
    QCOMPARE(usage.code, 2);
  }
};

QTEST_GUILESS_MAIN(TstCliMetricsProcess)
#include "tst_cli_metrics_process.moc"
