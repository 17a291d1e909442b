// The Tech debt page's pure helpers: cell texts and changes per column, the flame graph's
// focus regex, the default sides of a snapshot comparison, the showcase cell, and the
// comparison model's directions.
#include <regex>

#include <QAbstractItemModelTester>
#include <QtTest>

#include "tests/ui/debt/debt_fixture.h"
#include "ui/debt/debt_cell_text.h"
#include "ui/debt/debt_compare_model.h"
#include "ui/debt/debt_compare_sides.h"
#include "ui/debt/debt_flame_focus.h"
#include "ui/debt/debt_showcase.h"

using namespace sightline;
using namespace sightline::debt_test;

Q_DECLARE_METATYPE(DebtColumn)

class TstDebtHelpers : public QObject {
  Q_OBJECT

 private slots:
  void cellText_data();
  void cellText();
  void changes_data();
  void changes();
  void focusRegex_data();
  void focusRegex();
  void defaultSides_data();
  void defaultSides();
  void showcaseCellIsRedOnTheHotPath();
  void compareModelDirections();
};

void TstDebtHelpers::cellText_data() {
  QTest::addColumn<DebtColumn>("column");
  QTest::addColumn<double>("value");
  QTest::addColumn<QString>("expected");
  QTest::newRow("coverage") << DebtColumn::Coverage << 76.04 << s("76.0 %");
  QTest::newRow("coverage zero") << DebtColumn::Coverage << 0.0 << s("0.0 %");
  QTest::newRow("coverage tiny") << DebtColumn::Coverage << 0.042 << s("0.042 %");
  QTest::newRow("duplication") << DebtColumn::Duplication << 3.456 << s("3.5 %");
  QTest::newRow("density") << DebtColumn::VulnerabilityDensity << 0.4166 << s("0.417");
  QTest::newRow("smells") << DebtColumn::CodeSmells << 41.6 << s("42");
  QTest::newRow("debt minutes") << DebtColumn::DebtMinutes << 1250.0 << s("1250");
  QTest::newRow("error rate") << DebtColumn::ErrorRate << 0.0123 << s("1.2 %");
  QTest::newRow("error rate small") << DebtColumn::ErrorRate << 0.0005 << s("0.05 %");
  QTest::newRow("cpu share") << DebtColumn::CpuShare << 0.5 << s("50.0 %");
}

void TstDebtHelpers::cellText() {
  QFETCH(DebtColumn, column);
  QFETCH(double, value);
  QFETCH(QString, expected);
  DebtFigures f;
  QCOMPARE(debtCellText(column, f), s("–"));
  switch (column) {
    case DebtColumn::Coverage:
      f.coverage = value;
      break;
    case DebtColumn::Duplication:
      f.duplication = value;
      break;
    case DebtColumn::VulnerabilityDensity:
      f.vulnerabilityDensity = value;
      break;
    case DebtColumn::CodeSmells:
      f.codeSmells = value;
      break;
    case DebtColumn::DebtMinutes:
      f.debtMinutes = value;
      break;
    case DebtColumn::ErrorRate:
      f.errorRate = value;
      break;
    case DebtColumn::CpuShare:
      f.cpuShare = value;
      break;
    default:
      QFAIL("column not covered");
  }
  QCOMPARE(debtCellText(column, f), expected);
}

void TstDebtHelpers::changes_data() {
  QTest::addColumn<DebtColumn>("column");
  QTest::addColumn<double>("before");
  QTest::addColumn<double>("after");
  QTest::addColumn<QString>("text");
  QTest::addColumn<int>("direction");
  // The reviewers' example: 41 % covered, 76 % after a testing push.
  QTest::newRow("coverage up") << DebtColumn::Coverage << 41.2 << 76.0 << s("+34.8") << 1;
  QTest::newRow("coverage down") << DebtColumn::Coverage << 80.0 << 78.5 << s("−1.5") << -1;
  QTest::newRow("duplication down") << DebtColumn::Duplication << 4.0 << 2.5 << s("−1.5") << 1;
  QTest::newRow("smells up") << DebtColumn::CodeSmells << 3.0 << 5.0 << s("+2") << -1;
  QTest::newRow("same") << DebtColumn::Churn << 7.0 << 7.0 << s("0") << 0;
}

void TstDebtHelpers::changes() {
  QFETCH(DebtColumn, column);
  QFETCH(double, before);
  QFETCH(double, after);
  QFETCH(QString, text);
  QFETCH(int, direction);
  DebtServiceChange change;
  change.service = "checkout";
  auto set = [column](DebtFigures& f, double v) {
    switch (column) {
      case DebtColumn::Coverage:
        f.coverage = v;
        break;
      case DebtColumn::Duplication:
        f.duplication = v;
        break;
      case DebtColumn::CodeSmells:
        f.codeSmells = v;
        break;
      case DebtColumn::Churn:
        f.churn = v;
        break;
      default:
        break;
    }
  };
  QVERIFY(!debtChange(column, change.baseline, change.target));
  set(change.baseline, before);
  QVERIFY(!DebtCompareModel::direction(column, change));  // one side only
  set(change.target, after);
  const auto delta = debtChange(column, change.baseline, change.target);
  QVERIFY(delta);
  QCOMPARE(debtChangeText(column, *delta), text);
  QCOMPARE(DebtCompareModel::direction(column, change), std::optional<int>(direction));
}

void TstDebtHelpers::focusRegex_data() {
  QTest::addColumn<QString>("focus");
  QTest::addColumn<QString>("regex");
  QTest::addColumn<QStringList>("matches");
  QTest::addColumn<QStringList>("misses");
  QTest::newRow("package") << s("pricing") << s("^(.*\\/)?pricing\\.")
                           << QStringList{s("pricing.Quote"), s("example.com/shop/pricing.Quote"),
                                          s("pricing.(*Cart).Total")}
                           << QStringList{s("repricing.Quote"), s("pricingx.F")};
  QTest::newRow("directory") << s("internal/pricing/") << s("^(.*\\/)?internal\\/pricing\\.")
                             << QStringList{s("example.com/shop/internal/pricing.Quote")}
                             << QStringList{s("example.com/shop/pricing.Quote")};
  QTest::newRow("function") << s("checkout.(*Cart).Total")
                            << s("^checkout\\.\\(\\*Cart\\)\\.Total$")
                            << QStringList{s("checkout.(*Cart).Total")}
                            << QStringList{s("checkout.(*Cart).TotalX")};
  QTest::newRow("qualified function")
      << s("example.com/shop/pricing.Quote") << s("^example\\.com\\/shop\\/pricing\\.Quote$")
      << QStringList{s("example.com/shop/pricing.Quote")} << QStringList{s("pricing.Quote")};
  QTest::newRow("empty") << QString() << QString() << QStringList() << QStringList();
}

void TstDebtHelpers::focusRegex() {
  QFETCH(QString, focus);
  QFETCH(QString, regex);
  QFETCH(QStringList, matches);
  QFETCH(QStringList, misses);
  QCOMPARE(debtFocusRegex(focus.toStdString()), regex);
  if (regex.isEmpty())
    return;
  // The Profiles page's filter compiles ECMAScript regexes with std::regex.
  const std::regex compiled(regex.toStdString(), std::regex::ECMAScript);
  for (const QString& name : matches)
    QVERIFY2(std::regex_search(name.toStdString(), compiled), qPrintable(name));
  for (const QString& name : misses)
    QVERIFY2(!std::regex_search(name.toStdString(), compiled), qPrintable(name));
}

void TstDebtHelpers::defaultSides_data() {
  QTest::addColumn<QList<qlonglong>>("listed");
  QTest::addColumn<QList<qlonglong>>("baseline");
  QTest::addColumn<QList<qlonglong>>("target");
  // 1 coverage-before.out, 2 staticcheck.sarif, 3 eslint.sarif, 4 coverage.out,
  // 5 staticcheck.sarif again, 6 and 7 SonarQube answers of two projects, 8 the first again.
  QTest::newRow("coverage before and after")
      << QList<qlonglong>{1, 2, 3, 4} << QList<qlonglong>{1, 2, 3} << QList<qlonglong>{1, 2, 3, 4};
  // Two SARIF tools and two SonarQube projects are four series, not two befores and afters.
  QTest::newRow("nothing twice") << QList<qlonglong>{1, 2, 3, 6, 7} << QList<qlonglong>{}
                                 << QList<qlonglong>{};
  QTest::newRow("a tool run twice")
      << QList<qlonglong>{2, 3, 5} << QList<qlonglong>{2, 3} << QList<qlonglong>{2, 3, 5};
  QTest::newRow("a project pulled twice")
      << QList<qlonglong>{6, 7, 8} << QList<qlonglong>{6, 7} << QList<qlonglong>{6, 7, 8};
  QTest::newRow("none") << QList<qlonglong>{} << QList<qlonglong>{} << QList<qlonglong>{};
}

void TstDebtHelpers::defaultSides() {
  QFETCH(QList<qlonglong>, listed);
  QFETCH(QList<qlonglong>, baseline);
  QFETCH(QList<qlonglong>, target);
  auto source = [](std::int64_t id, const char* file, const char* kind,
                   std::vector<std::string> tools = {}) {
    DebtSourceInfo info;
    info.id = id;
    info.kind = kind;
    info.fileName = file;
    info.path = std::string("/d/") + file;
    info.tools = std::move(tools);
    return info;
  };
  const std::vector<DebtSourceInfo> all = {
      source(1, "coverage-before.out", "go-coverprofile"),
      source(2, "staticcheck.sarif", "sarif", {"Staticcheck"}),
      source(3, "eslint.sarif", "sarif", {"ESLint"}),
      source(4, "coverage.out", "go-coverprofile"),
      source(5, "staticcheck.sarif", "sarif", {"Staticcheck"}),
      source(6, "component-payment.json", "sonarqube-json"),
      source(7, "component-cart.json", "sonarqube-json"),
      source(8, "component-payment.json", "sonarqube-json"),
  };
  std::vector<DebtSourceInfo> sources;
  for (const DebtSourceInfo& info : all) {
    if (listed.contains(info.id))
      sources.push_back(info);
  }
  const DebtSides sides = defaultDebtSides(sources);
  QCOMPARE(QList<qlonglong>(sides.baseline.begin(), sides.baseline.end()), baseline);
  QCOMPARE(QList<qlonglong>(sides.target.begin(), sides.target.end()), target);
  QCOMPARE(debtSourceLabel(all[3]), s("4  coverage.out (go-coverprofile)"));
}

void TstDebtHelpers::showcaseCellIsRedOnTheHotPath() {
  DebtTable table = sampleTable();
  DebtThresholds thresholds;
  // checkout: coverage 41.2 % (red) and 42 % of the CPU; cart: 85 % (amber).
  DebtCellRef cell = pickShowcaseCell(table, thresholds);
  QCOMPARE(cell.row, 0);
  QCOMPARE(cell.column, DebtColumn::Coverage);
  // A red service colder than checkout does not take its place…
  table.rows[5].figures.coverage = 10;
  QCOMPARE(pickShowcaseCell(table, thresholds).row, 0);
  // …a hotter one does.
  table.rows[5].figures.cpuShare = 0.6;
  QCOMPARE(pickShowcaseCell(table, thresholds).row, 5);
  QCOMPARE(pickShowcaseService(table, thresholds), 5);
  // Without a red code cell: no showcase cell, the first service with rows below it.
  thresholds.minCoverage = 0;
  thresholds.maxDuplication = 100;
  thresholds.maxVulnerabilityDensity = 100;
  QCOMPARE(pickShowcaseCell(table, thresholds).row, -1);
  QCOMPARE(pickShowcaseService(table, thresholds), 0);
}

void TstDebtHelpers::compareModelDirections() {
  DebtServiceChange change;
  change.service = "checkout";
  change.baseline.coverage = 41.2;
  change.target.coverage = 76.0;
  change.baseline.duplication = 2;
  change.target.duplication = 3.5;
  change.target.churn = 4;
  DebtCompareModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setChanges({change});
  const int coverage = 0;
  const int duplication = 1;
  const int churn = 5;
  QCOMPARE(model.index(0, DebtCompareModel::bothColumn(coverage)).data().toString(),
           s("41.2 % → 76.0 %"));
  QCOMPARE(model.index(0, DebtCompareModel::changeColumn(coverage)).data().toString(), s("+34.8"));
  QCOMPARE(model.index(0, DebtCompareModel::changeColumn(coverage))
               .data(DebtCompareModel::DirectionRole)
               .toInt(),
           1);
  QCOMPARE(model.index(0, DebtCompareModel::changeColumn(duplication))
               .data(DebtCompareModel::DirectionRole)
               .toInt(),
           -1);
  QCOMPARE(model.index(0, DebtCompareModel::bothColumn(churn)).data().toString(), s("– → 4"));
  QCOMPARE(model.index(0, DebtCompareModel::changeColumn(churn)).data().toString(), s("–"));
  QVERIFY(!model.index(0, DebtCompareModel::changeColumn(churn))
               .data(DebtCompareModel::DirectionRole)
               .isValid());
}

QTEST_MAIN(TstDebtHelpers)
#include "tst_debt_helpers.moc"
