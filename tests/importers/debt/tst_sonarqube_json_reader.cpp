#include <QDir>
#include <QtTest>

#include "importers/debt/sonarqube_json_reader.h"
#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// JSON written with single quotes, which reads better in C++ strings.
std::string J(std::string text) {
  std::replace(text.begin(), text.end(), '\'', '"');
  return text;
}

}  // namespace

class TestSonarQubeJsonReader : public QObject {
  Q_OBJECT

 private slots:
  // api/measures/component of each service: a project row per numeric measure.
  void componentAnswers() {
    const QStringList files = QDir(QString::fromStdString(debtShop("sonarqube")))
                                  .entryList({QStringLiteral("component-*.json")}, QDir::Files);
    QCOMPARE(files.size(), 5);
    for (const QString& name : files) {
      const std::string text = fileText(debtShop("sonarqube/" + name.toStdString()));
      QCOMPARE(detectedFormat(text), std::string("sonarqube-json"));
      SonarQubeJsonReader reader;
      DebtCollector sink;
      QCOMPARE(readDebt(reader, text, sink), std::string());
      QCOMPARE(reader.stats().components, std::uint64_t(1));
      QVERIFY(!sink.all.measures.empty());
      const std::string service =
          name.mid(10, name.size() - 15).toStdString();  // component-<service>.json
      const QJsonObject expected =
          at(expectedJson(), {"services", service.c_str(), "sonarqube_measures"}).toObject();
      QVERIFY(!expected.isEmpty());
      for (auto it = expected.begin(); it != expected.end(); ++it) {
        const double value =
            sink.measure("shop:" + service, it.key().toStdString(), DebtUnitKind::Project);
        QVERIFY2(value == it.value().toString().toDouble(),
                 (service + " " + it.key().toStdString()).c_str());
      }
    }
  }

  void unknownMetricKept() {
    SonarQubeJsonReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, fileText(debtShop("sonarqube/component-inventory.json")), sink),
             std::string());
    QCOMPARE(sink.measure("shop:inventory", "my_custom_metric", DebtUnitKind::Project), 7.0);
    // new_coverage has a value for the new code period only.
    QCOMPARE(sink.measure("shop:inventory", "new_coverage", DebtUnitKind::Project), 100.0);
  }

  // Two component_tree pages: baseComponent, directories and files.
  void componentTreePages() {
    std::uint64_t components = 0;
    DebtCollector all;
    for (const char* page :
         {"sonarqube/component_tree-page1.json", "sonarqube/component_tree-page2.json"}) {
      const std::string text = fileText(debtShop(page));
      QCOMPARE(detectedFormat(text), std::string("sonarqube-json"));
      SonarQubeJsonReader reader;
      reader.setIncludeBaseComponent(components == 0);
      QCOMPARE(readDebt(reader, text, all, 7), std::string());
      QVERIFY(reader.stats().paging);
      QCOMPARE(
          reader.stats().paging->total,
          std::uint64_t(at(expectedJson(), {"sonarqube", "component_tree_components"}).toInt()));
      components += reader.stats().components;
    }
    // Every component once, plus the project once.
    QCOMPARE(
        components,
        std::uint64_t(at(expectedJson(), {"sonarqube", "component_tree_components"}).toInt()) + 1);
    QCOMPARE(all.measure("shop", "coverage", DebtUnitKind::Project), 62.0);
    QCOMPARE(all.measure("services", "ncloc", DebtUnitKind::Directory), 876.0);
    QVERIFY(all.measure("services/orders-worker/consume.go", "ncloc") > 0);
    std::set<std::string> files;
    for (const auto& m : all.all.measures) {
      if (m.kind == DebtUnitKind::File)
        files.insert(m.path);
      QVERIFY2(!m.path.starts_with("shop:"), m.path.c_str());
    }
    QVERIFY(files.count("services/payment/service.go"));
  }

  void values_data() {
    QTest::addColumn<QByteArray>("measure");
    QTest::addColumn<bool>("stored");
    QTest::addColumn<double>("value");
    QTest::newRow("string") << QByteArray("{'metric':'m','value':'85.7'}") << true << 85.7;
    QTest::newRow("number") << QByteArray("{'metric':'m','value':12}") << true << 12.0;
    QTest::newRow("negative") << QByteArray("{'metric':'m','value':'-3'}") << true << -3.0;
    QTest::newRow("period") << QByteArray(
                                   "{'metric':'m','period':{'value':'4.5','bestValue':false}}")
                            << true << 4.5;
    QTest::newRow("periods") << QByteArray("{'metric':'m','periods':[{'index':1,'value':'6'}]}")
                             << true << 6.0;
    QTest::newRow("value over period")
        << QByteArray("{'metric':'m','value':'1','period':{'value':'2'}}") << true << 1.0;
    QTest::newRow("rating letter") << QByteArray("{'metric':'m','value':'A'}") << false << 0.0;
    QTest::newRow("alert status") << QByteArray("{'metric':'m','value':'OK'}") << false << 0.0;
    QTest::newRow("NaN text") << QByteArray("{'metric':'m','value':'NaN'}") << false << 0.0;
    QTest::newRow("inf text") << QByteArray("{'metric':'m','value':'inf'}") << false << 0.0;
    QTest::newRow("null") << QByteArray("{'metric':'m','value':null}") << false << 0.0;
    QTest::newRow("no value") << QByteArray("{'metric':'m'}") << false << 0.0;
  }
  void values() {
    QFETCH(QByteArray, measure);
    QFETCH(bool, stored);
    QFETCH(double, value);
    const std::string text =
        J("{'component':{'key':'p','qualifier':'TRK','measures':[" + measure.toStdString() + "]}}");
    SonarQubeJsonReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(sink.all.measures.size(), std::size_t(stored ? 1 : 0));
    if (stored)
      QCOMPARE(sink.all.measures[0].value, value);
    const bool noValue = measure.contains("'value':null") || !measure.contains("value");
    QCOMPARE(reader.stats().skippedValues, std::uint64_t(stored || noValue ? 0 : 1));
  }

  void qualifiers() {
    const std::string text = J(
        "{'paging':{'pageIndex':1,'pageSize':100,'total':5},"
        "'baseComponent':{'key':'k','qualifier':'TRK','measures':[{'metric':'a','value':'1'}]},"
        "'components':["
        "{'key':'k:src','qualifier':'DIR','path':'./src/','measures':[{'metric':'a','value':'2'}]},"
        "{'key':'k:src/"
        "a.go','qualifier':'FIL','path':'src\\\\a.go','measures':[{'metric':'a','value':'3'}]},"
        "{'key':'k:src/a_test.go','qualifier':'UTS','measures':[{'metric':'a','value':'4'}]},"
        "{'key':'k:mod','qualifier':'BRC','path':'mod','measures':[{'metric':'a','value':'5'}]},"
        "{'key':'k:none','qualifier':'FIL','path':'src/b.go'}]}");
    SonarQubeJsonReader reader;
    DebtCollector sink;
    QCOMPARE(readDebt(reader, text, sink), std::string());
    QCOMPARE(reader.stats().components, std::uint64_t(6));
    QCOMPARE(sink.measure("k", "a", DebtUnitKind::Project), 1.0);
    QCOMPARE(sink.measure("src", "a", DebtUnitKind::Directory), 2.0);
    QCOMPARE(sink.measure("src/a.go", "a"), 3.0);
    QCOMPARE(sink.measure("src/a_test.go", "a"), 4.0);  // the path from the key
    QCOMPARE(sink.measure("mod", "a", DebtUnitKind::Directory), 5.0);
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("message");
    const std::string page = fileText(debtShop("sonarqube/component_tree-page1.json"));
    QTest::newRow("truncated") << QByteArray::fromStdString(page.substr(0, page.size() / 2))
                               << QByteArray("invalid JSON");
    QTest::newRow("empty") << QByteArray("") << QByteArray("found no data");
    QTest::newRow("other answer") << QByteArray("{\"paging\":{}}")
                                  << QByteArray("expected a SonarQube");
    QTest::newRow("error answer")
        << QByteArray("{\"errors\":[{\"msg\":\"Component key 'x' not found\"}]}")
        << QByteArray("SonarQube answered with an error: Component key 'x' not found");
    QTest::newRow("value object")
        << QByteArray::fromStdString(
               J("{'component':{'key':'p','measures':[{'metric':'m','value':{}}]}}"))
        << QByteArray("expected the value of component.measures[0] to be a string or a number");
    QTest::newRow("measures object")
        << QByteArray::fromStdString(J("{'component':{'key':'p','measures':{}}}"))
        << QByteArray("expected the \"measures\" of component to be an array");
    QTest::newRow("no metric") << QByteArray::fromStdString(
                                      J("{'component':{'key':'p','measures':[{'value':'1'}]}}"))
                               << QByteArray("to have a \"metric\"");
    QTest::newRow("no key") << QByteArray::fromStdString(J("{'component':{'measures':[]}}"))
                            << QByteArray("to have a \"key\"");
    QTest::newRow("dot dot")
        << QByteArray::fromStdString(
               J("{'components':[{'key':'k:x','qualifier':'FIL','path':'a/../../x.go',"
                 "'measures':[]}],'paging':{'pageIndex':1,'pageSize':1,'total':1}}"))
        << QByteArray("\"..\" segment");
    QTest::newRow("NUL")
        << QByteArray::fromStdString(
               J("{'components':[{'key':'k:x','qualifier':'FIL','path':'a\\u0000.go',"
                 "'measures':[]}]}"))
        << QByteArray("NUL");
    QTest::newRow("paging not numbers")
        << QByteArray::fromStdString(
               J("{'paging':{'pageIndex':'1','pageSize':1,'total':1},'components':[]}"))
        << QByteArray("\"paging\" to hold");
  }
  void errors() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, message);
    SonarQubeJsonReader reader;
    DebtCollector sink;
    const std::string failure = readDebt(reader, text.toStdString(), sink);
    QVERIFY2(failure.find(message.toStdString()) != std::string::npos, failure.c_str());
  }

  void sniffer() {
    QCOMPARE(detectedFormat(J("{'component':{'key':'p','measures':[")),
             std::string("sonarqube-json"));
    QCOMPARE(detectedFormat(J("{'paging':{'pageIndex':1},'components':[")),
             std::string("sonarqube-json"));
    QCOMPARE(detectedFormat(J("{'baseComponent':{")), std::string("sonarqube-json"));
    QCOMPARE(detectedFormat(J("{'components':[]}")), std::string("none"));
  }
};

QTEST_GUILESS_MAIN(TestSonarQubeJsonReader)
#include "tst_sonarqube_json_reader.moc"
