// Code → service rules: prefix matching, the longest prefix winning, proposals from the data
// (directory names, Go import paths, span code.* attributes, a service-container layout),
// user rules never replaced by proposals, and the JSON form.
#include <QTest>

#include <algorithm>

#include "model/debt/service_path_proposals.h"
#include "model/debt/service_path_rules.h"
#include "tests/model/debt/debt_test_workspace.h"

using namespace sightline;
using namespace sightline::debt_test;

namespace {

const ServicePathRule* findRule(const std::vector<ServicePathRule>& rules,
                                const std::string& prefix) {
  auto it = std::find_if(rules.begin(), rules.end(),
                         [&prefix](const ServicePathRule& r) { return r.prefix == prefix; });
  return it == rules.end() ? nullptr : &*it;
}

// Services payment, checkout and frontend; a payment span names its file.
void writeServices(Workspace& workspace) {
  TraceBuilder traces;
  traces.span(1, 1, 0, "frontend", "GET /x", SpanKind::Server, 0, 100);
  traces.span(1, 2, 1, "checkout", "POST /checkout", SpanKind::Server, 5, 80);
  traces.span(1, 3, 2, "payment", "charge", SpanKind::Server, 10, 50)
      .attributes.push_back({"code.filepath", text("/app/svc/pay/handler.go")});
  QVERIFY(traces.write(workspace, "traces.json"));
}

}  // namespace

class TestServicePathRules : public QObject {
  Q_OBJECT

 private slots:
  void prefixCovers_data();
  void prefixCovers();
  void longestPrefixWins();
  void proposals();
  void userRulesAreNeverReplaced();
  void json();
  void jsonMistakes_data();
  void jsonMistakes();
};

void TestServicePathRules::prefixCovers_data() {
  QTest::addColumn<QString>("prefix");
  QTest::addColumn<QString>("path");
  QTest::addColumn<bool>("covers");
  QTest::newRow("below a directory") << "services/pay/"
                                     << "services/pay/a.go" << true;
  QTest::newRow("the directory itself") << "services/pay/"
                                        << "services/pay" << true;
  QTest::newRow("a sibling with the same start") << "services/pay/"
                                                 << "services/payment/a.go" << false;
  QTest::newRow("exact path") << "go.mod"
                              << "go.mod" << true;
  QTest::newRow("whole path as directory") << "services/pay"
                                           << "services/pay/a.go" << true;
  QTest::newRow("not a directory boundary") << "services/pay"
                                            << "services/payment" << false;
  QTest::newRow("SonarQube key") << "shop:payment"
                                 << "shop:payment" << true;
  QTest::newRow("SonarQube component") << "shop:payment"
                                       << "shop:payment:src/a.go" << true;
  QTest::newRow("absolute") << "/tmp/x/services/pay/"
                            << "/tmp/x/services/pay/a.go" << true;
  QTest::newRow("empty prefix") << ""
                                << "a.go" << false;
}

void TestServicePathRules::prefixCovers() {
  QFETCH(QString, prefix);
  QFETCH(QString, path);
  QFETCH(bool, covers);
  QCOMPARE(servicePrefixCovers(prefix.toStdString(), path.toStdString()), covers);
}

void TestServicePathRules::longestPrefixWins() {
  const ServicePathMatcher matcher({{"services/", "platform", "user"},
                                    {"services/payment/", "payment", "directory-name"},
                                    {"services/payment/internal/", "payment", "user"},
                                    {"services/payment/internal/ledger/", "ledger", "user"}});
  auto match = matcher.match("services/payment/internal/ledger/l.go");
  QVERIFY(match);
  QCOMPARE(match->service, std::string("ledger"));
  QCOMPARE(match->relative, std::string("l.go"));
  // A nested rule of the same service keeps the path below the service's root.
  match = matcher.match("services/payment/internal/db/q.go");
  QCOMPARE(match->service, std::string("payment"));
  QCOMPARE(match->relative, std::string("internal/db/q.go"));
  QCOMPARE(match->rule->prefix, std::string("services/payment/internal/"));
  match = matcher.match("services/tools/t.go");
  QCOMPARE(match->service, std::string("platform"));
  QVERIFY(!matcher.match("README.md"));
}

void TestServicePathRules::proposals() {
  auto workspace = openMemory();
  writeServices(*workspace);
  DebtBatch batch;
  batch.measures = {fileMeasure("shop.local/services/payment/x.go", "statements", 1),
                    fileMeasure("services/payment/y.go", "statements", 1),
                    fileMeasure("/tmp/x/services/payment/z.go", "statements", 1),
                    fileMeasure("services/checkout/payment/client.go", "statements", 1),
                    fileMeasure("services/billing/q.go", "statements", 1),
                    fileMeasure("apps/Payment-Service/w.go", "statements", 1),
                    fileMeasure("docs/readme.md", "statements", 1)};
  QVERIFY(writeDebt(*workspace, "go-coverprofile", "c.out", std::move(batch)) > 0);
  QVERIFY(proposeServicePathRules(*workspace).isOk());
  std::vector<ServicePathRule> rules;
  QVERIFY(loadServicePathRules(*workspace, &rules).isOk());
  auto expect = [&](const std::string& prefix, const std::string& service,
                    const std::string& origin) {
    const ServicePathRule* rule = findRule(rules, prefix);
    QVERIFY2(rule, prefix.c_str());
    QCOMPARE(rule->service, service);
    QCOMPARE(rule->origin, origin);
  };
  expect("shop.local/services/payment/", "payment", "go-module");
  expect("services/payment/", "payment", "directory-name");
  expect("/tmp/x/services/payment/", "payment", "directory-name");
  expect("services/checkout/", "checkout", "directory-name");  // the outer name wins
  expect("services/billing/", "billing", "directory-layout");
  expect("apps/Payment-Service/", "payment", "directory-name");
  expect("/app/svc/pay/", "payment", "span-attribute");
  QVERIFY(!findRule(rules, "services/checkout/payment/"));
  QVERIFY(!findRule(rules, "docs/"));
  QCOMPARE(rules.size(), std::size_t(7));
  // Proposing again gives the same rules.
  QVERIFY(proposeServicePathRules(*workspace).isOk());
  std::vector<ServicePathRule> again;
  QVERIFY(loadServicePathRules(*workspace, &again).isOk());
  QCOMPARE(again.size(), rules.size());
}

void TestServicePathRules::userRulesAreNeverReplaced() {
  auto workspace = openMemory();
  writeServices(*workspace);
  DebtBatch batch;
  batch.measures = {fileMeasure("services/payment/y.go", "statements", 1)};
  QVERIFY(writeDebt(*workspace, "go-coverprofile", "c.out", std::move(batch)) > 0);
  QVERIFY(saveUserServicePathRules(
              *workspace, {{"services/payment/", "billing", "ignored"}, {"tools/", "platform", ""}})
              .isOk());
  QVERIFY(proposeServicePathRules(*workspace).isOk());
  std::vector<ServicePathRule> rules;
  QVERIFY(loadServicePathRules(*workspace, &rules).isOk());
  const ServicePathRule* rule = findRule(rules, "services/payment/");
  QVERIFY(rule);
  QCOMPARE(rule->service, std::string("billing"));
  QCOMPARE(rule->origin, std::string("user"));
  // Saving replaces all of the user's rules at once; proposals stay.
  QVERIFY(saveUserServicePathRules(*workspace, {{"tools/", "tooling", ""}}).isOk());
  QVERIFY(loadServicePathRules(*workspace, &rules).isOk());
  QVERIFY(!findRule(rules, "services/payment/"));
  QCOMPARE(findRule(rules, "tools/")->service, std::string("tooling"));
  QCOMPARE(findRule(rules, "/app/svc/pay/")->origin, std::string("span-attribute"));
  // A proposal for the old user prefix returns on the next refresh.
  QVERIFY(proposeServicePathRules(*workspace).isOk());
  QVERIFY(loadServicePathRules(*workspace, &rules).isOk());
  QCOMPARE(findRule(rules, "services/payment/")->service, std::string("payment"));
  QVERIFY(!saveUserServicePathRules(*workspace, {{"../x/", "a", ""}}).isOk());
}

void TestServicePathRules::json() {
  std::vector<ServicePathRule> rules;
  QVERIFY(parseServicePathRulesJson(
              R"([{"prefix":"services/payment/","service":"payment"},)"
              R"({"prefix":"shop:inventory","service":"inventory","origin":"sonarqube-key"}])",
              &rules)
              .isOk());
  QCOMPARE(rules.size(), std::size_t(2));
  QCOMPARE(rules[1].origin, std::string("user"));
  QCOMPARE(servicePathRulesJson(rules),
           std::string(R"([{"prefix":"services/payment/","service":"payment","origin":"user"},)"
                       R"({"prefix":"shop:inventory","service":"inventory","origin":"user"}])"));
  QVERIFY(parseServicePathRulesJson("[]", &rules).isOk());
  QVERIFY(rules.empty());
}

void TestServicePathRules::jsonMistakes_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("message");
  QTest::newRow("not JSON") << "[{"
                            << "not JSON";
  QTest::newRow("an object") << R"({"prefix":"a/"})"
                             << "expected a JSON array";
  QTest::newRow("no service") << R"([{"prefix":"a/"}])"
                              << "must be strings";
  QTest::newRow("empty service") << R"([{"prefix":"a/","service":""}])"
                                 << "non-empty";
  QTest::newRow("dot dot") << R"([{"prefix":"a/../b/","service":"s"}])"
                           << "\"..\"";
  QTest::newRow("twice") << R"([{"prefix":"a/","service":"s"},{"prefix":"a/","service":"t"}])"
                         << "given twice";
  QTest::newRow("unknown key") << R"([{"prefix":"a/","service":"s","team":"x"}])"
                               << "unknown key \"team\"";
}

void TestServicePathRules::jsonMistakes() {
  QFETCH(QString, json);
  QFETCH(QString, message);
  std::vector<ServicePathRule> rules{{"kept/", "kept", "user"}};
  const Status status = parseServicePathRulesJson(json.toStdString(), &rules);
  QVERIFY(!status.isOk());
  QVERIFY2(QString::fromStdString(status.message()).contains(message), status.message().c_str());
  QCOMPARE(rules.size(), std::size_t(1));  // untouched
}

QTEST_GUILESS_MAIN(TestServicePathRules)
#include "tst_service_path_rules.moc"
