#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

#include "importers/debt/go_cover_func_reader.h"
#include "importers/debt/go_coverprofile_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// `go tool cover -func`'s total of a profile, as the reader of that output reads it.
double coverFuncTotal(const std::string& file) {
  GoCoverFuncReader reader;
  DebtCollector sink;
  const std::string error = readDebt(reader, fileText(debtShop(file)), sink);
  if (!error.empty())
    qFatal("%s: %s", file.c_str(), error.c_str());
  return sink.measure("", "coverage", DebtUnitKind::Project);
}

double percent1(double covered, double statements) {
  return std::round(1000.0 * covered / statements) / 10.0;
}

}  // namespace

class TestGoCoverprofileReader : public QObject {
  Q_OBJECT

 private slots:
  // Per-file counts add up to `go tool cover -func`'s total line of the same profile.
  void fixtureTotalsEqualCoverFunc_data() {
    QTest::addColumn<QByteArray>("profile");
    QTest::addColumn<QByteArray>("func");
    QTest::newRow("set") << QByteArray("coverage.out") << QByteArray("cover-func.txt");
    QTest::newRow("set, before") << QByteArray("coverage-before.out")
                                 << QByteArray("cover-func-before.txt");
    QTest::newRow("count") << QByteArray("coverage-count.out")
                           << QByteArray("cover-func-count.txt");
    QTest::newRow("atomic") << QByteArray("coverage-atomic.out")
                            << QByteArray("cover-func-atomic.txt");
  }
  void fixtureTotalsEqualCoverFunc() {
    QFETCH(QByteArray, profile);
    QFETCH(QByteArray, func);
    GoCoverprofileReader reader;
    DebtCollector sink;
    const std::string text = fileText(debtShop(profile.toStdString()));
    QCOMPARE(detectedFormat(text), std::string("go-coverprofile"));
    QCOMPARE(readDebt(reader, text, sink), std::string());
    const double statements = sink.sum("statements");
    const double covered = sink.sum("covered_statements");
    QCOMPARE(statements, double(at(expectedJson(), {"totals", "coverage", "statements"}).toInt()));
    QCOMPARE(percent1(covered, statements), coverFuncTotal(func.toStdString()));
    for (const auto& m : sink.all.measures) {
      QCOMPARE(int(m.kind), int(DebtUnitKind::File));
      QVERIFY2(m.path.starts_with("shop.local/services/"), m.path.c_str());
    }
    // Every file has both counts, covered ≤ statements.
    QCOMPARE(sink.all.measures.size() % 2, std::size_t(0));
    for (std::size_t i = 0; i < sink.all.measures.size(); i += 2) {
      QCOMPARE(sink.all.measures[i].metric, std::string("statements"));
      QCOMPARE(sink.all.measures[i + 1].metric, std::string("covered_statements"));
      QCOMPARE(sink.all.measures[i + 1].path, sink.all.measures[i].path);
      QVERIFY(sink.all.measures[i + 1].value <= sink.all.measures[i].value);
    }
  }

  // Per service, the counts equal the reference figures of the fixture.
  void fixturePerService() {
    GoCoverprofileReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, fileText(debtShop("coverage.out")), sink), std::string());
    const QJsonObject services = at(expectedJson(), {"services"}).toObject();
    int checked = 0;
    for (auto it = services.begin(); it != services.end(); ++it) {
      const QJsonObject coverage = at(it.value(), {"coverage"}).toObject();
      if (coverage.isEmpty())
        continue;
      const std::string prefix = "shop.local/services/" + it.key().toStdString() + "/";
      double statements = 0;
      double covered = 0;
      for (const auto& m : sink.all.measures) {
        if (!m.path.starts_with(prefix))
          continue;
        (m.metric == "statements" ? statements : covered) += m.value;
      }
      QCOMPARE(statements, double(at(coverage, {"after", "statements"}).toInt()));
      QCOMPARE(covered, double(at(coverage, {"after", "covered"}).toInt()));
      ++checked;
    }
    QCOMPARE(checked, 4);
  }

  // The same profile twice (two packages' tests covering the same files) merges by block.
  void duplicateBlocksMerge_data() {
    QTest::addColumn<QByteArray>("mode");
    QTest::addColumn<double>("covered");
    QTest::newRow("set") << QByteArray("set") << 5.0;
    QTest::newRow("count") << QByteArray("count") << 5.0;
    QTest::newRow("atomic") << QByteArray("atomic") << 5.0;
  }
  void duplicateBlocksMerge() {
    QFETCH(QByteArray, mode);
    QFETCH(double, covered);
    const std::string text = "mode: " + mode.toStdString() +
                             "\n"
                             "a/x.go:3.10,5.2 2 0\n"
                             "a/x.go:6.10,8.2 3 1\n"
                             "a/y.go:1.1,2.2 4 0\n"
                             "a/x.go:3.10,5.2 2 1\n"  // covered by the other package's tests
                             "a/x.go:6.10,8.2 3 0\n";
    GoCoverprofileReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(sink.measure("a/x.go", "statements"), 5.0);
    QCOMPARE(sink.measure("a/x.go", "covered_statements"), covered);
    QCOMPARE(sink.measure("a/y.go", "statements"), 4.0);
    QCOMPARE(sink.measure("a/y.go", "covered_statements"), 0.0);
    // The whole fixture concatenated with itself: the same totals.
    const std::string profile = fileText(debtShop("coverage.out"));
    DebtCollector once;
    DebtCollector twice;
    QCOMPARE(readDebt(reader, profile, once), std::string());
    QCOMPARE(readDebt(reader, profile + profile, twice), std::string());
    QCOMPARE(twice.sum("statements"), once.sum("statements"));
    QCOMPARE(twice.sum("covered_statements"), once.sum("covered_statements"));
  }

  void chunksAndBatches() {
    const std::string profile = fileText(debtShop("coverage-count.out"));
    GoCoverprofileReader reader;
    DebtCollector whole;
    QCOMPARE(readDebt(reader, profile, whole), std::string());
    for (const std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(4096)}) {
      DebtCollector split;
      QCOMPARE(readDebt(reader, profile, split, 3, chunk), std::string());
      QCOMPARE(split.all.measures.size(), whole.all.measures.size());
      QVERIFY(split.batches > 1);
      QVERIFY(split.largestBatch <= 4);  // a file's two counts go together
      for (std::size_t i = 0; i < whole.all.measures.size(); ++i) {
        QCOMPARE(split.all.measures[i].path, whole.all.measures[i].path);
        QCOMPARE(split.all.measures[i].value, whole.all.measures[i].value);
      }
    }
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("line");
    QTest::newRow("no mode") << QByteArray("a.go:1.1,2.2 1 1\n") << QByteArray("on the first line")
                             << 1;
    QTest::newRow("bad mode") << QByteArray("mode: sometimes\n") << QByteArray("mode: set") << 1;
    QTest::newRow("empty") << QByteArray("") << QByteArray("found no data") << 0;
    QTest::newRow("bad line") << QByteArray("mode: set\na.go:1.1,2.2 1 1\na.go:3.1 4.2 1 1\n")
                              << QByteArray("expected \"file:startLine.startColumn") << 3;
    QTest::newRow("count not a number")
        << QByteArray("mode: count\na.go:1.1,2.2 1 x\n") << QByteArray("expected \"file:") << 2;
    QTest::newRow("negative count")
        << QByteArray("mode: count\na.go:1.1,2.2 1 -1\n") << QByteArray("expected \"file:") << 2;
    QTest::newRow("other mode later") << QByteArray("mode: set\na.go:1.1,2.2 1 1\nmode: count\n")
                                      << QByteArray("differs from the first") << 3;
    QTest::newRow("inconsistent statements")
        << QByteArray("mode: set\na.go:1.1,2.2 1 1\na.go:1.1,2.2 2 1\n")
        << QByteArray("has 2 statements here and 1 on line 2") << 3;
    QTest::newRow("dot dot") << QByteArray(
                                    "mode: set\nok.go:1.1,2.2 1 1\nx/../../etc/a.go:1.1,2.2 1 1\n")
                             << QByteArray("\"..\" segment") << 3;
    QTest::newRow("NUL") << QByteArray("mode: set\na\0b.go:1.1,2.2 1 1\n", 30) << QByteArray("NUL")
                         << 2;
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    QFETCH(int, line);
    GoCoverprofileReader reader;
    DebtCollector sink;
    DecodeError error;
    const std::string failure = readDebt(reader, text.toStdString(), sink, 10000, 1 << 20, &error);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
    QCOMPARE(int(error.line), line);
    QVERIFY(sink.all.empty());
  }

  void sniffer() {
    auto sniff = [](const std::string& text) {
      return sniffGoCoverprofile({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    };
    QCOMPARE(sniff("mode: set\na/b.go:1.2,3.4 1 0\n"), 95);
    QCOMPARE(sniff("mode: atomic\n"), 80);
    QCOMPARE(sniff("mode: atomic"), 80);
    QCOMPARE(sniff("mode: sometimes\n"), 0);
    QCOMPARE(sniff("a/b.go:1.2,3.4 1 0\n"), 0);
    QCOMPARE(sniff("{\"mode\": \"set\"}"), 0);
  }
};

QTEST_GUILESS_MAIN(TestGoCoverprofileReader)
#include "tst_go_coverprofile_reader.moc"
