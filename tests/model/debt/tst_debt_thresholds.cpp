// Cell colours from the thresholds (the Sonar way defaults and the warn band), column ids and
// values, the thresholds' JSON, and the function names "hot and untested" matches on.
#include <QTest>

#include "model/debt/debt_code_names.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"

using namespace sightline;

Q_DECLARE_METATYPE(DebtColumn)
Q_DECLARE_METATYPE(DebtCellStatus)

namespace {

DebtFigures figuresWith(DebtColumn column, double value) {
  DebtFigures f;
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
      f.ncloc = 1000;
      break;
    case DebtColumn::DebtMinutes:
      f.debtMinutes = value;
      f.ncloc = 2000;
      break;
    case DebtColumn::Churn:
      f.churn = value;
      break;
    case DebtColumn::P99:
      f.p99Ns = static_cast<std::uint64_t>(value * 1e6);
      break;
    case DebtColumn::ErrorRate:
      f.errorRate = value;
      break;
    case DebtColumn::CriticalPathShare:
      f.criticalPathShare = value;
      break;
    case DebtColumn::CpuShare:
      f.cpuShare = value;
      break;
    case DebtColumn::Findings:
      f.findings = static_cast<std::uint64_t>(value);
      break;
  }
  return f;
}

}  // namespace

class TestDebtThresholds : public QObject {
  Q_OBJECT

 private slots:
  void status_data();
  void status();
  void absentIsAbsent();
  void severeFindingsDecide();
  void columnIds();
  void json();
  void jsonMistakes_data();
  void jsonMistakes();
  void coverFunctionNames_data();
  void coverFunctionNames();
  void libraryFiles_data();
  void libraryFiles();
};

void TestDebtThresholds::status_data() {
  QTest::addColumn<DebtColumn>("column");
  QTest::addColumn<double>("value");
  QTest::addColumn<DebtCellStatus>("expected");
  using C = DebtColumn;
  using S = DebtCellStatus;
  // Sonar way: coverage ≥ 80 % (warn below 88 %), duplication ≤ 3 % (warn above 2.7 %),
  // no vulnerabilities (no warn band at 0).
  QTest::newRow("coverage 41") << C::Coverage << 41.0 << S::Bad;
  QTest::newRow("coverage 79.9") << C::Coverage << 79.9 << S::Bad;
  QTest::newRow("coverage 80") << C::Coverage << 80.0 << S::Warn;
  QTest::newRow("coverage 87.5") << C::Coverage << 87.5 << S::Warn;
  QTest::newRow("coverage 88") << C::Coverage << 88.0 << S::Good;
  QTest::newRow("coverage 100") << C::Coverage << 100.0 << S::Good;
  QTest::newRow("duplication 0") << C::Duplication << 0.0 << S::Good;
  QTest::newRow("duplication 2.8") << C::Duplication << 2.8 << S::Warn;
  QTest::newRow("duplication 3") << C::Duplication << 3.0 << S::Warn;
  QTest::newRow("duplication 3.3") << C::Duplication << 3.3 << S::Bad;
  QTest::newRow("vulnerabilities 0") << C::VulnerabilityDensity << 0.0 << S::Good;
  QTest::newRow("vulnerabilities 0.01") << C::VulnerabilityDensity << 0.01 << S::Bad;
  QTest::newRow("smells 5 per kloc") << C::CodeSmells << 5.0 << S::Good;
  QTest::newRow("smells 11 per kloc") << C::CodeSmells << 11.0 << S::Bad;
  QTest::newRow("debt 100 min in 2 kloc") << C::DebtMinutes << 100.0 << S::Good;
  QTest::newRow("debt 130 min in 2 kloc") << C::DebtMinutes << 130.0 << S::Bad;
  QTest::newRow("churn 28") << C::Churn << 28.0 << S::Warn;
  QTest::newRow("churn 31") << C::Churn << 31.0 << S::Bad;
  QTest::newRow("p99 1.2 s") << C::P99 << 1200.0 << S::Bad;
  QTest::newRow("p99 250 ms") << C::P99 << 250.0 << S::Good;
  QTest::newRow("error rate 5 %") << C::ErrorRate << 0.05 << S::Bad;
  QTest::newRow("error rate 0") << C::ErrorRate << 0.0 << S::Good;
  QTest::newRow("critical path 0.47") << C::CriticalPathShare << 0.47 << S::Warn;
  QTest::newRow("cpu 0.99") << C::CpuShare << 0.99 << S::Bad;
  QTest::newRow("findings 0") << C::Findings << 0.0 << S::Good;
  QTest::newRow("findings 2") << C::Findings << 2.0 << S::Bad;
}

void TestDebtThresholds::status() {
  QFETCH(DebtColumn, column);
  QFETCH(double, value);
  QFETCH(DebtCellStatus, expected);
  const DebtFigures figures = figuresWith(column, value);
  QCOMPARE(debtCellStatus(column, figures, DebtThresholds{}), expected);
  QVERIFY(debtColumnValue(column, figures).has_value());
}

void TestDebtThresholds::absentIsAbsent() {
  const DebtFigures none;
  for (int c = 0; c < kDebtColumnCount; ++c) {
    const auto column = static_cast<DebtColumn>(c);
    QCOMPARE(debtCellStatus(column, none, DebtThresholds{}), DebtCellStatus::Absent);
    QVERIFY(!debtColumnValue(column, none));
  }
  // Vulnerabilities without a size: the count is judged (any is too many).
  DebtFigures count;
  count.vulnerabilities = 1;
  QCOMPARE(debtCellStatus(DebtColumn::VulnerabilityDensity, count, DebtThresholds{}),
           DebtCellStatus::Bad);
}

void TestDebtThresholds::severeFindingsDecide() {
  DebtFigures f;
  f.findings = 4;
  f.severeFindings = 0;
  QCOMPARE(debtCellStatus(DebtColumn::Findings, f, DebtThresholds{}), DebtCellStatus::Good);
  QCOMPARE(*debtColumnValue(DebtColumn::Findings, f), 4.0);
  f.severeFindings = 1;
  QCOMPARE(debtCellStatus(DebtColumn::Findings, f, DebtThresholds{}), DebtCellStatus::Bad);
}

void TestDebtThresholds::columnIds() {
  QCOMPARE(QString::fromLatin1(debtColumnId(DebtColumn::Coverage)), QStringLiteral("coverage"));
  QCOMPARE(QString::fromLatin1(debtColumnId(DebtColumn::VulnerabilityDensity)),
           QStringLiteral("vulnerability_density"));
  QCOMPARE(QString::fromLatin1(debtColumnId(DebtColumn::Findings)), QStringLiteral("findings"));
  QCOMPARE(QString::fromUtf8(debtColumnTitle(DebtColumn::Coverage)), QStringLiteral("Coverage %"));
}

void TestDebtThresholds::json() {
  DebtThresholds thresholds;
  QCOMPARE(debtThresholdsJson(thresholds),
           std::string("{\"min_coverage\":80,\"max_duplication\":3,\"max_vulnerability_density\":"
                       "0,\"max_code_smells_per_kloc\":10,\"max_debt_minutes_per_kloc\":60,"
                       "\"max_churn\":30,\"p99_budget_ms\":1000,\"max_error_rate\":0.01,"
                       "\"max_critical_path_share\":0.5,\"max_cpu_share\":0.5,\"max_findings\":"
                       "0,\"warn_margin\":0.1}"));
  QVERIFY(parseDebtThresholds(R"({"min_coverage": 60, "warn_margin": 0})", &thresholds).isOk());
  QCOMPARE(thresholds.minCoverage, 60.0);
  QCOMPARE(thresholds.warnMargin, 0.0);
  QCOMPARE(thresholds.maxDuplication, 3.0);  // left out: kept
  DebtThresholds back;
  QVERIFY(parseDebtThresholds(debtThresholdsJson(thresholds), &back).isOk());
  QCOMPARE(back.minCoverage, 60.0);
  DebtFigures f;
  f.coverage = 61;
  QCOMPARE(debtCellStatus(DebtColumn::Coverage, f, thresholds), DebtCellStatus::Good);
}

void TestDebtThresholds::jsonMistakes_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("message");
  QTest::newRow("not JSON") << "{"
                            << "not JSON";
  QTest::newRow("array") << "[]"
                         << "JSON object";
  QTest::newRow("unknown key") << R"({"min_covrage": 80})"
                               << "unknown key \"min_covrage\"";
  QTest::newRow("string") << R"({"min_coverage": "80"})"
                          << "must be a number";
  QTest::newRow("negative") << R"({"max_churn": -1})"
                            << "≥ 0";
  QTest::newRow("coverage over 100") << R"({"min_coverage": 101})"
                                     << "0–100";
  QTest::newRow("margin 1") << R"({"warn_margin": 1})"
                            << "below 1";
}

void TestDebtThresholds::jsonMistakes() {
  QFETCH(QString, json);
  QFETCH(QString, message);
  DebtThresholds thresholds;
  const Status status = parseDebtThresholds(json.toStdString(), &thresholds);
  QVERIFY(!status.isOk());
  QVERIFY2(QString::fromStdString(status.message()).contains(message), status.message().c_str());
  QCOMPARE(thresholds.minCoverage, 80.0);
}

void TestDebtThresholds::coverFunctionNames_data() {
  QTest::addColumn<QString>("profile");
  QTest::addColumn<QString>("cover");
  QTest::newRow("function") << "main.computeFraudScore"
                            << "computeFraudScore";
  QTest::newRow("pointer method") << "main.(*Ledger).Append"
                                  << "Append";
  QTest::newRow("value method") << "main.Ledger.Balance"
                                << "Balance";
  QTest::newRow("closure") << "main.handleCharge.func1"
                           << "handleCharge";
  QTest::newRow("nested closure") << "main.(*Ledger).reconcile.func2.1"
                                  << "reconcile";
  QTest::newRow("import path") << "shop.local/services/payment.score"
                               << "score";
  QTest::newRow("generic") << "shop.local/x.Map[...]"
                           << "Map";
  QTest::newRow("main") << "main.main"
                        << "main";
}

void TestDebtThresholds::coverFunctionNames() {
  QFETCH(QString, profile);
  QFETCH(QString, cover);
  QCOMPARE(QString::fromStdString(coverFunctionName(profile.toStdString())), cover);
}

void TestDebtThresholds::libraryFiles_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<bool>("library");
  QTest::newRow("runtime") << "runtime/proc.go" << true;
  QTest::newRow("encoding/json") << "encoding/json/decode.go" << true;
  QTest::newRow("GOROOT") << "/usr/lib/go-1.19/src/runtime/proc.go" << true;
  QTest::newRow("other GOROOT") << "/opt/go/src/net/http/server.go" << true;
  QTest::newRow("module cache") << "/home/u/go/pkg/mod/github.com/x/y@v1/z.go" << true;
  QTest::newRow("node_modules") << "/app/node_modules/express/index.js" << true;
  QTest::newRow("node internals") << "node:internal/timers" << true;
  QTest::newRow("module path") << "sightline.local/demo/payment/service.go" << false;
  QTest::newRow("repository path") << "services/payment/service.go" << false;
  QTest::newRow("absolute application") << "/app/src/handler.go" << false;
  QTest::newRow("no file") << "" << true;
}

void TestDebtThresholds::libraryFiles() {
  QFETCH(QString, file);
  QFETCH(bool, library);
  QCOMPARE(isLibraryCodeFile(file.toStdString()), library);
}

QTEST_GUILESS_MAIN(TestDebtThresholds)
#include "tst_debt_thresholds.moc"
