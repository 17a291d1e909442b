// The demo as a user opens it (installer/run.sh: traces, profiles, metric snapshots and the
// services' code-quality inputs, resources/demo/debt/), with the findings computed: the
// heatmap must tell its story — payment red on the hot path, orders-worker red and cold —
// from the real tools' outputs alone.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#include "importers/core/file_importer.h"
#include "model/debt/debt_table.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

const QString kDemoDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");

// The files installer/demo-files.sh lists, in its order.
QStringList demoFiles() {
  const QDir demo(kDemoDir);
  QStringList files;
  const auto add = [&files](const QDir& dir, const QStringList& patterns) {
    for (const QString& name : dir.entryList(patterns, QDir::Files, QDir::Name)) {
      if (name != QLatin1String("README.md"))
        files << dir.filePath(name);
    }
  };
  add(demo, {QStringLiteral("*.otlp*")});
  add(QDir(demo.filePath(QStringLiteral("profiles"))), {QStringLiteral("*.pb.gz")});
  add(QDir(demo.filePath(QStringLiteral("metrics"))), {QStringLiteral("*.prom")});
  add(QDir(demo.filePath(QStringLiteral("debt"))), {QStringLiteral("*")});
  add(QDir(demo.filePath(QStringLiteral("debt/sonarqube"))), {QStringLiteral("*.json")});
  return files;
}

const DebtFigures* serviceFigures(const DebtTable& table, const std::string& service) {
  for (const DebtRow& row : table.rows) {
    if (row.service == service && row.path.empty())
      return &row.figures;
  }
  return nullptr;
}

}  // namespace

class TestDebtDemoStory : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void paymentIsRedAndHot();
  void ordersWorkerIsRedAndCold();
  void hotAndUntestedFromTheRealCoverage();
  void costTimesDebt();

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;
  DebtTable m_table;
};

void TestDebtDemoStory::initTestCase() {
  QVERIFY(m_dir.isValid());
  Status status;
  m_workspace = Workspace::open(m_dir.filePath(QStringLiteral("demo.sightline")).toStdString(),
                                Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_workspace, status.message().c_str());
  const QStringList files = demoFiles();
  QVERIFY(files.size() >= 25);
  int debtFiles = 0;
  for (const QString& file : files) {
    const FileImportResult result = importFile(*m_workspace, file.toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
    debtFiles += result.debtRecords > 0 ? 1 : 0;
  }
  QCOMPARE(debtFiles, 13);  // 8 reports + 5 SonarQube answers
  QVERIFY(refreshStoredFindings(*m_workspace, DiagnosisRules::defaults()).isOk());
  QVERIFY(proposeServicePathRules(*m_workspace).isOk());
  QVERIFY(loadDebtTable(*m_workspace, {}, &m_table).isOk());
  QVERIFY2(m_table.unmappedPaths.size() <= 2, "only go.mod and CODEOWNERS belong to no service");
}

void TestDebtDemoStory::paymentIsRedAndHot() {
  const DebtThresholds gate;
  const DebtFigures* payment = serviceFigures(m_table, "payment");
  QVERIFY(payment);
  // The coverage after the testing push, as `go tool cover -func` totals it for payment.
  QCOMPARE(qRound(*payment->coverage * 10), 752);
  QCOMPARE(debtCellStatus(DebtColumn::Coverage, *payment, gate), DebtCellStatus::Bad);
  QCOMPARE(debtCellStatus(DebtColumn::VulnerabilityDensity, *payment, gate), DebtCellStatus::Bad);
  QVERIFY(*payment->cpuShare > 0.95);
  QVERIFY(*payment->criticalPathShare > 0.3);
  // The hottest of the services by the score that ranks them.
  for (const char* other : {"checkout", "frontend", "inventory", "orders-worker"}) {
    const DebtFigures* figures = serviceFigures(m_table, other);
    QVERIFY2(figures, other);
    QVERIFY2(figures->score.value_or(0) < *payment->score, other);
  }
}

void TestDebtDemoStory::ordersWorkerIsRedAndCold() {
  const DebtThresholds gate;
  const DebtFigures* worker = serviceFigures(m_table, "orders-worker");
  QVERIFY(worker);
  QCOMPARE(qRound(*worker->coverage * 10), 178);
  QCOMPARE(qRound(*worker->duplication * 10), 254);  // jscpd: 60 of 236 lines
  QCOMPARE(debtCellStatus(DebtColumn::Coverage, *worker, gate), DebtCellStatus::Bad);
  QCOMPARE(debtCellStatus(DebtColumn::Duplication, *worker, gate), DebtCellStatus::Bad);
  QCOMPARE(debtCellStatus(DebtColumn::VulnerabilityDensity, *worker, gate), DebtCellStatus::Bad);
  QCOMPARE(*worker->criticalPathShare, 0.0);  // its consumer spans never hold up a request
  QVERIFY(!worker->cpuShare);                 // not profiled: absent, not 0
  QCOMPARE(*worker->score, 0.0);
  // frontend has no Go coverage: absent, not 0.
  QVERIFY(!serviceFigures(m_table, "frontend")->coverage);
}

void TestDebtDemoStory::hotAndUntestedFromTheRealCoverage() {
  std::vector<HotUntestedFunction> functions;
  QVERIFY(loadHotUntested(*m_workspace, {}, &functions).isOk());
  QVERIFY(!functions.empty());
  const HotUntestedFunction& top = functions.front();
  QCOMPARE(top.service, std::string("payment"));
  QCOMPARE(top.function, std::string("main.computeFraudScore"));
  QCOMPARE(*top.coverage, 0.0);  // cover-func.txt: computeFraudScore 0.0%
  QVERIFY(top.cpuShare > 0.75);
}

void TestDebtDemoStory::costTimesDebt() {
  CostDebtMatrix matrix;
  QVERIFY(loadCostDebtMatrix(*m_workspace, {}, &matrix).isOk());
  const auto cellOf = [&matrix](const std::string& service, const std::string& entry) {
    return std::find_if(matrix.cells.begin(), matrix.cells.end(), [&](const CostDebtCell& c) {
      return matrix.units[static_cast<std::size_t>(c.unit)].service == service &&
             matrix.entries[static_cast<std::size_t>(c.entry)] == entry;
    });
  };
  // Every service on a request's critical path has a row, though the demo's spans name no
  // code; the fraud check's cell ranks near the top; orders-worker, cold, has none.
  for (const char* service : {"checkout", "frontend", "inventory", "payment"}) {
    QVERIFY2(std::any_of(matrix.units.begin(), matrix.units.end(),
                         [&](const CostDebtUnit& u) { return u.service == service; }),
             service);
  }
  const auto fraud = cellOf("payment", "frontend POST /api/checkout");
  QVERIFY(fraud != matrix.cells.end());
  QVERIFY2(fraud->percentile >= 0.9, std::to_string(fraud->percentile).c_str());
  QVERIFY(std::none_of(matrix.units.begin(), matrix.units.end(),
                       [](const CostDebtUnit& u) { return u.service == "orders-worker"; }));
}

QTEST_GUILESS_MAIN(TestDebtDemoStory)
#include "tst_debt_demo_story.moc"
