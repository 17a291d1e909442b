#include <QtTest>

#include "importers/debt/go_cover_func_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

class TestGoCoverFuncReader : public QObject {
  Q_OBJECT

 private slots:
  void fixture() {
    const std::string text = fileText(debtShop("cover-func.txt"));
    QCOMPARE(detectedFormat(text), std::string("go-cover-func"));
    GoCoverFuncReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink, 7), std::string());
    QVERIFY(sink.batches > 1);
    std::size_t lines = 0;
    for (const char c : text)
      lines += c == '\n';
    QCOMPARE(sink.all.measures.size(), lines);  // one record per line
    const DebtMeasureRecord& total = sink.all.measures.back();
    QCOMPARE(int(total.kind), int(DebtUnitKind::Project));
    QCOMPARE(total.path, std::string());
    QCOMPARE(total.metric, std::string("coverage"));
    QCOMPARE(QString::number(total.value, 'f', 1).toStdString() + "%",
             at(expectedJson(), {"totals", "coverage", "after"}).toString().toStdString());
    // The payment service's functions carry the reference percentages.
    const QJsonObject functions =
        at(expectedJson(), {"services", "payment", "functions", "after"}).toObject();
    int checked = 0;
    for (const auto& m : sink.all.measures) {
      if (!m.path.starts_with("shop.local/services/payment/"))
        continue;
      QCOMPARE(int(m.kind), int(DebtUnitKind::Function));
      QCOMPARE(m.metric, std::string("coverage"));
      QVERIFY(m.line > 0);
      const QJsonValue expected = functions.value(QString::fromStdString(m.symbol));
      QVERIFY2(expected.isDouble(), m.symbol.c_str());
      QCOMPARE(m.value, expected.toDouble());
      ++checked;
    }
    QCOMPARE(checked, functions.size());
  }

  void lines_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("number");
    QTest::addColumn<QByteArray>("function");
    QTest::addColumn<double>("percent");
    QTest::newRow("tabs") << QByteArray("shop.local/a/b.go:25:\t\tNew\t\t\t100.0%")
                          << QByteArray("shop.local/a/b.go") << 25 << QByteArray("New") << 100.0;
    QTest::newRow("method") << QByteArray("x/y.go:7:\t(*T).Do\t52.9%") << QByteArray("x/y.go") << 7
                            << QByteArray("(*T).Do") << 52.9;
    QTest::newRow("windows path") << QByteArray("C:/src/y.go:7:\tf\t0.0%")
                                  << QByteArray("C:/src/y.go") << 7 << QByteArray("f") << 0.0;
    QTest::newRow("total") << QByteArray("total:\t\t\t\t(statements)\t\t62.0%") << QByteArray("")
                           << 0 << QByteArray("") << 62.0;
  }
  void lines() {
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, file);
    QFETCH(int, number);
    QFETCH(QByteArray, function);
    QFETCH(double, percent);
    GoCoverFuncLine parsed;
    const std::string text = line.toStdString();  // parsed points into it
    QCOMPARE(parseGoCoverFuncLine(text, parsed), std::string());
    QCOMPARE(parsed.total, file.isEmpty());
    QCOMPARE(std::string(parsed.file), file.toStdString());
    QCOMPARE(int(parsed.line), number);
    QCOMPARE(std::string(parsed.function), function.toStdString());
    QCOMPARE(parsed.percent, percent);
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("line");
    QTest::newRow("no percent") << QByteArray("a.go:1:\tf\t100\n")
                                << QByteArray("expected \"file.go:LINE:") << 1;
    QTest::newRow("no line") << QByteArray("a.go:1:\tf\t1.0%\na.go:\tg\t1.0%\n")
                             << QByteArray("expected") << 2;
    QTest::newRow("over 100") << QByteArray("a.go:1:\tf\t101.0%\n") << QByteArray("expected") << 1;
    QTest::newRow("two totals") << QByteArray(
                                       "total:\t(statements)\t1.0%\ntotal:\t(statements)\t1.0%\n")
                                << QByteArray("second") << 2;
    QTest::newRow("dot dot") << QByteArray("../a.go:1:\tf\t1.0%\n") << QByteArray("\"..\" segment")
                             << 1;
    QTest::newRow("empty") << QByteArray("\n\n") << QByteArray("found no data") << 0;
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    QFETCH(int, line);
    GoCoverFuncReader reader;
    DebtCollector sink;
    DecodeError error;
    const std::string failure = readDebt(reader, text.toStdString(), sink, 10000, 1 << 20, &error);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
    QCOMPARE(int(error.line), line);
  }

  void sniffer() {
    QCOMPARE(detectedFormat("a/b.go:3:\tmain\t0.0%\ntotal:\t(statements)\t0.0%\n"),
             std::string("go-cover-func"));
    QCOMPARE(detectedFormat("a/b.go:3: main 0.0% extra\n"), std::string("none"));
    QCOMPARE(detectedFormat(fileText(debtShop("coverage.out"))), std::string("go-coverprofile"));
  }
};

QTEST_GUILESS_MAIN(TestGoCoverFuncReader)
#include "tst_go_cover_func_reader.moc"
