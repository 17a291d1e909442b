// Unit tests of `sightline top` run in process: the text and JSON printers on hand-made
// reports, and the verb's usage and input errors on the Go fixtures.
// Equality with `go tool pprof` itself is tst_pprof_reference.cpp.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "app/command_line.h"
#include "app/top_command.h"
#include "tests/app/cli_in_process_runner.h"

using namespace sightline;
using namespace sightline::cli;
using sightline::test::CommandRun;
using sightline::test::fixture;
using sightline::test::run;

namespace {

TopReport cpuReport() {
  TopReport report;
  report.sampleType = {"cpu", "nanoseconds"};
  report.total = 2'500'000'000;
  report.rows = {{"main.work", 1'200'000'000, 1'200'000'000, TopInline::kNone},
                 {"main.mix", 800'000'000, 800'000'000, TopInline::kInline},
                 {"runtime.mallocgc", 500'000'000, 600'000'000, TopInline::kPartialInline},
                 {"main.main", 0, 2'500'000'000, TopInline::kNone}};
  report.rowsBeforeLimit = report.rows.size();
  return report;
}

}  // namespace

class TstCliTop : public QObject {
  Q_OBJECT

 private slots:
  void textReport() {
    const QString text = formatTopText(cpuReport());
    const QString expected = QStringLiteral(
        "Showing nodes accounting for 2500ms, 100% of 2500ms total\n"
        "      flat  flat%   sum%        cum   cum%\n"
        "    1200ms 48.00% 48.00%     1200ms 48.00%  main.work\n"
        "     800ms 32.00% 80.00%      800ms 32.00%  main.mix (inline)\n"
        "     500ms 20.00%   100%      600ms 24.00%  runtime.mallocgc (partial-inline)\n"
        "         0     0%   100%     2500ms   100%  main.main\n");
    QCOMPARE(text, expected);
  }

  void textReportInAGivenUnit() {
    TopTextOptions options;
    options.unit = "s";
    QString text = formatTopText(cpuReport(), options);
    QVERIFY2(
        text.contains(QStringLiteral("     1.20s 48.00% 48.00%      1.20s 48.00%  main.work\n")),
        qPrintable(text));
    options.unit = "auto";
    text = formatTopText(cpuReport(), options);
    QVERIFY2(text.contains(QStringLiteral("     500ms 20.00%   100%      600ms 24.00%  runtime")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("         0     0%   100%      2.50s   100%  main.main")),
             qPrintable(text));
  }

  void textReportSaysWhenRowsWereCut() {
    TopReport report = cpuReport();
    report.rows.resize(2);
    const QString text = formatTopText(report);
    QVERIFY2(text.startsWith(QStringLiteral("Showing nodes accounting for 2000ms, 80.00% of 2500ms "
                                            "total\nShowing top 2 nodes out of 4\n")),
             qPrintable(text));
  }

  void headerLines() {
    ProfileData profile;
    profile.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
    profile.mappings.push_back({});
    profile.mappings.back().fileName = "/tmp/go-build/exe/server";
    profile.comments = {"# hidden", "built by ci"};
    profile.durationNanos = 10'000'000'000;
    TopTextOptions options;
    options.profile = &profile;
    options.filter.focus = "^main\\.";
    options.filter.hide = "runtime";
    const QString text = formatTopText(cpuReport(), options);
    QVERIFY2(text.startsWith(QStringLiteral("File: server\n"
                                            "built by ci\n"
                                            "Type: cpu\n"
                                            "Duration: 10s, Total samples = 2500ms (25.00%)\n"
                                            "Active filters:\n"
                                            "   focus=^main\\.\n"
                                            "   hide=runtime\n"
                                            "Showing nodes accounting for")),
             qPrintable(text));
  }

  void jsonReport() {
    QString text;
    QTextStream stream(&text);
    writeTopJson(stream, cpuReport());
    stream.flush();
    QVERIFY(text.endsWith(QLatin1Char('\n')));
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(object.keys().size(), 4);
    QCOMPARE(object.value(QLatin1String("sample_type")).toString(), QStringLiteral("cpu"));
    QCOMPARE(object.value(QLatin1String("unit")).toString(), QStringLiteral("nanoseconds"));
    QCOMPARE(object.value(QLatin1String("total")).toInteger(), 2'500'000'000);
    const QJsonArray rows = object.value(QLatin1String("rows")).toArray();
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[2].toObject().value(QLatin1String("function")).toString(),
             QStringLiteral("runtime.mallocgc"));
    QCOMPARE(rows[2].toObject().value(QLatin1String("flat")).toInteger(), 500'000'000);
    QCOMPARE(rows[2].toObject().value(QLatin1String("cum")).toInteger(), 600'000'000);
    QVERIFY(text.startsWith(QStringLiteral("{\"sample_type\":\"cpu\",\"unit\":\"nanoseconds\",")));
  }

  void fileReport() {
    const CommandRun result = run({QStringLiteral("top"), fixture("goroutine.pb.gz")});
    QCOMPARE(result.code, kExitOk);
    QVERIFY2(result.out.contains(
                 QStringLiteral("Showing nodes accounting for 43, 100% of 43 total\n"
                                "      flat  flat%   sum%        cum   cum%\n"
                                "        42 97.67% 97.67%         42 97.67%  runtime.gopark\n")),
             qPrintable(result.out));
    QVERIFY(result.err.isEmpty());
  }

  void sampleTypeByName() {
    const CommandRun result =
        run({QStringLiteral("top"), QStringLiteral("--sample-type"),
             QStringLiteral("alloc_objects"), QStringLiteral("--json"), fixture("heap.pb.gz")});
    QCOMPARE(result.code, kExitOk);
    const QJsonObject object = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QCOMPARE(object.value(QLatin1String("sample_type")).toString(),
             QStringLiteral("alloc_objects"));
    QCOMPARE(object.value(QLatin1String("unit")).toString(), QStringLiteral("count"));
  }

  void errors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString cpu = fixture("cpu.pb.gz");
    QTest::newRow("unknown sample type")
        << QStringList{QStringLiteral("top"), QStringLiteral("--sample-type=alloc"), cpu}
        << kExitUsage
        << "no sample type 'alloc' in cpu.pb.gz; it has: samples/count, cpu/nanoseconds";
    QTest::newRow("nothing to read")
        << QStringList{QStringLiteral("top")} << kExitUsage << "expected --db W or a profile FILE";
    QTest::newRow("two files") << QStringList{QStringLiteral("top"), cpu, cpu} << kExitUsage
                               << "expected one profile FILE, got 2";
    QTest::newRow("db and file") << QStringList{QStringLiteral("top"), QStringLiteral("--db"),
                                                QStringLiteral("w"), cpu}
                                 << kExitUsage << "give either --db W or a FILE";
    QTest::newRow("profile without db")
        << QStringList{QStringLiteral("top"), QStringLiteral("--profile"), QStringLiteral("1"), cpu}
        << kExitUsage << "--profile needs --db";
    QTest::newRow("bad regex") << QStringList{QStringLiteral("top"), QStringLiteral("--focus"),
                                              QStringLiteral("(main"), cpu}
                               << kExitUsage << "focus";
    QTest::newRow("nodecount zero")
        << QStringList{QStringLiteral("top"), QStringLiteral("--nodecount=0"), cpu} << kExitUsage
        << "--nodecount expects a positive integer, not '0'";
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("top"), QStringLiteral("--sample_index=cpu"), cpu}
        << kExitUsage << "sample_index";
    QTest::newRow("missing file") << QStringList{QStringLiteral("top"),
                                                 fixture("no-such-file.pb.gz")}
                                  << kExitBadInput << "no-such-file.pb.gz";
    QTest::newRow("not a profile")
        << QStringList{QStringLiteral("top"), fixture("expected/filters.txt")} << kExitBadInput
        << "filters.txt";
    QTest::newRow("missing workspace")
        << QStringList{QStringLiteral("top"), QStringLiteral("--db"), fixture("no-such.sightline")}
        << kExitBadInput << "no workspace at";
    QTest::newRow("base without the type")
        << QStringList{QStringLiteral("top"), QStringLiteral("--diff-base"), fixture("heap.pb.gz"),
                       cpu}
        << kExitBadInput << "the diff base heap.pb.gz has no sample type 'cpu'";
  }
  void errors() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const CommandRun result = run(arguments);
    QCOMPARE(result.code, exitCode);
    QVERIFY2(result.err.startsWith(QStringLiteral("sightline top: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
  }

  void helpAndMainUsage() {
    const CommandRun help = run({QStringLiteral("help"), QStringLiteral("top")});
    QCOMPARE(help.code, kExitOk);
    QVERIFY(help.out.startsWith(QStringLiteral("Usage: sightline top ")));
    QVERIFY(isCommandVerb(QStringLiteral("top")));
    QVERIFY(isCommandVerb(QStringLiteral("flame")));
    QVERIFY(mainUsage().contains(QStringLiteral("sightline top ")));
    QVERIFY(mainUsage().contains(QStringLiteral("sightline flame ")));
  }
};

QTEST_GUILESS_MAIN(TstCliTop)
#include "tst_cli_top.moc"
