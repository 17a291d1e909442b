// The Tech debt page's dialogs: thresholds (fields in the units people read, Sonar way
// defaults, live edits), the code → service mapping (proposals accepted or edited become the
// user's, unmapped paths start rules, incomplete rules block Save) and Connect to SonarQube.
#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include "ui/debt/debt_thresholds_dialog.h"
#include "ui/debt/service_path_rules_dialog.h"
#include "ui/debt/service_path_rules_model.h"
#include "ui/debt/sonarqube_dialog.h"

using namespace sightline;

namespace {

QString s(const char* text) {
  return QString::fromUtf8(text);
}

std::vector<ServicePathRule> sampleRules() {
  return {{"services/checkout/", "checkout", "user"},
          {"services/cart/", "cart", "span-attribute"},
          {"shop-payment", "payment", "sonarqube-project"}};
}

}  // namespace

class TstDebtDialogs : public QObject {
  Q_OBJECT

 private slots:
  void thresholdFieldsRoundTrip();
  void sonarWayDefaults();
  void thresholdEditsAreAnnounced();
  void rulesModel();
  void rulesDialogAcceptsAndMaps();
  void rulesDialogBlocksIncompleteRules();
  void rulesDialogReadOnly();
  void sonarQubeConnection_data();
  void sonarQubeConnection();
};

void TstDebtDialogs::thresholdFieldsRoundTrip() {
  DebtThresholds t;
  t.minCoverage = 70;
  t.maxErrorRate = 0.025;
  t.maxCpuShare = 0.3;
  t.warnMargin = 0.2;
  DebtThresholdsDialog dialog(t);
  QCOMPARE(dialog.fieldCount(), 12);
  QCOMPARE(dialog.field(0)->value(), 70.0);
  // Shares are edited as percentages.
  QCOMPARE(dialog.field(7)->value(), 2.5);
  QCOMPARE(dialog.field(7)->suffix(), s(" %"));
  const DebtThresholds back = dialog.thresholds();
  QCOMPARE(back.minCoverage, 70.0);
  QCOMPARE(back.maxErrorRate, 0.025);
  QCOMPARE(back.maxCpuShare, 0.3);
  QCOMPARE(back.warnMargin, 0.2);
  QCOMPARE(back.p99BudgetMs, DebtThresholds{}.p99BudgetMs);
}

void TstDebtDialogs::sonarWayDefaults() {
  DebtThresholds t;
  t.minCoverage = 20;
  t.maxDuplication = 50;
  DebtThresholdsDialog dialog(t);
  QPushButton* defaults = nullptr;
  for (QPushButton* button : dialog.findChildren<QPushButton*>()) {
    if (button->text() == s("Sonar way defaults"))
      defaults = button;
  }
  QVERIFY(defaults);
  defaults->click();
  QCOMPARE(dialog.thresholds().minCoverage, 80.0);
  QCOMPARE(dialog.thresholds().maxDuplication, 3.0);
  QCOMPARE(dialog.thresholds().maxVulnerabilityDensity, 0.0);
}

void TstDebtDialogs::thresholdEditsAreAnnounced() {
  DebtThresholdsDialog dialog(DebtThresholds{});
  QSignalSpy edited(&dialog, &DebtThresholdsDialog::thresholdsEdited);
  dialog.field(0)->setValue(65);
  QCOMPARE(edited.count(), 1);
  QCOMPARE(edited.first().first().value<DebtThresholds>().minCoverage, 65.0);
}

void TstDebtDialogs::rulesModel() {
  ServicePathRulesModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setRules(sampleRules());
  QCOMPARE(model.userRules().size(), 1u);
  QCOMPARE(model.index(1, ServicePathRulesModel::OriginColumn).data().toString(),
           s("proposed from span-attribute"));
  QVERIFY(!(model.flags(model.index(0, ServicePathRulesModel::OriginColumn)) & Qt::ItemIsEditable));
  // Editing a proposal makes it the user's.
  QVERIFY(model.setData(model.index(1, ServicePathRulesModel::ServiceColumn), s("basket")));
  QCOMPARE(model.rules()[1].origin, std::string("user"));
  QCOMPARE(model.rules()[1].service, std::string("basket"));
  model.acceptRule(2);
  QCOMPARE(model.userRules().size(), 3u);
  // Proposals cannot be removed (the next import proposes them again); the user's can.
  model.setRules(sampleRules());
  QVERIFY(!model.removeRule(1));
  QVERIFY(model.removeRule(0));
  QCOMPARE(model.rowCount(), 2);
  QVERIFY(model.problem().isEmpty());
  const int added = model.addRule("services/cart/", "cart2");
  model.acceptRule(0);  // services/cart/ twice among the user's
  QVERIFY(model.problem().contains(s("services/cart/")));
  QVERIFY(model.setData(model.index(added, ServicePathRulesModel::PrefixColumn), s("  ")));
  QVERIFY(model.problem().contains(s("prefix and a service")));
  QCOMPARE(proposedPrefixFor("tools/gen/main.go"), std::string("tools/gen/"));
  QCOMPARE(proposedPrefixFor("main.go"), std::string("main.go"));
}

void TstDebtDialogs::rulesDialogAcceptsAndMaps() {
  ServicePathRulesDialog dialog(sampleRules(), {"tools/gen/main.go", "README.md"}, false);
  QCOMPARE(dialog.unmappedList()->count(), 2);
  QVERIFY(dialog.saveButton()->isEnabled());
  dialog.table()->setCurrentIndex(dialog.model()->index(1, 0));
  QVERIFY(dialog.acceptButton()->isEnabled());
  dialog.acceptButton()->click();
  QVERIFY(!dialog.acceptButton()->isEnabled());
  QCOMPARE(dialog.userRules().size(), 2u);
  // An unmapped path starts a rule for its directory; the service is still to be typed.
  QVERIFY(!dialog.mapButton()->isEnabled());
  dialog.unmappedList()->setCurrentRow(0);
  QVERIFY(dialog.mapButton()->isEnabled());
  dialog.mapButton()->click();
  QCOMPARE(dialog.model()->rowCount(), 4);
  QCOMPARE(dialog.model()->rules()[3].prefix, std::string("tools/gen/"));
  QVERIFY(!dialog.saveButton()->isEnabled());
  QVERIFY(!dialog.problemLabel()->text().isEmpty());
  dialog.model()->setData(dialog.model()->index(3, ServicePathRulesModel::ServiceColumn),
                          s("tooling"));
  QVERIFY(dialog.saveButton()->isEnabled());
  const auto rules = dialog.userRules();
  QCOMPARE(rules.size(), 3u);
  QCOMPARE(rules.back().service, std::string("tooling"));
}

void TstDebtDialogs::rulesDialogBlocksIncompleteRules() {
  ServicePathRulesDialog dialog(sampleRules(), {}, false);
  dialog.model()->addRule("services/x/", "");
  QVERIFY(!dialog.saveButton()->isEnabled());
  // Blank rules are never handed over.
  QCOMPARE(dialog.userRules().size(), 1u);
}

void TstDebtDialogs::rulesDialogReadOnly() {
  ServicePathRulesDialog dialog(sampleRules(), {"a/b.go"}, true);
  QVERIFY(!dialog.saveButton()->isEnabled());
  dialog.table()->setCurrentIndex(dialog.model()->index(1, 0));
  QVERIFY(!dialog.acceptButton()->isEnabled());
  dialog.unmappedList()->setCurrentRow(0);
  QVERIFY(!dialog.mapButton()->isEnabled());
  QVERIFY(dialog.problemLabel()->text().contains(s("read-only")));
}

void TstDebtDialogs::sonarQubeConnection_data() {
  QTest::addColumn<QString>("url");
  QTest::addColumn<QString>("projects");
  QTest::addColumn<bool>("usable");
  QTest::addColumn<QStringList>("keys");
  QTest::newRow("ok") << s("https://sonar.example.com") << s("shop-checkout, shop-cart") << true
                      << QStringList{s("shop-checkout"), s("shop-cart")};
  QTest::newRow("spaces") << s(" http://127.0.0.1:9000/ ") << s("a b\tc") << true
                          << QStringList{s("a"), s("b"), s("c")};
  QTest::newRow("no url") << QString() << s("a") << false << QStringList{s("a")};
  QTest::newRow("no scheme") << s("sonar.example.com") << s("a") << false << QStringList{s("a")};
  QTest::newRow("ftp") << s("ftp://sonar.example.com") << s("a") << false << QStringList{s("a")};
  QTest::newRow("no project") << s("https://sonar.example.com") << s(" , ") << false
                              << QStringList{};
}

void TstDebtDialogs::sonarQubeConnection() {
  QFETCH(QString, url);
  QFETCH(QString, projects);
  QFETCH(bool, usable);
  QFETCH(QStringList, keys);
  SonarQubeDialog dialog({});
  dialog.urlEdit()->setText(url);
  dialog.tokenEdit()->setText(s("squ_secret"));
  dialog.projectsEdit()->setText(projects);
  QCOMPARE(dialog.tokenEdit()->echoMode(), QLineEdit::Password);
  QCOMPARE(dialog.connectButton()->isEnabled(), usable);
  QCOMPARE(dialog.problemLabel()->text().isEmpty(), usable);
  QCOMPARE(dialog.connection().projectKeys, keys);
  QCOMPARE(dialog.connection().token, s("squ_secret"));
}

QTEST_MAIN(TstDebtDialogs)
#include "tst_debt_dialogs.moc"
