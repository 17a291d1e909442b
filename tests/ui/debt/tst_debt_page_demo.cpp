// The Tech debt page on the demo (resources/demo: traces, payment's CPU profile and the debt
// inputs of its five services), where runtime cost meets the debt: the red service on the hot
// path, Hot and untested led by payment's fraud scoring, a cost × debt cell's evidence, and a
// hot function's flame graph.
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "importers/core/file_importer.h"
#include "model/store/workspace.h"
#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_evidence_models.h"
#include "ui/debt/debt_evidence_panel.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/hot_untested_model.h"

using namespace sightline;

namespace {

QString s(const char* text) {
  return QString::fromUtf8(text);
}

const QString kDemo = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo");

QStringList demoFiles() {
  QStringList files = {kDemo + s("/shop-traces.otlp.pb.gz"),
                       kDemo + s("/profiles/payment-cpu.pb.gz")};
  for (const QString& folder : QStringList{kDemo + s("/debt"), kDemo + s("/debt/sonarqube")}) {
    const QDir dir(folder);
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
      if (name != s("README.md"))
        files << dir.filePath(name);
    }
  }
  return files;
}

}  // namespace

class TstDebtPageDemo : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void redServiceOnTheHotPath();
  void hotAndUntestedLedByTheFraudScore();
  void costCellShowsItsUnitsEvidence();

 private:
  QTemporaryDir m_dir;
  QString m_path;
  std::unique_ptr<DebtPage> m_page;
};

void TstDebtPageDemo::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(s("demo.sightline"));
  Status status;
  auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(workspace, status.message().c_str());
  for (const QString& file : demoFiles()) {
    const FileImportResult result = importFile(*workspace, file.toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  }
  m_page = std::make_unique<DebtPage>();
  m_page->resize(1500, 900);
  QSignalSpy shown(m_page.get(), &DebtPage::tableShown);
  m_page->setWorkspacePath(m_path);
  m_page->show();
  QVERIFY(shown.wait(30000));
}

void TstDebtPageDemo::redServiceOnTheHotPath() {
  const DebtTableModel& model = *m_page->tableModel();
  // payment: below the coverage gate and nearly all of the profiled CPU; orders-worker is red
  // too but cold. The showcase is payment's.
  const QModelIndex cell = m_page->showcaseCell();
  QVERIFY(cell.isValid());
  QCOMPARE(model.rowAt(cell)->service, std::string("payment"));
  const int payment = model.findRow("payment", "");
  const int orders = model.findRow("orders-worker", "");
  QVERIFY(payment >= 0 && orders >= 0);
  const DebtFigures& hot = model.table().rows[std::size_t(payment)].figures;
  const DebtFigures& cold = model.table().rows[std::size_t(orders)].figures;
  QVERIFY(hot.cpuShare && *hot.cpuShare > 0.5);
  QVERIFY(!cold.cpuShare || *cold.cpuShare < *hot.cpuShare);
  QCOMPARE(static_cast<DebtCellStatus>(
               model.indexOfRow(orders, DebtTableModel::columnOf(DebtColumn::Coverage))
                   .data(DebtTableModel::StatusRole)
                   .toInt()),
           DebtCellStatus::Bad);
}

void TstDebtPageDemo::hotAndUntestedLedByTheFraudScore() {
  QSignalSpy hot(m_page.get(), &DebtPage::hotUntestedShown);
  m_page->setMode(DebtPage::Mode::HotUntested);
  QVERIFY(hot.wait(30000));
  const HotUntestedModel& model = *m_page->hotModel();
  QVERIFY(model.rowCount() > 0);
  QCOMPARE(model.functions().front().function, std::string("main.computeFraudScore"));
  QCOMPARE(model.index(0, HotUntestedModel::CoverageColumn).data().toString(), s("0.0 %"));
  // Selecting it shows its file's evidence.
  QSignalSpy evidence(m_page.get(), &DebtPage::evidenceShown);
  m_page->hotView()->setCurrentIndex(m_page->hotView()->model()->index(0, 1));
  QVERIFY(evidence.wait(30000));
  DebtEvidencePanel* panel = m_page->evidencePanel();
  QVERIFY2(panel->titleLabel()->text().startsWith(s("payment")),
           qPrintable(panel->titleLabel()->text()));
  QVERIFY2(panel->filesModel()->rowCount() > 0, qPrintable(panel->noteLabel()->text()));
  // Double-clicking it asks for its flame graph.
  QSignalSpy flame(m_page.get(), &DebtPage::flameGraphRequested);
  emit m_page->hotView()->doubleClicked(m_page->hotView()->model()->index(0, 1));
  QCOMPARE(flame.count(), 1);
  QVERIFY(flame.first().at(0).toLongLong() > 0);
  QCOMPARE(flame.first().at(1).toString(), s("^main\\.computeFraudScore$"));
}

void TstDebtPageDemo::costCellShowsItsUnitsEvidence() {
  QSignalSpy cost(m_page.get(), &DebtPage::costDebtShown);
  m_page->setMode(DebtPage::Mode::CostDebt);
  QVERIFY(cost.wait(30000));
  const CostDebtModel& model = *m_page->costModel();
  QVERIFY(model.rowCount() > 0);
  QVERIFY(model.columnCount() > CostDebtModel::kFirstEntryColumn);
  const QModelIndex top = model.topCell();
  QVERIFY(top.isValid());
  QCOMPARE(model.cellAt(top)->percentile, 1.0);
  QSignalSpy evidence(m_page.get(), &DebtPage::evidenceShown);
  QSignalSpy failed(m_page.get(), &DebtPage::loadFailed);
  QVERIFY(m_page->selectCostCell(top).isValid());
  QVERIFY(evidence.wait(30000));
  QCOMPARE(failed.count(), 0);
  const CostDebtUnit* unit = model.unitAt(top);
  QVERIFY(m_page->evidencePanel()->titleLabel()->text().startsWith(
      QString::fromStdString(unit->service)));
  QVERIFY(m_page->evidencePanel()->noteLabel()->text().contains(s("percentile 100")));
}

QTEST_MAIN(TstDebtPageDemo)
#include "tst_debt_page_demo.moc"
