#include <QtTest>

#include "importers/debt/cloc_json_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

class TestClocJsonReader : public QObject {
  Q_OBJECT

 private slots:
  void byFile() {
    const std::string text = fileText(debtShop("cloc.json"));
    QCOMPARE(detectedFormat(text), std::string("cloc-json"));
    ClocJsonReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink, 5), std::string());
    const QJsonValue totals = at(expectedJson(), {"totals", "cloc"});
    QCOMPARE(sink.sum("ncloc"), double(at(totals, {"code"}).toInt()));
    QCOMPARE(sink.sum("comment_lines"), double(at(totals, {"comment"}).toInt()));
    QCOMPARE(sink.sum("blank_lines"), double(at(totals, {"blank"}).toInt()));
    QCOMPARE(int(sink.all.measures.size()), 3 * at(totals, {"nFiles"}).toInt());
    for (const auto& m : sink.all.measures) {
      QCOMPARE(int(m.kind), int(DebtUnitKind::File));
      QVERIFY2(m.path.starts_with("services/") || m.path == "go.mod", m.path.c_str());  // no "./"
    }
    QCOMPARE(sink.measure("services/orders-worker/consume.go", "ncloc"), 143.0);
    QCOMPARE(sink.measure("services/orders-worker/consume.go", "comment_lines"), 2.0);
    QCOMPARE(sink.measure("services/orders-worker/consume.go", "blank_lines"), 13.0);
  }

  void byLanguage() {
    const std::string text = fileText(debtShop("cloc-summary.json"));
    QCOMPARE(detectedFormat(text), std::string("cloc-json"));
    ClocJsonReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(sink.all.measures.size(), std::size_t(3));
    const QJsonValue totals = at(expectedJson(), {"totals", "cloc"});
    QCOMPARE(sink.measure("", "ncloc", DebtUnitKind::Project),
             double(at(totals, {"code"}).toInt()));
    QCOMPARE(sink.measure("", "comment_lines", DebtUnitKind::Project),
             double(at(totals, {"comment"}).toInt()));
    QCOMPARE(sink.measure("", "blank_lines", DebtUnitKind::Project),
             double(at(totals, {"blank"}).toInt()));
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    const std::string cloc = fileText(debtShop("cloc.json"));
    QTest::newRow("truncated") << QByteArray::fromStdString(cloc.substr(0, cloc.size() / 2))
                               << QByteArray("invalid JSON");
    QTest::newRow("no header")
        << QByteArray("{\"a.go\":{\"blank\":1,\"comment\":1,\"code\":1,\"language\":\"Go\"}}")
        << QByteArray("with a \"header\"");
    QTest::newRow("code not a number") << QByteArray(
                                              "{\"header\":{},\"a.go\":{\"blank\":1,\"comment\":1,"
                                              "\"code\":\"x\",\"language\":\"Go\"}}")
                                       << QByteArray("\"code\" of \"a.go\"");
    QTest::newRow("dot dot")
        << QByteArray(
               "{\"header\":{},\"../"
               "a.go\":{\"blank\":1,\"comment\":1,\"code\":1,\"language\":\"Go\"}}")
        << QByteArray("\"..\" segment");
    QTest::newRow("NUL") << QByteArray(
                                "{\"header\":{},\"a\\u0000.go\":{\"blank\":1,\"comment\":1,"
                                "\"code\":1,\"language\":\"Go\"}}")
                         << QByteArray("NUL");
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    ClocJsonReader reader;
    DebtCollector sink;
    const std::string failure = readDebt(reader, text.toStdString(), sink);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
    QVERIFY(sink.all.empty());
  }
};

QTEST_GUILESS_MAIN(TestClocJsonReader)
#include "tst_cloc_json_reader.moc"
