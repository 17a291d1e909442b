// pprof -top semantics. Every expectation below is what `go tool pprof -top -nodefraction=0`
// (Go 1.19) printed for the same profile, written as a pprof file from the same notation
// (the flags are in the row: -focus/-ignore/-hide/-show, -sample_index, -nodecount,
// -diff_base, and the profile's drop_frames/keep_frames).

#include <QTest>

#include "model/profiles/call_tree.h"
#include "tests/model/profiles/tst_profile_spec.h"

using namespace sightline;

namespace {

std::vector<std::string> toStd(const QStringList& list) {
  std::vector<std::string> out;
  for (const QString& item : list)
    out.push_back(item.toStdString());
  return out;
}

ProfileData profileFrom(const QString& types, const QStringList& spec,
                        const QStringList& dropKeep = {}) {
  test::ProfileSpecBuilder builder(test::splitOn(types.toStdString(), ','));
  if (dropKeep.size() == 2)
    builder.dropFrames(dropKeep[0].toStdString(), dropKeep[1].toStdString());
  return builder.samples(toStd(spec)).build();
}

QStringList rowsOf(const TopReport& report) {
  QStringList rows;
  for (const TopRow& row : report.rows) {
    QString text = QString::number(row.flat) + QLatin1Char(' ') + QString::number(row.cum) +
                   QLatin1Char(' ') + QString::fromStdString(row.function);
    if (row.inlined == TopInline::kInline)
      text += QStringLiteral(" (inline)");
    else if (row.inlined == TopInline::kPartialInline)
      text += QStringLiteral(" (partial-inline)");
    rows << text;
  }
  return rows;
}

}  // namespace

class TestTopReport : public QObject {
  Q_OBJECT

 private slots:
  void matchesPprof_data() {
    QTest::addColumn<QString>("types");
    QTest::addColumn<QStringList>("spec");
    QTest::addColumn<QStringList>("filter");  // focus, ignore, hide, show
    QTest::addColumn<int>("sampleIndex");
    QTest::addColumn<int>("nodeCount");
    QTest::addColumn<QStringList>("base");
    QTest::addColumn<QStringList>("dropKeep");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QStringList>("rows");  // "flat cum name"

    QTest::newRow("recursion and inlining")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"),  QStringLiteral("main;a;a;b 5"),
                       QStringLiteral("main;b;a 3"),   QStringLiteral("main;a+c 7"),
                       QStringLiteral("main;a+c;c 2"), QStringLiteral("main 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{28}
        << QStringList{QStringLiteral("15 18 b"), QStringLiteral("9 9 c (inline)"),
                       QStringLiteral("3 27 a"), QStringLiteral("1 28 main")};
    QTest::newRow("hide moves flat to the caller")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"),  QStringLiteral("main;a;a;b 5"),
                       QStringLiteral("main;b;a 3"),   QStringLiteral("main;a+c 7"),
                       QStringLiteral("main;a+c;c 2"), QStringLiteral("main 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral("^b$"),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{28}
        << QStringList{QStringLiteral("18 27 a"), QStringLiteral("9 9 c (inline)"),
                       QStringLiteral("1 28 main")};
    QTest::newRow("hide everything drops the sample")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"), QStringLiteral("x;y 4")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral("^(x|y)$"),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{14}
        << QStringList{QStringLiteral("10 10 b"), QStringLiteral("0 10 a"),
                       QStringLiteral("0 10 main")};
    QTest::newRow("hide an inlined line")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a+c 7"), QStringLiteral("main;a+c;d 2"),
                       QStringLiteral("main;q+a+c 3")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral("^a$"),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{12}
        << QStringList{QStringLiteral("10 12 c (partial-inline)"), QStringLiteral("2 2 d"),
                       QStringLiteral("0 12 main"), QStringLiteral("0 3 q")};
    QTest::newRow("show") << QStringLiteral("samples")
                          << QStringList{QStringLiteral("main;a+c 7"),
                                         QStringLiteral("main;a+c;d 2"),
                                         QStringLiteral("main;q+a+c 3"), QStringLiteral("main;z 1")}
                          << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                                         QStringLiteral("^(c|d|main)$")}
                          << -1 << 0 << QStringList{}
                          << QStringList{QStringLiteral(""), QStringLiteral("")} << qint64{13}
                          << QStringList{QStringLiteral("10 12 c"), QStringLiteral("2 2 d"),
                                         QStringLiteral("1 13 main")};
    QTest::newRow("focus on a function")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"),  QStringLiteral("main;a;a;b 5"),
                       QStringLiteral("main;b;a 3"),   QStringLiteral("main;a+c 7"),
                       QStringLiteral("main;a+c;c 2"), QStringLiteral("main 1")}
        << QStringList{QStringLiteral("^c$"), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{28}
        << QStringList{QStringLiteral("9 9 c (inline)"), QStringLiteral("0 9 a"),
                       QStringLiteral("0 9 main")};
    QTest::newRow("focus on an inlined line keeps the location")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a+c 7"), QStringLiteral("main;a 2"),
                       QStringLiteral("main;b 1")}
        << QStringList{QStringLiteral("^c$"), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{10}
        << QStringList{QStringLiteral("7 7 c (inline)"), QStringLiteral("0 7 a"),
                       QStringLiteral("0 7 main")};
    QTest::newRow("ignore") << QStringLiteral("samples")
                            << QStringList{QStringLiteral("main;a;b 10"),
                                           QStringLiteral("main;a;a;b 5"),
                                           QStringLiteral("main;b;a 3"),
                                           QStringLiteral("main;a+c 7"),
                                           QStringLiteral("main;a+c;c 2"),
                                           QStringLiteral("main 1")}
                            << QStringList{QStringLiteral(""), QStringLiteral("^b$"),
                                           QStringLiteral(""), QStringLiteral("")}
                            << -1 << 0 << QStringList{}
                            << QStringList{QStringLiteral(""), QStringLiteral("")} << qint64{28}
                            << QStringList{QStringLiteral("9 9 c (inline)"),
                                           QStringLiteral("1 10 main"), QStringLiteral("0 9 a")};
    QTest::newRow("focus and ignore")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"),  QStringLiteral("main;a;a;b 5"),
                       QStringLiteral("main;b;a 3"),   QStringLiteral("main;a+c 7"),
                       QStringLiteral("main;a+c;c 2"), QStringLiteral("main 1")}
        << QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{28}
        << QStringList{QStringLiteral("15 18 b"), QStringLiteral("3 18 a"),
                       QStringLiteral("1 19 main")};
    QTest::newRow("focus on a file name")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main@main.go;handler@srv/http.go;parse@json/decode.go 6"),
                       QStringLiteral(
                           "main@main.go;handler@srv/http.go;write@net/io.go^libnet.so 4"),
                       QStringLiteral("main@main.go;gc@runtime/mgc.go 5")}
        << QStringList{QStringLiteral("json/"), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{15}
        << QStringList{QStringLiteral("6 6 parse"), QStringLiteral("0 6 handler"),
                       QStringLiteral("0 6 main")};
    QTest::newRow("ignore a mapping")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main@main.go;handler@srv/http.go;parse@json/decode.go 6"),
                       QStringLiteral(
                           "main@main.go;handler@srv/http.go;write@net/io.go^libnet.so 4"),
                       QStringLiteral("main@main.go;gc@runtime/mgc.go 5")}
        << QStringList{QStringLiteral(""), QStringLiteral("libnet"), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{15}
        << QStringList{QStringLiteral("6 6 parse"), QStringLiteral("5 5 gc"),
                       QStringLiteral("0 6 handler"), QStringLiteral("0 11 main")};
    QTest::newRow("hide a mapping")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main@main.go;handler@srv/http.go;parse@json/decode.go 6"),
                       QStringLiteral(
                           "main@main.go;handler@srv/http.go;write@net/io.go^libnet.so 4"),
                       QStringLiteral("main@main.go;gc@runtime/mgc.go 5")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral("libnet"),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{15}
        << QStringList{QStringLiteral("6 6 parse"), QStringLiteral("5 5 gc"),
                       QStringLiteral("4 10 handler"), QStringLiteral("0 15 main")};
    QTest::newRow("show a file")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main@main.go;handler@srv/http.go;parse@json/decode.go 6"),
                       QStringLiteral(
                           "main@main.go;handler@srv/http.go;write@net/io.go^libnet.so 4"),
                       QStringLiteral("main@main.go;gc@runtime/mgc.go 5")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("srv/")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{15} << QStringList{QStringLiteral("10 10 handler")};
    QTest::newRow("second sample type")
        << QStringLiteral("alloc_objects,alloc_space")
        << QStringList{QStringLiteral("main;alloc;small 3,300"),
                       QStringLiteral("main;alloc;large 1,4000"), QStringLiteral("main;free 0,50"),
                       QStringLiteral("main;idle 2,0")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << 1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{4350}
        << QStringList{QStringLiteral("4000 4000 large"), QStringLiteral("300 300 small"),
                       QStringLiteral("50 50 free"), QStringLiteral("0 4300 alloc"),
                       QStringLiteral("0 4350 main")};
    QTest::newRow("first sample type")
        << QStringLiteral("alloc_objects,alloc_space")
        << QStringList{QStringLiteral("main;alloc;small 3,300"),
                       QStringLiteral("main;alloc;large 1,4000"), QStringLiteral("main;free 0,50"),
                       QStringLiteral("main;idle 2,0")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << 0 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{6}
        << QStringList{QStringLiteral("3 3 small"), QStringLiteral("2 2 idle"),
                       QStringLiteral("1 1 large"), QStringLiteral("0 4 alloc"),
                       QStringLiteral("0 6 main")};
    QTest::newRow("node count")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"),  QStringLiteral("main;a;a;b 5"),
                       QStringLiteral("main;b;a 3"),   QStringLiteral("main;a+c 7"),
                       QStringLiteral("main;a+c;c 2"), QStringLiteral("main 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 2 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{28} << QStringList{QStringLiteral("15 18 b"), QStringLiteral("9 9 c")};
    // pprof counts a caller → callee pair once per sample, where it first occurs from the
    // root: a recursive stack that reaches a → b again lower down does not change the edge.
    QTest::newRow("a pair inlined first counts once per sample")
        << QStringLiteral("samples") << QStringList{QStringLiteral("main;a+b;c;a;b 5")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{5}
        << QStringList{QStringLiteral("5 5 b (inline)"), QStringLiteral("0 5 a"),
                       QStringLiteral("0 5 c"), QStringLiteral("0 5 main")};
    QTest::newRow("a pair called first counts once per sample")
        << QStringLiteral("samples") << QStringList{QStringLiteral("main;a;b;c;a+b 5")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{5}
        << QStringList{QStringLiteral("5 5 b"), QStringLiteral("0 5 a"), QStringLiteral("0 5 c"),
                       QStringLiteral("0 5 main")};
    QTest::newRow("a pair inlined first, another caller")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a+b;c;a;b 5"), QStringLiteral("main;d;b 2")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{7}
        << QStringList{QStringLiteral("7 7 b (partial-inline)"), QStringLiteral("0 5 a"),
                       QStringLiteral("0 5 c"), QStringLiteral("0 2 d"),
                       QStringLiteral("0 7 main")};
    QTest::newRow("a pair inlined first, callers left out by the node count")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a+b;c;a;b 5"), QStringLiteral("main;d;b 2")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 3 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{7}
        << QStringList{QStringLiteral("7 7 b (inline)"), QStringLiteral("0 5 a"),
                       QStringLiteral("0 5 c")};
    QTest::newRow("equal flat sorts by name then cum")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("m;x 2"), QStringLiteral("m;w;v 2"),
                       QStringLiteral("m;y;z 1"), QStringLiteral("n;z 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{6}
        << QStringList{QStringLiteral("2 2 v"), QStringLiteral("2 2 x"), QStringLiteral("2 2 z"),
                       QStringLiteral("0 5 m"), QStringLiteral("0 1 n"), QStringLiteral("0 2 w"),
                       QStringLiteral("0 1 y")};
    QTest::newRow("negative values")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a 5"), QStringLiteral("main;b -7"),
                       QStringLiteral("main;b;c 0")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{12}
        << QStringList{QStringLiteral("-7 -7 b"), QStringLiteral("5 5 a"),
                       QStringLiteral("0 -2 main")};
    QTest::newRow("labels merge in top")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a 5 #span=1"), QStringLiteral("main;a 4 #span=2"),
                       QStringLiteral("main;b 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral(""), QStringLiteral("")}
        << qint64{10}
        << QStringList{QStringLiteral("9 9 a"), QStringLiteral("1 1 b"),
                       QStringLiteral("0 10 main")};
    QTest::newRow("diff base") << QStringLiteral("samples")
                               << QStringList{QStringLiteral("main;a;b 10"),
                                              QStringLiteral("main;c 5"),
                                              QStringLiteral("main;d 1")}
                               << QStringList{QStringLiteral(""), QStringLiteral(""),
                                              QStringLiteral(""), QStringLiteral("")}
                               << -1 << 0
                               << QStringList{QStringLiteral("main;a;b 4"),
                                              QStringLiteral("main;c 5"),
                                              QStringLiteral("main;e 3")}
                               << QStringList{QStringLiteral(""), QStringLiteral("")} << qint64{12}
                               << QStringList{QStringLiteral("6 6 b"), QStringLiteral("-3 -3 e"),
                                              QStringLiteral("1 1 d"), QStringLiteral("0 6 a"),
                                              QStringLiteral("0 4 main")};
    QTest::newRow("diff base with focus")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a;b 10"), QStringLiteral("main;c 5"),
                       QStringLiteral("main;d 1")}
        << QStringList{QStringLiteral("^a$"), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0
        << QStringList{QStringLiteral("main;a;b 4"), QStringLiteral("main;c 5"),
                       QStringLiteral("main;e 3")}
        << QStringList{QStringLiteral(""), QStringLiteral("")} << qint64{12}
        << QStringList{QStringLiteral("6 6 b"), QStringLiteral("0 6 a"),
                       QStringLiteral("0 6 main")};
    QTest::newRow("diff base with zero base total")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;a 3"), QStringLiteral("main;b 2")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{QStringLiteral("main;a 0")}
        << QStringList{QStringLiteral(""), QStringLiteral("")} << qint64{5}
        << QStringList{QStringLiteral("3 3 a"), QStringLiteral("2 2 b"),
                       QStringLiteral("0 5 main")};
    QTest::newRow("drop frames cuts below a user frame")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;wrap;lib.run;deep 4"),
                       QStringLiteral("lib.start;main;x 2"), QStringLiteral("main;lib.run 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral("lib\\..*"), QStringLiteral("")}
        << qint64{7}
        << QStringList{QStringLiteral("4 4 wrap"), QStringLiteral("2 2 x"),
                       QStringLiteral("1 7 main"), QStringLiteral("0 2 lib.start")};
    QTest::newRow("drop frames uses simplified names and keep")
        << QStringLiteral("samples")
        << QStringList{QStringLiteral("main;f(int);g 3"), QStringLiteral("main;h(x);g 2"),
                       QStringLiteral("main;k+f(int);g 1")}
        << QStringList{QStringLiteral(""), QStringLiteral(""), QStringLiteral(""),
                       QStringLiteral("")}
        << -1 << 0 << QStringList{} << QStringList{QStringLiteral("f|h"), QStringLiteral("h")}
        << qint64{6}
        << QStringList{QStringLiteral("3 6 main"), QStringLiteral("2 2 g"), QStringLiteral("1 1 k"),
                       QStringLiteral("0 2 h(x)")};
  }

  void matchesPprof() {
    QFETCH(QString, types);
    QFETCH(QStringList, spec);
    QFETCH(QStringList, filter);
    QFETCH(int, sampleIndex);
    QFETCH(int, nodeCount);
    QFETCH(QStringList, base);
    QFETCH(QStringList, dropKeep);
    QFETCH(qint64, total);
    QFETCH(QStringList, rows);

    const ProfileData profile = profileFrom(types, spec, dropKeep);
    const ProfileData baseProfile = profileFrom(types, base);
    const ProfileFilter profileFilter{filter[0].toStdString(), filter[1].toStdString(),
                                      filter[2].toStdString(), filter[3].toStdString()};
    QVERIFY(validateFilter(profileFilter).isOk());
    const TopReport report =
        computeTop(profile, sampleIndex, profileFilter, base.isEmpty() ? nullptr : &baseProfile,
                   static_cast<std::size_t>(nodeCount));
    QCOMPARE(rowsOf(report), rows);
    QCOMPARE(report.total, total);
    QCOMPARE(profileReportTotal(profile, sampleIndex, base.isEmpty() ? nullptr : &baseProfile),
             total);
  }

  void reportsTheSampleTypeAndRowCount() {
    const ProfileData profile =
        profileFrom(QStringLiteral("alloc_objects,alloc_space"),
                    {QStringLiteral("main;a 1,10"), QStringLiteral("main;b 2,20")});
    const TopReport report = computeTop(profile, 0, {}, nullptr, 1);
    QCOMPARE(report.sampleType.type, std::string("alloc_objects"));
    QCOMPARE(report.rowsBeforeLimit, std::size_t{3});
    QCOMPARE(report.rows.size(), std::size_t{1});
    QCOMPARE(report.rows[0].function, std::string("b"));
  }

  void diffMatchesSampleTypesByName() {
    // The base lists its types in another order: values are taken by name.
    const ProfileData current =
        profileFrom(QStringLiteral("alloc_objects,alloc_space"), {QStringLiteral("main;a 1,100")});
    const ProfileData base =
        profileFrom(QStringLiteral("alloc_space,alloc_objects"), {QStringLiteral("main;a 40,7")});
    const TopReport report = computeTop(current, 1, {}, &base);
    QCOMPARE(report.total, qint64{40});
    QCOMPARE(rowsOf(report), QStringList{QStringLiteral("60 60 a")} << QStringLiteral("0 60 main"));
  }

  void invalidFilterGivesNoRows() {
    const ProfileData profile = profileFrom(QStringLiteral("samples"), {QStringLiteral("a 1")});
    const ProfileFilter filter{"(unclosed", {}, {}, {}};
    const Status status = validateFilter(filter);
    QVERIFY(!status.isOk());
    QVERIFY(QString::fromStdString(status.message()).contains(QStringLiteral("focus")));
    const TopReport report = computeTop(profile, 0, filter);
    QVERIFY(report.rows.empty());
    QCOMPARE(report.total, qint64{1});
  }

  void emptyProfile() {
    const ProfileData profile = profileFrom(QStringLiteral("samples"), {});
    const TopReport report = computeTop(profile, -1);
    QVERIFY(report.rows.empty());
    QCOMPARE(report.total, qint64{0});
  }
};

QTEST_GUILESS_MAIN(TestTopReport)
#include "tst_top_report.moc"
