// The heatmap on the demo (resources/demo/): payment's CPU profile attributed to its code
// through the proposed rules, "hot and untested" with a `go tool cover -func` record of
// computeFraudScore at 0 %, the runtime columns, a cell's evidence and cost × debt.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#include "importers/core/file_importer.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_writer.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

const QString kDemoDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");

const DebtRow* findRow(const DebtTable& table, const std::string& service,
                       const std::string& path) {
  for (const DebtRow& row : table.rows) {
    if (row.service == service && row.path == path)
      return &row;
  }
  return nullptr;
}

}  // namespace

class TestDebtDemo : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void payment();
  void hotAndUntested();
  void evidenceOfTheHotFile();
  void costTimesDebt();

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;
  std::int64_t m_cpuProfile = 0;
};

void TestDebtDemo::initTestCase() {
  QVERIFY(m_dir.isValid());
  Status status;
  m_workspace = Workspace::open(m_dir.filePath(QStringLiteral("demo.sightline")).toStdString(),
                                Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_workspace, status.message().c_str());
  for (const char* name : {"shop-traces.otlp.pb.gz", "profiles/payment-cpu.pb.gz"}) {
    const FileImportResult result =
        importFile(*m_workspace, QString(kDemoDir + QLatin1String(name)).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
    if (!result.profileIds.empty())
      m_cpuProfile = result.profileIds.front();
  }
  QVERIFY(m_cpuProfile > 0);
  QVERIFY(refreshStoredFindings(*m_workspace, DiagnosisRules::defaults()).isOk());
  // What `go tool cover -func` prints for an untested fraud model.
  DebtBatch batch;
  DebtMeasureRecord record;
  record.kind = DebtUnitKind::Function;
  record.path = "shop.local/services/payment/service.go";
  record.symbol = "computeFraudScore";
  record.line = 42;
  record.metric = "coverage";
  record.value = 0;
  batch.measures.push_back(record);
  record.symbol = "handleCharge";
  record.value = 100;
  batch.measures.push_back(record);
  DebtWriter writer(*m_workspace, {"cover-func.txt", "go-cover-func", "sha-cover-func", 10});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
  QVERIFY(proposeServicePathRules(*m_workspace).isOk());
}

void TestDebtDemo::payment() {
  DebtTable table;
  QVERIFY(loadDebtTable(*m_workspace, {}, &table).isOk());
  for (const char* service : {"checkout", "frontend", "inventory", "orders-worker", "payment"})
    QVERIFY2(findRow(table, service, ""), service);
  const DebtFigures& payment = findRow(table, "payment", "")->figures;
  // Nearly all of the profile's CPU runs under payment's own functions.
  QVERIFY2(*payment.cpuShare > 0.95 && *payment.cpuShare <= 1.0,
           std::to_string(*payment.cpuShare).c_str());
  QVERIFY(*payment.criticalPathShare > 0.3);
  QVERIFY(*payment.p99Ns > 1'000'000'000ull);  // the fraud check's 1.78 s under POST /charge
  QVERIFY(*payment.findings > 0);
  QVERIFY(payment.score);
  QVERIFY(!payment.coverage);  // cover -func gives functions, not statement counts
  const DebtFigures& frontend = findRow(table, "frontend", "")->figures;
  QVERIFY(!frontend.cpuShare);  // not profiled: absent, not 0
  QVERIFY(findRow(table, "payment", "service.go"));
  const auto rule = std::find_if(table.rules.begin(), table.rules.end(), [](const auto& r) {
    return r.prefix == "sightline.local/demo/payment/";
  });
  QVERIFY(rule != table.rules.end());
  QCOMPARE(rule->origin, std::string("profile-file"));
}

void TestDebtDemo::hotAndUntested() {
  std::vector<HotUntestedFunction> functions;
  QVERIFY(loadHotUntested(*m_workspace, {}, &functions).isOk());
  QVERIFY(functions.size() >= 2);
  const HotUntestedFunction& top = functions.front();
  QCOMPARE(top.service, std::string("payment"));
  QCOMPARE(top.function, std::string("main.computeFraudScore"));
  QCOMPARE(top.file, std::string("service.go"));
  QCOMPARE(*top.coverage, 0.0);
  QVERIFY2(top.cpuShare > 0.75 && top.cpuShare < 0.9, std::to_string(top.cpuShare).c_str());
  QCOMPARE(top.rank, top.cpuShare);
  QCOMPARE(top.profileId, m_cpuProfile);
  const auto ledger = std::find_if(functions.begin(), functions.end(), [](const auto& f) {
    return f.function == "main.(*Ledger).recomputeBalances";
  });
  QVERIFY(ledger != functions.end());
  QVERIFY(!ledger->coverage);  // no record of it, and no statement counts for its file
  for (const HotUntestedFunction& f : functions)
    QVERIFY(f.cpuShare >= 0.01);
}

void TestDebtDemo::evidenceOfTheHotFile() {
  DebtEvidence evidence;
  QVERIFY(loadDebtEvidence(*m_workspace, {}, "payment", "service.go", &evidence).isOk());
  QCOMPARE(evidence.profileId, m_cpuProfile);
  QCOMPARE(evidence.focus, std::string("main.computeFraudScore"));
  QVERIFY(!evidence.hotUntested.empty());
  QCOMPARE(evidence.hotUntested.front().function, std::string("main.computeFraudScore"));
  QVERIFY(!evidence.findingIds.empty());  // the CPU hotspot in computeFraudScore
  QVERIFY(loadDebtEvidence(*m_workspace, {}, "payment", "", &evidence).isOk());
  QCOMPARE(evidence.focus, std::string("main"));
}

void TestDebtDemo::costTimesDebt() {
  CostDebtMatrix matrix;
  QVERIFY(loadCostDebtMatrix(*m_workspace, {}, &matrix).isOk());
  QVERIFY(!matrix.cells.empty());
  const auto top = std::max_element(
      matrix.cells.begin(), matrix.cells.end(),
      [](const CostDebtCell& a, const CostDebtCell& b) { return a.score < b.score; });
  QCOMPARE(matrix.units[static_cast<std::size_t>(top->unit)].service, std::string("payment"));
  QCOMPARE(matrix.entries[static_cast<std::size_t>(top->entry)],
           std::string("frontend POST /api/checkout"));
  QCOMPARE(top->percentile, 1.0);
  QVERIFY(!top->sparse);
}

QTEST_GUILESS_MAIN(TestDebtDemo)
#include "tst_debt_demo.moc"
