#include <QtTest>

#include "importers/debt/jscpd_json_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

std::string J(std::string text) {
  std::replace(text.begin(), text.end(), '\'', '"');
  return text;
}

}  // namespace

class TestJscpdJsonReader : public QObject {
  Q_OBJECT

 private slots:
  // jscpd 5.3.2 with --summary: lines from summary.files, duplicated lines from the clones.
  void fixture() {
    const std::string text = fileText(debtShop("jscpd-report.json"));
    QCOMPARE(detectedFormat(text), std::string("jscpd-json"));
    JscpdJsonReader reader;
    DebtCollector sink;
    const std::string failure = readDebt(reader, text, sink, 4);
    QVERIFY2(failure.empty(), failure.c_str());
    QVERIFY(sink.batches > 1);
    const QJsonValue expected = expectedJson();
    QCOMPARE(sink.sum("lines"), double(at(expected, {"totals", "jscpd", "lines"}).toInt()));
    int files = 0;
    for (const auto& m : sink.all.measures)
      files += m.metric == "lines";
    QCOMPARE(files, at(expected, {"totals", "jscpd", "sources"}).toInt());
    const QJsonObject services = at(expected, {"services"}).toObject();
    for (auto service = services.begin(); service != services.end(); ++service) {
      const std::string prefix = "services/" + service.key().toStdString() + "/";
      double lines = 0;
      double duplicated = 0;
      for (const auto& m : sink.all.measures) {
        if (m.path.starts_with(prefix))
          (m.metric == "lines" ? lines : duplicated) += m.value;
      }
      QCOMPARE(lines, double(at(service.value(), {"duplication", "lines"}).toInt()));
      QCOMPARE(duplicated,
               double(at(service.value(), {"duplication", "duplicated_lines"}).toInt()));
      const QJsonObject perFile = at(service.value(), {"duplication", "per_file"}).toObject();
      for (auto file = perFile.begin(); file != perFile.end(); ++file) {
        const std::string path = file.key().toStdString();
        QCOMPARE(sink.measure(path, "lines"), double(at(file.value(), {"lines"}).toInt()));
        QCOMPARE(sink.measure(path, "duplicated_lines"),
                 double(at(file.value(), {"duplicated_lines"}).toInt()));
      }
    }
    QCOMPARE(sink.measure("services/orders-worker/consume.go", "duplicated_lines"), 60.0);
    QCOMPARE(sink.measure("services/payment/service.go", "duplicated_lines"), 0.0);
  }

  // jscpd 3 and 4 list files under statistics.formats.<format>.sources.
  void olderReport() {
    const std::string text =
        J("{'statistics':{'detectionDate':'2024-01-01T00:00:00.000Z','formats':{'javascript':{"
          "'sources':{'src/a.js':{'lines':100,'duplicatedLines':20,'percentage':20},"
          "'./src/b.js':{'lines':50,'duplicatedLines':0,'percentage':0}},"
          "'total':{'lines':150}}},'total':{'lines':150}},"
          "'duplicates':[{'format':'javascript','lines':12,"
          "'firstFile':{'name':'src/a.js','start':10,'end':21},"
          "'secondFile':{'name':'src/a.js','start':15,'end':30}},"
          "{'format':'javascript','lines':3,'firstFile':{'name':'src/c.js','start':1,'end':3},"
          "'secondFile':{'name':'src/a.js','start':40,'end':42}}]}");
    QCOMPARE(detectedFormat(text), std::string("jscpd-json"));
    JscpdJsonReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(sink.measure("src/a.js", "lines"), 100.0);
    QCOMPARE(sink.measure("src/a.js", "duplicated_lines"), 24.0);  // 10–30 and 40–42
    QCOMPARE(sink.measure("src/b.js", "lines"), 50.0);
    QCOMPARE(sink.measure("src/b.js", "duplicated_lines"), 0.0);
    QVERIFY(std::isnan(sink.measure("src/c.js", "lines")));  // not in the per-file list
    QCOMPARE(sink.measure("src/c.js", "duplicated_lines"), 3.0);
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    const std::string report = fileText(debtShop("jscpd-report.json"));
    QTest::newRow("truncated") << QByteArray::fromStdString(report.substr(0, report.size() - 20))
                               << QByteArray("invalid JSON");
    QTest::newRow("not a report") << QByteArray("{\"files\":[]}")
                                  << QByteArray("expected a jscpd report");
    QTest::newRow("lines not a number")
        << QByteArray::fromStdString(
               J("{'duplicates':[],'summary':{'files':[{'path':'a.js','lines':'x'}]}}"))
        << QByteArray("the lines of summary.files[0]");
    QTest::newRow("start after end")
        << QByteArray::fromStdString(
               J("{'duplicates':[{'firstFile':{'name':'a.js','start':9,'end':3},"
                 "'secondFile':{'name':'a.js','start':1,'end':2}}]}"))
        << QByteArray("\"start\" ≤ \"end\"");
    QTest::newRow("dot dot")
        << QByteArray::fromStdString(
               J("{'duplicates':[{'firstFile':{'name':'../a.js','start':1,'end':3},"
                 "'secondFile':{'name':'a.js','start':1,'end':2}}]}"))
        << QByteArray("\"..\" segment");
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    JscpdJsonReader reader;
    DebtCollector sink;
    const std::string failure = readDebt(reader, text.toStdString(), sink);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
    QVERIFY(sink.all.empty());
  }
};

QTEST_GUILESS_MAIN(TestJscpdJsonReader)
#include "tst_jscpd_json_reader.moc"
