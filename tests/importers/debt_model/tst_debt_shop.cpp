// The heatmap of the debt-shop fixtures (tests/data/debt-shop/), imported with importFile,
// against expected.json: per-service coverage equals `go tool cover -func` on the service's
// lines, duplication equals jscpd's, the SARIF results are all counted (code smells and
// vulnerabilities), lines of code equal cloc's non-test code, churn the commits; with the
// SonarQube answers the planted vulnerabilities; the testing push compared; the unmapped
// paths are the repository's root files.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

#include "importers/core/file_importer.h"
#include "model/debt/debt_table.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

const QString kShop = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/debt-shop/");

const char* const kServices[] = {"checkout", "frontend", "inventory", "orders-worker", "payment"};

const DebtFigures* serviceFigures(const DebtTable& table, const std::string& service) {
  for (const DebtRow& row : table.rows) {
    if (row.service == service && row.path.empty())
      return &row.figures;
  }
  return nullptr;
}

double round1(double value) {
  return std::round(value * 10) / 10;
}

}  // namespace

class TestDebtShop : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void coverageEqualsGoToolCover();
  void duplicationEqualsJscpd();
  void sarifResultsAreCounted();
  void linesOfCodeAndChurn();
  void unmappedAreTheRootFiles();
  void sonarQubeGivesThePlantedVulnerabilities();
  void testingPushCompared();

 private:
  std::unique_ptr<Workspace> open(const QString& name) {
    Status status;
    auto workspace =
        Workspace::open(m_dir.filePath(name).toStdString(), Workspace::Mode::ReadWrite, &status);
    if (!workspace)
      qWarning("%s", status.message().c_str());
    return workspace;
  }
  std::int64_t import(Workspace& workspace, const QString& file) {
    const FileImportResult result = importFile(workspace, QString(kShop + file).toStdString());
    if (result.outcome != FileImportResult::Outcome::Imported) {
      qWarning("%s", result.error.c_str());
      return 0;
    }
    return result.sourceId;
  }
  QJsonObject expected(const char* service) const {
    return m_expected.value(QStringLiteral("services"))
        .toObject()
        .value(QLatin1String(service))
        .toObject();
  }

  QTemporaryDir m_dir;
  QJsonObject m_expected;
  std::unique_ptr<Workspace> m_tools;  // Go coverage, SARIF, jscpd, cloc, git, CODEOWNERS
  std::unique_ptr<Workspace> m_sonar;  // the same and the SonarQube answers
  DebtTable m_toolsTable;
  DebtTable m_sonarTable;
  std::int64_t m_before = 0;
  std::int64_t m_after = 0;
};

void TestDebtShop::initTestCase() {
  QVERIFY(m_dir.isValid());
  QFile file(kShop + QStringLiteral("expected.json"));
  QVERIFY(file.open(QIODevice::ReadOnly));
  m_expected = QJsonDocument::fromJson(file.readAll()).object();
  QVERIFY(!m_expected.isEmpty());
  const QStringList tools = {
      QStringLiteral("coverage.out"),      QStringLiteral("cover-func.txt"),
      QStringLiteral("staticcheck.sarif"), QStringLiteral("eslint.sarif"),
      QStringLiteral("jscpd-report.json"), QStringLiteral("cloc.json"),
      QStringLiteral("git-numstat.txt"),   QStringLiteral("repo/CODEOWNERS")};
  m_tools = open(QStringLiteral("tools.sightline"));
  m_sonar = open(QStringLiteral("sonar.sightline"));
  QVERIFY(m_tools && m_sonar);
  for (const QString& name : tools) {
    QVERIFY2(import(*m_tools, name) > 0, qPrintable(name));
    QVERIFY2(import(*m_sonar, name) > 0, qPrintable(name));
  }
  for (const char* service : kServices) {
    QVERIFY(import(*m_sonar,
                   QStringLiteral("sonarqube/component-%1.json").arg(QLatin1String(service))) > 0);
  }
  QVERIFY(import(*m_sonar, QStringLiteral("sonarqube/component_tree-page1.json")) > 0);
  QVERIFY(import(*m_sonar, QStringLiteral("sonarqube/component_tree-page2.json")) > 0);
  QVERIFY(proposeServicePathRules(*m_tools).isOk());
  QVERIFY(proposeServicePathRules(*m_sonar).isOk());
  QVERIFY(loadDebtTable(*m_tools, {}, &m_toolsTable).isOk());
  QVERIFY(loadDebtTable(*m_sonar, {}, &m_sonarTable).isOk());
  m_after = m_toolsTable.sourceIds.front();  // coverage.out, imported first
  m_before = import(*m_tools, QStringLiteral("coverage-before.out"));
  QVERIFY(m_before > 0);
}

void TestDebtShop::coverageEqualsGoToolCover() {
  for (const DebtTable* table : {&m_toolsTable, &m_sonarTable}) {
    for (const char* service : kServices) {
      const DebtFigures* figures = serviceFigures(*table, service);
      QVERIFY2(figures, service);
      const QJsonValue coverage = expected(service).value(QStringLiteral("coverage"));
      if (coverage.isNull()) {
        // The frontend has no Go coverage; SonarQube's answer has none either.
        QVERIFY2(!figures->coverage, service);
        continue;
      }
      const QJsonObject after = coverage.toObject().value(QStringLiteral("after")).toObject();
      QVERIFY2(figures->coverage, service);
      QCOMPARE(*figures->coverage, 100.0 * after.value(QStringLiteral("covered")).toDouble() /
                                       after.value(QStringLiteral("statements")).toDouble());
      QCOMPARE(QString::number(round1(*figures->coverage), 'f', 1) + QLatin1Char('%'),
               after.value(QStringLiteral("go_tool_cover_func_total")).toString());
    }
  }
}

void TestDebtShop::duplicationEqualsJscpd() {
  for (const char* service : kServices) {
    const QJsonObject duplication =
        expected(service).value(QStringLiteral("duplication")).toObject();
    const DebtFigures* figures = serviceFigures(m_toolsTable, service);
    QVERIFY2(figures && figures->duplication, service);
    QCOMPARE(*figures->duplication,
             100.0 * duplication.value(QStringLiteral("duplicated_lines")).toDouble() /
                 duplication.value(QStringLiteral("lines")).toDouble());
    QCOMPARE(round1(*figures->duplication),
             duplication.value(QStringLiteral("percent")).toDouble());
  }
  QCOMPARE(round1(*serviceFigures(m_toolsTable, "orders-worker")->duplication), 25.4);
}

void TestDebtShop::sarifResultsAreCounted() {
  int total = 0;
  for (const char* service : kServices) {
    const QJsonObject sarif = expected(service).value(QStringLiteral("sarif")).toObject();
    const int results = sarif.value(QStringLiteral("staticcheck")).toInt() +
                        sarif.value(QStringLiteral("eslint")).toInt();
    total += results;
    const DebtFigures* figures = serviceFigures(m_toolsTable, service);
    QVERIFY2(figures->codeSmells, service);
    // No tool here reports vulnerabilities (no security severity or tag): every result is
    // a code smell, and the vulnerability count is unknown rather than 0.
    QVERIFY2(!figures->vulnerabilities, service);
    QCOMPARE(*figures->codeSmells, static_cast<double>(results));
  }
  QCOMPARE(total, 18);
}

void TestDebtShop::linesOfCodeAndChurn() {
  for (const char* service : kServices) {
    const DebtFigures* figures = serviceFigures(m_toolsTable, service);
    const QJsonObject service_ = expected(service);
    QCOMPARE(*figures->ncloc, service_.value(QStringLiteral("cloc"))
                                  .toObject()
                                  .value(QStringLiteral("ncloc"))
                                  .toDouble());
    QCOMPARE(*figures->churn, service_.value(QStringLiteral("churn"))
                                  .toObject()
                                  .value(QStringLiteral("commits"))
                                  .toDouble());
  }
}

void TestDebtShop::unmappedAreTheRootFiles() {
  QCOMPARE(m_toolsTable.unmappedPaths, (std::vector<std::string>{"CODEOWNERS", "go.mod"}));
  // SonarQube's project and its "services" directory (the whole shop) name no service.
  QCOMPARE(m_sonarTable.unmappedPaths,
           (std::vector<std::string>{"CODEOWNERS", "go.mod", "services", "shop"}));
  for (const DebtRow& row : m_toolsTable.rows) {
    if (row.service == "payment" && row.path.empty())
      QCOMPARE(row.owners, (std::vector<std::string>{"@shop/payments-team", "@shop/risk"}));
    if (row.service == "payment" && row.path == "ledger.go")
      QCOMPARE(row.owners, (std::vector<std::string>{"@shop/payments-team", "@dana-lee"}));
  }
}

void TestDebtShop::sonarQubeGivesThePlantedVulnerabilities() {
  for (const char* service : kServices) {
    const DebtFigures* figures = serviceFigures(m_sonarTable, service);
    const QJsonObject service_ = expected(service);
    const double planted = service_.value(QStringLiteral("vulnerabilities"))
                               .toObject()
                               .value(QStringLiteral("count"))
                               .toDouble();
    QVERIFY2(figures->vulnerabilities, service);
    QCOMPARE(*figures->vulnerabilities, planted);
    const QJsonObject sonar = service_.value(QStringLiteral("sonarqube_measures")).toObject();
    QCOMPARE(*figures->codeSmells,
             sonar.value(QStringLiteral("code_smells")).toString().toDouble());
    QCOMPARE(*figures->debtMinutes,
             sonar.value(QStringLiteral("sqale_index")).toString().toDouble());
  }
  const DebtFigures* payment = serviceFigures(m_sonarTable, "payment");
  QCOMPARE(*payment->vulnerabilityDensity, 1 / 0.284);
}

void TestDebtShop::testingPushCompared() {
  std::vector<DebtServiceChange> changes;
  QVERIFY(compareDebt(*m_tools, {m_before}, {m_after}, &changes).isOk());
  const auto payment = std::find_if(changes.begin(), changes.end(), [](const DebtServiceChange& c) {
    return c.service == "payment";
  });
  QVERIFY(payment != changes.end());
  QCOMPARE(round1(*payment->baseline.coverage), 39.7);
  QCOMPARE(round1(*payment->target.coverage), 75.2);
  // After the import of the older profile, the table still reads each file from the newest
  // import that has it: coverage-before.out.
  DebtTable table;
  QVERIFY(loadDebtTable(*m_tools, {}, &table).isOk());
  QCOMPARE(round1(*serviceFigures(table, "payment")->coverage), 39.7);
}

QTEST_GUILESS_MAIN(TestDebtShop)
#include "tst_debt_shop.moc"
