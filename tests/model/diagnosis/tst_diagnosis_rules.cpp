// The rules file: compiled-in defaults, overrides, and clear errors for mistakes.
#include <QTest>

#include "model/diagnosis/diagnosis_rules.h"

using namespace sightline;

class TestDiagnosisRules : public QObject {
  Q_OBJECT

 private slots:
  void defaultsMatchTheDesign();
  void overridesKeepTheRest();
  void mistakesAreNamed_data();
  void mistakesAreNamed();
  void roundTripsThroughJson();
};

void TestDiagnosisRules::defaultsMatchTheDesign() {
  const DiagnosisRules rules = DiagnosisRules::defaults();
  QCOMPARE(rules.number("slow-operation", "p99_budget_ms"), 1000.0);
  QCOMPARE(rules.nanoseconds("slow-operation", "p99_budget_ms"), std::uint64_t{1000000000});
  QCOMPARE(rules.number("deep-chain", "max_depth"), 8.0);
  QCOMPARE(rules.number("dominant-service", "min_share"), 0.7);
  QCOMPARE(rules.number("n-plus-one-db", "min_repeats"), 5.0);
  QCOMPARE(rules.number("n-plus-one-db", "min_total_ms"), 50.0);
  QCOMPARE(rules.number("n-plus-one-http", "min_repeats"), 10.0);
  QCOMPARE(rules.number("n-plus-one-http", "max_start_gap_ms"), 5.0);
  QCOMPARE(rules.number("n-plus-one-http", "min_total_ms"), 300.0);
  QCOMPARE(rules.number("parallelizable-calls", "min_saved_ms"), 100.0);
  QCOMPARE(rules.number("parallelizable-calls", "min_saved_fraction"), 0.1);
  QCOMPARE(rules.number("slow-query", "min_duration_ms"), 500.0);
  QCOMPARE(rules.number("cpu-hotspot", "min_flat_share"), 0.05);
  QCOMPARE(rules.number("waiting-not-computing", "max_cpu_share"), 0.1);
  QCOMPARE(rules.number("slo-burn", "page_burn_rate"), 14.4);
  QCOMPARE(rules.number("saturation", "max_utilisation"), 0.8);
  QCOMPARE(rules.exemplars(), 10);
  QVERIFY(rules.enabled("error-spans"));
  QVERIFY(!rules.enabled("no-such-rule"));
}

void TestDiagnosisRules::overridesKeepTheRest() {
  Status status;
  const DiagnosisRules rules = DiagnosisRules::fromJson(
      R"({"exemplars": 3, "rules": {"slow-operation": {"p99_budget_ms": 250},
          "deep-chain": {"enabled": false}}})",
      &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(rules.number("slow-operation", "p99_budget_ms"), 250.0);
  QCOMPARE(rules.number("slow-operation", "min_spans"), 5.0);
  QVERIFY(!rules.enabled("deep-chain"));
  QVERIFY(rules.enabled("slow-operation"));
  QCOMPARE(rules.exemplars(), 3);
}

void TestDiagnosisRules::mistakesAreNamed_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("message");
  QTest::newRow("not json") << "{\"rules\": "
                            << "not JSON at byte";
  QTest::newRow("array") << "[1]"
                         << "expected a JSON object";
  QTest::newRow("unknown rule") << R"({"rules": {"slow-operations": {}}})"
                                << "unknown rule \"slow-operations\"";
  QTest::newRow("unknown key") << R"({"rules": {"slow-query": {"min_duration": 5}}})"
                               << "unknown threshold \"min_duration\" of rule \"slow-query\"";
  QTest::newRow("negative") << R"({"rules": {"slow-query": {"min_duration_ms": -1}}})"
                            << "slow-query.min_duration_ms must be a number of at least 0";
  QTest::newRow("string") << R"({"rules": {"slow-query": {"min_duration_ms": "5"}}})"
                          << "slow-query.min_duration_ms must be a number";
  QTest::newRow("enabled not bool") << R"({"rules": {"slow-query": {"enabled": 1}}})"
                                    << "slow-query.enabled must be true or false";
  QTest::newRow("top-level typo") << R"({"rule": {}})"
                                  << "unknown key \"rule\"";
  QTest::newRow("exemplars zero") << R"({"exemplars": 0})"
                                  << "\"exemplars\" must be a number";
}

void TestDiagnosisRules::mistakesAreNamed() {
  QFETCH(QString, json);
  QFETCH(QString, message);
  Status status;
  const DiagnosisRules rules = DiagnosisRules::fromJson(json.toStdString(), &status);
  QVERIFY(!status.isOk());
  QVERIFY2(QString::fromStdString(status.message()).contains(message), status.message().c_str());
  // A failed read leaves the defaults, not a half-applied file.
  QCOMPARE(rules.number("slow-query", "min_duration_ms"), 500.0);
}

void TestDiagnosisRules::roundTripsThroughJson() {
  DiagnosisRules rules = DiagnosisRules::defaults();
  rules.set("slow-query", "min_duration_ms", 123);
  rules.setEnabled("deep-chain", false);
  Status status;
  const DiagnosisRules back = DiagnosisRules::fromJson(rules.toJson(), &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(back.number("slow-query", "min_duration_ms"), 123.0);
  QVERIFY(!back.enabled("deep-chain"));
  QCOMPARE(back.toJson(), rules.toJson());
}

QTEST_GUILESS_MAIN(TestDiagnosisRules)
#include "tst_diagnosis_rules.moc"
