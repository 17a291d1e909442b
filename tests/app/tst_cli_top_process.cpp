// End-to-end tests of `sightline top`, `sightline flame` and the profile lines of `sightline
// import` through the built binary: every saved `go tool pprof -top` answer (the expected/
// folders of goPprofDirs()) is matched by `top FILE --json` and, given the same -unit, printed
// byte for byte by `top FILE`; and a workspace holding the Go fixtures gives the same report
// as the file.
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "tests/app/cli_process_runner.h"
#include "tests/app/pprof_top_expectation.h"

using namespace sightline::cli_test;
using namespace sightline::pprof_test;

Q_DECLARE_METATYPE(sightline::pprof_test::TopExpectation)

namespace {

QStringList topArguments(const TopExpectation& expectation) {
  QStringList arguments{QStringLiteral("top"), fixturePath(expectation.profile, expectation.dir),
                        QStringLiteral("--sample-type"), expectation.sampleType};
  if (!expectation.base.isEmpty())
    arguments << QStringLiteral("--diff-base") << fixturePath(expectation.base, expectation.dir);
  if (!expectation.filterName.isEmpty())
    arguments << QStringLiteral("--") + expectation.filterName << expectation.filterRegex;
  return arguments;
}

void addExpectationRows() {
  QTest::addColumn<TopExpectation>("expectation");
  for (const TopExpectation& expectation : readTopExpectations())
    QTest::newRow(qPrintable(testName(expectation))) << expectation;
}

const QStringList kImported{QStringLiteral("cpu"), QStringLiteral("heap"),
                            QStringLiteral("cpu_before"), QStringLiteral("cpu_after")};

}  // namespace

class TstCliTopProcess : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_db;
  QMap<QString, QString> m_profileIds;  // fixture name → profile id in m_db

  QString expectedText(const QString& fileName) const {
    QFile file(goPprofDir() + QStringLiteral("/expected/") + fileName);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
  }

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("profiles.sightline"));
    QStringList arguments{QStringLiteral("import"), QStringLiteral("--db"), m_db};
    for (const QString& name : kImported)
      arguments << fixturePath(name);
    const Run run = runSightline(arguments);
    QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
    // "imported  …/cpu.pb.gz  pprof  1 profile, 2 sample types, N samples"
    static const QRegularExpression kCpuLine(QStringLiteral(
        "imported +\\S+/cpu\\.pb\\.gz +\\S+ +1 profile, 2 sample types, [1-9][0-9]* samples\\n"));
    QVERIFY2(kCpuLine.match(run.out).hasMatch(), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("1 profile, 4 sample types, ")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("4 imported, 0 skipped, 0 failed; 0 traces, 0 spans; "
                                             "4 profiles, ")),
             qPrintable(run.out));

    // Without --profile, a workspace of several profiles is a usage error listing them.
    const Run listing = runSightline({QStringLiteral("top"), QStringLiteral("--db"), m_db});
    QCOMPARE(listing.code, 2);
    QVERIFY2(listing.err.contains(QStringLiteral("holds 4 profiles; choose one with --profile ID")),
             qPrintable(listing.err));
    static const QRegularExpression kListed(QStringLiteral("^  (\\d+)  \\S*/(\\w+)\\.pb\\.gz  \\("),
                                            QRegularExpression::MultilineOption);
    for (auto it = kListed.globalMatch(listing.err); it.hasNext();) {
      const QRegularExpressionMatch match = it.next();
      m_profileIds.insert(match.captured(2), match.captured(1));
    }
    QCOMPARE(m_profileIds.size(), kImported.size());
  }

  void importJsonCountsProfiles() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("w.sightline"));
    const Run run = runSightline({QStringLiteral("import"), QStringLiteral("--db"), db,
                                  QStringLiteral("--json"), fixturePath(QStringLiteral("mutex"))});
    QCOMPARE(run.code, 0);
    const QJsonObject summary = parseObject(run.out);
    QCOMPARE(summary.value(QLatin1String("profiles")).toInteger(), 1);
    QVERIFY(summary.value(QLatin1String("samples")).toInteger() > 0);
    const QJsonObject file = summary.value(QLatin1String("files")).toArray().at(0).toObject();
    QCOMPARE(file.value(QLatin1String("outcome")).toString(), QStringLiteral("imported"));
    QCOMPARE(file.value(QLatin1String("profiles")).toInteger(), 1);
    QCOMPARE(file.value(QLatin1String("samples")).toInteger(),
             summary.value(QLatin1String("samples")).toInteger());
    const QJsonArray types = file.value(QLatin1String("sample_types")).toArray();
    QCOMPARE(types.size(), 2);
    QCOMPARE(types.at(1).toObject().value(QLatin1String("type")).toString(),
             QStringLiteral("delay"));
    QCOMPARE(types.at(1).toObject().value(QLatin1String("unit")).toString(),
             QStringLiteral("nanoseconds"));

    // The only profile of a workspace needs no --profile.
    const Run top =
        runSightline({QStringLiteral("top"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(top.code == 0, qPrintable(top.err));
    const QJsonObject report = parseObject(top.out);
    QCOMPARE(report.value(QLatin1String("sample_type")).toString(), QStringLiteral("delay"));
    const TopExpectation expected = parseTopExpectation(
        goPprofDir() + QStringLiteral("/expected/mutex.delay.top.txt"), readFilterOptions());
    QCOMPARE(report.value(QLatin1String("total")).toInteger(), expected.total);
    QCOMPARE(report.value(QLatin1String("rows")).toArray().size(), expected.rows.size());
  }

  // The binary's --json against every saved pprof answer: same total, same rows in order.
  void jsonMatchesPprof_data() { addExpectationRows(); }
  void jsonMatchesPprof() {
    QFETCH(TopExpectation, expectation);
    QVERIFY2(expectation.error.isEmpty(), qPrintable(expectation.error));
    const Run run = runSightline(topArguments(expectation) << QStringLiteral("--json"));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject report = parseObject(run.out);
    QCOMPARE(report.value(QLatin1String("sample_type")).toString(), expectation.sampleType);
    QCOMPARE(report.value(QLatin1String("total")).toInteger(), expectation.total);
    const QJsonArray rows = report.value(QLatin1String("rows")).toArray();
    QCOMPARE(rows.size(), expectation.rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
      const QJsonObject row = rows.at(i).toObject();
      const ExpectedRow& expected = expectation.rows.at(i);
      const QString where = QStringLiteral("row %1 (%2)").arg(i).arg(expected.function);
      QVERIFY2(row.value(QLatin1String("function")).toString() == expected.function,
               qPrintable(where));
      QVERIFY2(row.value(QLatin1String("flat")).toInteger() == expected.flat, qPrintable(where));
      QVERIFY2(row.value(QLatin1String("cum")).toInteger() == expected.cum, qPrintable(where));
    }
  }

  // The binary's text against every saved pprof answer, header and inline marks included.
  void textMatchesPprof_data() { addExpectationRows(); }
  void textMatchesPprof() {
    QFETCH(TopExpectation, expectation);
    QVERIFY2(expectation.error.isEmpty(), qPrintable(expectation.error));
    const Run run =
        runSightline(topArguments(expectation) << QStringLiteral("--unit") << expectation.unit);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, expectation.text);
  }

  // A profile read back from the workspace reports exactly what its file reports, header
  // lines included (file name, time, duration survive the store).
  void workspaceProfileMatchesPprof_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("sampleType");
    QTest::addColumn<QString>("unit");
    QTest::newRow("cpu cpu") << "cpu"
                             << "cpu"
                             << "ns";
    QTest::newRow("cpu samples") << "cpu"
                                 << "samples"
                                 << "count";
    QTest::newRow("heap alloc_space") << "heap"
                                      << "alloc_space"
                                      << "B";
    QTest::newRow("heap inuse_objects") << "heap"
                                        << "inuse_objects"
                                        << "count";
  }
  void workspaceProfileMatchesPprof() {
    QFETCH(QString, fixture);
    QFETCH(QString, sampleType);
    QFETCH(QString, unit);
    const Run run =
        runSightline({QStringLiteral("top"), QStringLiteral("--db"), m_db,
                      QStringLiteral("--profile"), m_profileIds.value(fixture),
                      QStringLiteral("--sample-type"), sampleType, QStringLiteral("--unit"), unit});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, expectedText(QStringLiteral("%1.%2.top.txt").arg(fixture, sampleType)));
  }

  void workspaceDiffBaseIsAProfileId() {
    const Run run = runSightline(
        {QStringLiteral("top"), QStringLiteral("--db"), m_db, QStringLiteral("--profile"),
         m_profileIds.value(QStringLiteral("cpu_after")), QStringLiteral("--diff-base"),
         m_profileIds.value(QStringLiteral("cpu_before")), QStringLiteral("--unit"),
         QStringLiteral("ns")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, expectedText(QStringLiteral("cpu_after.diff_base_cpu_before.cpu.top.txt")));
  }

  void unknownProfileId() {
    const Run run = runSightline({QStringLiteral("top"), QStringLiteral("--db"), m_db,
                                  QStringLiteral("--profile"), QStringLiteral("999999")});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QStringLiteral("no profile 999999 in")), qPrintable(run.err));
    const Run notNumber = runSightline({QStringLiteral("top"), QStringLiteral("--db"), m_db,
                                        QStringLiteral("--profile"), QStringLiteral("cpu")});
    QCOMPARE(notNumber.code, 2);
  }

  void unknownSampleTypeListsTheTypes() {
    const Run run = runSightline({QStringLiteral("top"), fixturePath(QStringLiteral("heap")),
                                  QStringLiteral("--sample-type"), QStringLiteral("cpu")});
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(QStringLiteral("it has: alloc_objects/count, alloc_space/bytes, "
                                             "inuse_objects/count, inuse_space/bytes")),
             qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
  }

  void flameFromTheWorkspace() {
    const QString out = m_dir.filePath(QStringLiteral("heap.svg"));
    const Run run = runSightline(
        {QStringLiteral("flame"), QStringLiteral("--db"), m_db, QStringLiteral("--profile"),
         m_profileIds.value(QStringLiteral("heap")), QStringLiteral("--svg"), out});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.startsWith("<?xml"));
    QVERIFY(svg.contains("main.allocBuffers"));
    QVERIFY(svg.contains("Flame graph: profile "));
  }
};

// pprof printed "Time:" in UTC; the binary inherits this time zone.
int main(int argc, char** argv) {
  qputenv("TZ", "UTC");
  QCoreApplication app(argc, argv);
  TstCliTopProcess test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_cli_top_process.moc"
