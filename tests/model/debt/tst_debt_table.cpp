// The heatmap's rows (loadDebtTable) from records written through DebtWriter: coverage
// summed from statements, duplication, vulnerability density, a SonarQube-only service,
// churn windows, unmapped paths, one snapshot per tool, runtime figures, CODEOWNERS, the
// comparison of two snapshots and a cell's evidence.
#include <QTest>

#include "model/debt/debt_table.h"
#include "tests/model/debt/debt_test_workspace.h"

using namespace sightline;
using namespace sightline::debt_test;

namespace {

const DebtRow* findRow(const DebtTable& table, const std::string& service,
                       const std::string& path) {
  for (const DebtRow& row : table.rows) {
    if (row.service == service && row.path == path)
      return &row;
  }
  return nullptr;
}

DebtTable load(Workspace& workspace, const DebtTableOptions& options = {}) {
  DebtTable table;
  const Status status = loadDebtTable(workspace, options, &table);
  if (!status.isOk())
    qWarning("%s", status.message().c_str());
  return table;
}

// payment: services/payment/a.go (10 statements, 5 covered) and ledger/b.go (30, 30).
void writeCoverage(Workspace& workspace, double aCovered = 5, const std::string& name = "c.out") {
  DebtBatch batch;
  batch.measures = {fileMeasure("services/payment/a.go", "statements", 10),
                    fileMeasure("services/payment/a.go", "covered_statements", aCovered),
                    fileMeasure("services/payment/ledger/b.go", "statements", 30),
                    fileMeasure("services/payment/ledger/b.go", "covered_statements", 30)};
  QVERIFY(writeDebt(workspace, "go-coverprofile", name, std::move(batch)) > 0);
}

// frontend GET /x (100 ms) → inventory GET /stock (60 ms, status ERROR).
void writeTraces(Workspace& workspace) {
  TraceBuilder traces;
  traces.span(1, 1, 0, "frontend", "GET /x", SpanKind::Server, 0, 100);
  traces.span(1, 2, 1, "inventory", "GET /stock", SpanKind::Server, 10, 60).statusCode =
      StatusCode::Error;
  QVERIFY(traces.write(workspace, "traces.json"));
}

}  // namespace

class TestDebtTable : public QObject {
  Q_OBJECT

 private slots:
  void coverageIsSummedFromStatements();
  void duplicationFromJscpd();
  void vulnerabilityDensityFromSarifAndCloc();
  void sonarQubeOnlyService();
  void absentSignalsStayAbsent();
  void churnCountsCommitsInTheWindow();
  void unmappedPathsAreListed();
  void oneSnapshotPerTool();
  void runtimeFigures();
  void ownersFromCodeowners();
  void comparesTwoSnapshots();
  void evidenceOfAUnit();
};

void TestDebtTable::coverageIsSummedFromStatements() {
  auto workspace = openMemory();
  writeCoverage(*workspace);
  const DebtTable table = load(*workspace);
  const DebtRow* service = findRow(table, "payment", "");
  QVERIFY(service);
  QCOMPARE(service->parent, -1);
  QCOMPARE(*service->figures.coverage, 87.5);  // (5 + 30) / (10 + 30)
  const DebtRow* file = findRow(table, "payment", "a.go");
  const DebtRow* dir = findRow(table, "payment", "ledger");
  const DebtRow* nested = findRow(table, "payment", "ledger/b.go");
  QVERIFY(file && dir && nested);
  QCOMPARE(*file->figures.coverage, 50.0);
  QCOMPARE(*dir->figures.coverage, 100.0);
  QCOMPARE(dir->kind, DebtUnitKind::Directory);
  QCOMPARE(nested->kind, DebtUnitKind::File);
  // Depth-first: the service, its directory, the directory's file, then the root file.
  QCOMPARE(table.rows[static_cast<std::size_t>(nested->parent)].path, std::string("ledger"));
  QCOMPARE(table.rows.size(), std::size_t(4));
  QCOMPARE(table.rows[1].path, std::string("ledger"));
  QCOMPARE(table.rows[2].path, std::string("ledger/b.go"));
  QCOMPARE(table.rows[3].path, std::string("a.go"));
  QCOMPARE(table.sourceIds.size(), std::size_t(1));
}

void TestDebtTable::duplicationFromJscpd() {
  auto workspace = openMemory();
  DebtBatch batch;
  batch.measures = {fileMeasure("services/payment/a.go", "lines", 200),
                    fileMeasure("services/payment/a.go", "duplicated_lines", 10),
                    fileMeasure("services/payment/ledger/b.go", "lines", 100),
                    fileMeasure("services/payment/ledger/b.go", "duplicated_lines", 0)};
  QVERIFY(writeDebt(*workspace, "jscpd-json", "jscpd-report.json", std::move(batch)) > 0);
  const DebtTable table = load(*workspace);
  const DebtRow* service = findRow(table, "payment", "");
  QVERIFY(service);
  QCOMPARE(*service->figures.duplication, 100.0 * 10 / 300);
  QCOMPARE(*findRow(table, "payment", "a.go")->figures.duplication, 5.0);
  QCOMPARE(*findRow(table, "payment", "ledger")->figures.duplication, 0.0);
  QVERIFY(!service->figures.coverage);
}

void TestDebtTable::vulnerabilityDensityFromSarifAndCloc() {
  auto workspace = openMemory();
  DebtBatch sarif;
  sarif.issues = {
      issue("gosec", "services/payment/a.go", "G101", 7.5),
      issue("gosec", "services/payment/ledger/b.go", "G402", std::nullopt, {"security", "CWE-295"}),
      issue("gosec", "services/payment/ledger/b.go", "G104")};
  QVERIFY(writeDebt(*workspace, "sarif", "gosec.sarif", std::move(sarif)) > 0);
  DebtBatch cloc;
  cloc.measures = {fileMeasure("services/payment/a.go", "ncloc", 1000),
                   fileMeasure("services/payment/ledger/b.go", "ncloc", 500),
                   fileMeasure("services/checkout/c.go", "ncloc", 800)};
  QVERIFY(writeDebt(*workspace, "cloc-json", "cloc.json", std::move(cloc)) > 0);
  const DebtTable table = load(*workspace);
  const DebtFigures& payment = findRow(table, "payment", "")->figures;
  QCOMPARE(*payment.vulnerabilities, 2.0);
  QCOMPARE(*payment.ncloc, 1500.0);
  QCOMPARE(*payment.vulnerabilityDensity, 2.0 / 1.5);
  QCOMPARE(*payment.codeSmells, 1.0);  // the result without a security severity or tag
  // checkout has Go files that gosec analysed and found nothing in: 0, not absent.
  const DebtFigures& checkout = findRow(table, "checkout", "")->figures;
  QCOMPARE(*checkout.vulnerabilities, 0.0);
  QCOMPARE(*checkout.vulnerabilityDensity, 0.0);
  QCOMPARE(*findRow(table, "payment", "ledger")->figures.vulnerabilities, 1.0);
}

void TestDebtTable::sonarQubeOnlyService() {
  auto workspace = openMemory();
  writeTraces(*workspace);
  DebtBatch batch;
  for (const auto& [metric, value] :
       std::vector<std::pair<std::string, double>>{{"coverage", 41},
                                                   {"duplicated_lines_density", 5.5},
                                                   {"vulnerabilities", 2},
                                                   {"ncloc", 4000},
                                                   {"code_smells", 12},
                                                   {"sqale_index", 300},
                                                   {"cognitive_complexity", 77}}) {
    batch.measures.push_back(measure(DebtUnitKind::Project, "shop:inventory", metric, value));
  }
  QVERIFY(writeDebt(*workspace, "sonarqube-json", "measures.json", std::move(batch)) > 0);
  const DebtTable table = load(*workspace);
  const DebtFigures& inventory = findRow(table, "inventory", "")->figures;
  QCOMPARE(*inventory.coverage, 41.0);
  QCOMPARE(*inventory.duplication, 5.5);
  QCOMPARE(*inventory.vulnerabilities, 2.0);
  QCOMPARE(*inventory.vulnerabilityDensity, 0.5);
  QCOMPARE(*inventory.codeSmells, 12.0);
  QCOMPARE(*inventory.debtMinutes, 300.0);
  const auto rule =
      std::find_if(table.rules.begin(), table.rules.end(),
                   [](const ServicePathRule& r) { return r.prefix == "shop:inventory"; });
  QVERIFY(rule != table.rules.end());
  QCOMPARE(rule->origin, std::string("sonarqube-key"));
  QCOMPARE(rule->service, std::string("inventory"));
}

void TestDebtTable::absentSignalsStayAbsent() {
  auto workspace = openMemory();
  writeTraces(*workspace);
  writeCoverage(*workspace);
  const DebtTable table = load(*workspace);
  // frontend has spans but no code inputs; payment code inputs but no spans or profiles.
  const DebtFigures& frontend = findRow(table, "frontend", "")->figures;
  QVERIFY(!frontend.coverage && !frontend.duplication && !frontend.vulnerabilities &&
          !frontend.vulnerabilityDensity && !frontend.ncloc && !frontend.codeSmells &&
          !frontend.churn && !frontend.cpuShare);
  QVERIFY(frontend.p99Ns && frontend.errorRate && frontend.criticalPathShare);
  const DebtFigures& payment = findRow(table, "payment", "")->figures;
  QVERIFY(payment.coverage);
  QVERIFY(!payment.p99Ns && !payment.errorRate && !payment.criticalPathShare && !payment.cpuShare &&
          !payment.findings && !payment.score && !payment.churn);
}

void TestDebtTable::churnCountsCommitsInTheWindow() {
  auto workspace = openMemory();
  const std::int64_t now = static_cast<std::int64_t>(kBase);
  DebtBatch batch;
  batch.changes = {change("c1", now, "services/payment/a.go"),
                   change("c2", now - 10 * kDay, "services/payment/a.go"),
                   change("c2", now - 10 * kDay, "services/payment/ledger/b.go"),
                   change("c3", now - 100 * kDay, "services/payment/ledger/b.go"),
                   change("c3", now - 100 * kDay, "services/payment/old.go"),
                   change("c4", now - 5 * kDay, "README.md"),
                   change("c5", now - 200 * kDay, "services/checkout/x.go")};
  QVERIFY(writeDebt(*workspace, "git-numstat", "git.log", std::move(batch)) > 0);
  DebtTable table = load(*workspace);
  QCOMPARE(*findRow(table, "payment", "")->figures.churn, 2.0);
  QCOMPARE(*findRow(table, "payment", "ledger")->figures.churn, 1.0);
  QCOMPARE(*findRow(table, "payment", "ledger/b.go")->figures.churn, 1.0);
  // A file changed only before the window is not listed; a service changed only then has 0.
  QVERIFY(!findRow(table, "payment", "old.go"));
  QCOMPARE(*findRow(table, "checkout", "")->figures.churn, 0.0);
  DebtTableOptions week;
  week.churnWindowDays = 7;
  table = load(*workspace, week);
  QCOMPARE(*findRow(table, "payment", "")->figures.churn, 1.0);
  QCOMPARE(*findRow(table, "payment", "a.go")->figures.churn, 1.0);
  QVERIFY(!findRow(table, "payment", "ledger"));  // changed only before the window
}

void TestDebtTable::unmappedPathsAreListed() {
  auto workspace = openMemory();
  DebtBatch batch;
  batch.measures = {fileMeasure("tools/gen.go", "ncloc", 10),
                    fileMeasure("services/payment/a.go", "ncloc", 100),
                    fileMeasure("main.go", "ncloc", 5)};
  batch.changes = {change("c1", static_cast<std::int64_t>(kBase), "README.md")};
  QVERIFY(writeDebt(*workspace, "cloc-json", "cloc.json", std::move(batch)) > 0);
  const DebtTable table = load(*workspace);
  QCOMPARE(table.unmappedPaths, (std::vector<std::string>{"README.md", "main.go", "tools/gen.go"}));
  QCOMPARE(*findRow(table, "payment", "")->figures.ncloc, 100.0);
}

void TestDebtTable::oneSnapshotPerTool() {
  auto workspace = openMemory();
  writeCoverage(*workspace, 5, "before.out");
  DebtBatch staticcheck1;
  staticcheck1.issues = {issue("Staticcheck", "services/payment/a.go", "SA4006"),
                         issue("Staticcheck", "services/payment/a.go", "SA4006"),
                         issue("Staticcheck", "services/payment/a.go", "S1000")};
  const std::int64_t first =
      writeDebt(*workspace, "sarif", "staticcheck-1.sarif", std::move(staticcheck1));
  DebtBatch eslint;
  eslint.issues = {
      issue("ESLint", "services/payment/web/x.js", "no-eval", std::nullopt, {"security"})};
  const std::int64_t eslintId = writeDebt(*workspace, "sarif", "eslint.sarif", std::move(eslint));
  DebtBatch staticcheck2;
  staticcheck2.issues = {issue("Staticcheck", "services/payment/a.go", "SA4006")};
  const std::int64_t second =
      writeDebt(*workspace, "sarif", "staticcheck-2.sarif", std::move(staticcheck2));
  writeCoverage(*workspace, 10, "after.out");  // a.go now fully covered
  DebtTable table = load(*workspace);
  const DebtFigures& payment = findRow(table, "payment", "")->figures;
  QCOMPARE(*payment.coverage, 100.0);       // each file from the newest coverage report
  QCOMPARE(*payment.codeSmells, 1.0);       // the newest Staticcheck run only
  QCOMPARE(*payment.vulnerabilities, 1.0);  // ESLint's, a tool of its own
  QVERIFY(std::find(table.sourceIds.begin(), table.sourceIds.end(), first) ==
          table.sourceIds.end());
  QVERIFY(std::find(table.sourceIds.begin(), table.sourceIds.end(), second) !=
          table.sourceIds.end());
  QVERIFY(std::find(table.sourceIds.begin(), table.sourceIds.end(), eslintId) !=
          table.sourceIds.end());
  // Chosen sources: the older Staticcheck run alone.
  DebtTableOptions options;
  options.sourceIds = {first};
  table = load(*workspace, options);
  QCOMPARE(*findRow(table, "payment", "")->figures.codeSmells, 3.0);
  QVERIFY(!findRow(table, "payment", "")->figures.coverage);
}

void TestDebtTable::runtimeFigures() {
  auto workspace = openMemory();
  writeTraces(*workspace);
  const DebtTable table = load(*workspace);
  const DebtFigures& frontend = findRow(table, "frontend", "")->figures;
  const DebtFigures& inventory = findRow(table, "inventory", "")->figures;
  QCOMPARE(*frontend.p99Ns, 100 * kMs);
  QCOMPARE(*inventory.p99Ns, 60 * kMs);
  QCOMPARE(*frontend.errorRate, 0.0);
  QCOMPARE(*inventory.errorRate, 1.0);
  QCOMPARE(*frontend.criticalPathShare, 0.4);
  QCOMPARE(*inventory.criticalPathShare, 0.6);
  // No diagnosis ran in this workspace: findings unknown.
  QVERIFY(!frontend.findings);
  // score = cost × debt: inventory 0.6 × (1 + error rate 1).
  QCOMPARE(*inventory.score, 0.6 * 2);
  QCOMPARE(*frontend.score, 0.4);
}

void TestDebtTable::ownersFromCodeowners() {
  auto workspace = openMemory();
  writeCoverage(*workspace);
  DebtBatch owners;
  owners.owners = {{"*", {"@shop/platform"}, 1},
                   {"/services/payment/", {"@shop/payments"}, 2},
                   {"*_test.go", {"@shop/qa"}, 3}};
  QVERIFY(writeDebt(*workspace, "codeowners", "CODEOWNERS", std::move(owners)) > 0);
  const DebtTable table = load(*workspace);
  QCOMPARE(findRow(table, "payment", "")->owners, std::vector<std::string>{"@shop/payments"});
  QCOMPARE(findRow(table, "payment", "ledger/b.go")->owners,
           std::vector<std::string>{"@shop/payments"});
}

void TestDebtTable::comparesTwoSnapshots() {
  auto workspace = openMemory();
  DebtBatch before;
  before.measures = {fileMeasure("services/payment/a.go", "statements", 100),
                     fileMeasure("services/payment/a.go", "covered_statements", 41)};
  const std::int64_t baseline = writeDebt(*workspace, "go-coverprofile", "a", std::move(before));
  DebtBatch after;
  after.measures = {fileMeasure("services/payment/a.go", "statements", 100),
                    fileMeasure("services/payment/a.go", "covered_statements", 76)};
  const std::int64_t target = writeDebt(*workspace, "go-coverprofile", "b", std::move(after));
  std::vector<DebtServiceChange> changes;
  QVERIFY(compareDebt(*workspace, {baseline}, {target}, &changes).isOk());
  QCOMPARE(changes.size(), std::size_t(1));
  QCOMPARE(changes[0].service, std::string("payment"));
  QCOMPARE(*changes[0].baseline.coverage, 41.0);
  QCOMPARE(*changes[0].target.coverage, 76.0);
  QVERIFY(!compareDebt(*workspace, {}, {target}, &changes).isOk());
  QVERIFY(!compareDebt(*workspace, {baseline}, {target + 100}, &changes).isOk());
}

void TestDebtTable::evidenceOfAUnit() {
  auto workspace = openMemory();
  writeCoverage(*workspace);
  DebtBatch sarif;
  sarif.issues = {issue("gosec", "services/payment/a.go", "G101", 7.5),
                  issue("gosec", "services/payment/ledger/b.go", "G104")};
  QVERIFY(writeDebt(*workspace, "sarif", "gosec.sarif", std::move(sarif)) > 0);
  DebtEvidence evidence;
  QVERIFY(loadDebtEvidence(*workspace, {}, "payment", "ledger", &evidence).isOk());
  QCOMPARE(evidence.files.size(), std::size_t(1));
  QCOMPARE(evidence.files[0].path, std::string("ledger/b.go"));
  QCOMPARE(evidence.issues.size(), std::size_t(1));
  QCOMPARE(evidence.issues[0].ruleId, std::string("G104"));
  QVERIFY(loadDebtEvidence(*workspace, {}, "payment", "", &evidence).isOk());
  QCOMPARE(evidence.files.size(), std::size_t(2));
  QCOMPARE(evidence.issues.size(), std::size_t(2));
  QCOMPARE(evidence.issues[0].ruleId, std::string("G101"));  // vulnerabilities first
  // "." (cost × debt's root package) is the whole service.
  QVERIFY(loadDebtEvidence(*workspace, {}, "payment", ".", &evidence).isOk());
  QCOMPARE(evidence.files.size(), std::size_t(2));
  QCOMPARE(evidence.issues.size(), std::size_t(2));
  QVERIFY(!loadDebtEvidence(*workspace, {}, "payment", "nope", &evidence).isOk());
}

QTEST_GUILESS_MAIN(TestDebtTable)
#include "tst_debt_table.moc"
