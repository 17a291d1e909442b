#include <QtTest>

#include "importers/debt/debt_paths.h"

using namespace sightline;

class TestDebtPaths : public QObject {
  Q_OBJECT

 private slots:
  void normalise_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("uri");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("relative") << QByteArray("services/a.go") << false
                              << QByteArray("services/a.go");
    QTest::newRow("dot slash") << QByteArray("./services/a.go") << false
                               << QByteArray("services/a.go");
    QTest::newRow("dot slashes") << QByteArray("././a/./b.go") << false << QByteArray("a/b.go");
    QTest::newRow("backslashes") << QByteArray("src\\pkg\\a.go") << false
                                 << QByteArray("src/pkg/a.go");
    QTest::newRow("double slashes") << QByteArray("a//b///c.go") << false << QByteArray("a/b/c.go");
    QTest::newRow("trailing slash") << QByteArray("pkg/") << false << QByteArray("pkg");
    QTest::newRow("absolute") << QByteArray("/home/u/a.go") << false << QByteArray("/home/u/a.go");
    QTest::newRow("dot") << QByteArray(".") << false << QByteArray("");
    QTest::newRow("percent kept in plain")
        << QByteArray("a%20b.go") << false << QByteArray("a%20b.go");
    QTest::newRow("file uri") << QByteArray("file:///tmp/w/a%20b.go") << true
                              << QByteArray("/tmp/w/a b.go");
    QTest::newRow("file uri in plain")
        << QByteArray("file:///tmp/a.go") << false << QByteArray("/tmp/a.go");
    QTest::newRow("localhost") << QByteArray("file://localhost/tmp/a.go") << true
                               << QByteArray("/tmp/a.go");
    QTest::newRow("host") << QByteArray("file://server/share/a.go") << true
                          << QByteArray("/server/share/a.go");
    QTest::newRow("drive") << QByteArray("file:///C:/src/a.go") << true
                           << QByteArray("C:/src/a.go");
    QTest::newRow("drive plain") << QByteArray("C:\\src\\a.go") << false
                                 << QByteArray("C:/src/a.go");
    QTest::newRow("FILE scheme") << QByteArray("FILE:///x.go") << true << QByteArray("/x.go");
    QTest::newRow("relative uri") << QByteArray("src/a%2Bb.go") << true << QByteArray("src/a+b.go");
    QTest::newRow("bad escape kept") << QByteArray("a%zz.go") << true << QByteArray("a%zz.go");
    QTest::newRow("dots in names") << QByteArray("a/..b/c..") << false << QByteArray("a/..b/c..");
  }
  void normalise() {
    QFETCH(QByteArray, raw);
    QFETCH(bool, uri);
    QFETCH(QByteArray, path);
    std::string out;
    QCOMPARE(normaliseDebtPath(raw.toStdString(), uri ? DebtPathSyntax::Uri : DebtPathSyntax::Plain,
                               out),
             std::string());
    QCOMPARE(out, path.toStdString());
  }

  void refused_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("uri");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("dot dot") << QByteArray("a/../b.go") << false << QByteArray("\"..\" segment");
    QTest::newRow("leading dot dot")
        << QByteArray("../b.go") << false << QByteArray("\"..\" segment");
    QTest::newRow("trailing dot dot")
        << QByteArray("a/..") << false << QByteArray("\"..\" segment");
    QTest::newRow("backslash dot dot")
        << QByteArray("a\\..\\b.go") << false << QByteArray("\"..\" segment");
    QTest::newRow("encoded dot dot")
        << QByteArray("a/%2e%2e/b.go") << true << QByteArray("\"..\" segment");
    QTest::newRow("NUL") << QByteArray("a\0b.go", 6) << false << QByteArray("NUL");
    QTest::newRow("encoded NUL") << QByteArray("a%00b.go") << true << QByteArray("NUL");
    QTest::newRow("http") << QByteArray("https://example.com/a.go") << true
                          << QByteArray("file:// URI");
  }
  void refused() {
    QFETCH(QByteArray, raw);
    QFETCH(bool, uri);
    QFETCH(QByteArray, message);
    std::string out;
    const std::string problem = normaliseDebtPath(
        raw.toStdString(), uri ? DebtPathSyntax::Uri : DebtPathSyntax::Plain, out);
    QVERIFY2(problem.find(message.toStdString()) != std::string::npos, problem.c_str());
  }

  void join() {
    QCOMPARE(joinDebtUri("file:///r/", "a.go"), std::string("file:///r/a.go"));
    QCOMPARE(joinDebtUri("file:///r", "a.go"), std::string("file:///r/a.go"));
    QCOMPARE(joinDebtUri("file:///r/", "/abs/a.go"), std::string("/abs/a.go"));
    QCOMPARE(joinDebtUri("file:///r/", "file:///x/a.go"), std::string("file:///x/a.go"));
    QCOMPARE(joinDebtUri("", "a.go"), std::string("a.go"));
  }
};

QTEST_GUILESS_MAIN(TestDebtPaths)
#include "tst_debt_paths.moc"
