// The Tech debt page on a workspace of the debt-shop fixtures (tests/data/debt-shop: five
// services, real coverage, SARIF, jscpd, cloc and git outputs, SonarQube answers, and the
// coverage before a testing push): read on the thread pool once on screen, the heatmap's
// figures and colours, thresholds recolouring without a read, a selected cell's evidence,
// the four modes, the snapshot comparison's default sides, and the mapping saved.
#include <QButtonGroup>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "importers/core/file_importer.h"
#include "model/store/workspace.h"
#include "ui/debt/cost_debt_model.h"
#include "ui/debt/debt_compare_model.h"
#include "ui/debt/debt_compare_pane.h"
#include "ui/debt/debt_evidence_models.h"
#include "ui/debt/debt_evidence_panel.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_sort_proxy.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/hot_untested_model.h"

using namespace sightline;

namespace {

const QString kShop = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/debt-shop/");

QString s(const char* text) {
  return QString::fromUtf8(text);
}

// The top-level row of `service` in the model, -1 when absent.
int serviceRow(const DebtTableModel& model, const char* service) {
  return model.findRow(service, "");
}

DebtCellStatus statusOf(const DebtTableModel& model, const char* service, DebtColumn column) {
  const QModelIndex index =
      model.indexOfRow(serviceRow(model, service), DebtTableModel::columnOf(column));
  return static_cast<DebtCellStatus>(index.data(DebtTableModel::StatusRole).toInt());
}

QString textOf(const DebtTableModel& model, const char* service, DebtColumn column) {
  return model.indexOfRow(serviceRow(model, service), DebtTableModel::columnOf(column))
      .data()
      .toString();
}

}  // namespace

class TstDebtPage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void readsOnlyOnScreen();
  void heatmapOfTheShop();
  void thresholdsRecolourWithoutARead();
  void selectingACellShowsItsEvidence();
  void vulnerabilityCellOpensTheStaticAnalysis();
  void modesSwitch();
  void compareDefaultsToTheTestingPush();
  void aReadKeepsWhatWasOpen();
  void mappingIsSavedAndRead();
  void readOnlyWorkspaceKeepsItsMapping();

 private:
  bool waitFor(QObject* sender, const char* signal, int ms = 20000) {
    QSignalSpy spy(sender, signal);
    return spy.wait(ms);
  }

  QTemporaryDir m_dir;
  QString m_path;
  std::unique_ptr<DebtPage> m_page;
};

void TstDebtPage::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(s("shop.sightline"));
  Status status;
  auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(workspace, status.message().c_str());
  // The coverage before the testing push first: the newer profile is the "after".
  const QStringList files = {
      s("coverage-before.out"),
      s("coverage.out"),
      s("staticcheck.sarif"),
      s("eslint.sarif"),
      s("jscpd-report.json"),
      s("cloc.json"),
      s("git-numstat.txt"),
      s("sonarqube/component-checkout.json"),
      s("sonarqube/component-frontend.json"),
      s("sonarqube/component-inventory.json"),
      s("sonarqube/component-orders-worker.json"),
      s("sonarqube/component-payment.json"),
  };
  for (const QString& file : files) {
    const FileImportResult result = importFile(*workspace, QString(kShop + file).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  }
  m_page = std::make_unique<DebtPage>();
  m_page->resize(1500, 900);
}

void TstDebtPage::readsOnlyOnScreen() {
  m_page->setWorkspacePath(m_path);
  QVERIFY(!m_page->isBusy());
  QVERIFY(!m_page->table());
  QSignalSpy shown(m_page.get(), &DebtPage::tableShown);
  m_page->show();
  QVERIFY(m_page->isBusy());
  QVERIFY(shown.wait(20000));
  QVERIFY(m_page->table());
}

void TstDebtPage::heatmapOfTheShop() {
  const DebtTableModel& model = *m_page->tableModel();
  QStringList services;
  for (int row = 0; row < model.rowCount(); ++row)
    services << model.index(row, 0).data().toString();
  services.sort();
  QCOMPARE(services, (QStringList{s("checkout"), s("frontend"), s("inventory"), s("orders-worker"),
                                  s("payment")}));
  // Coverage as go tool cover -func says (expected.json), red below the Sonar way gate.
  QCOMPARE(textOf(model, "payment", DebtColumn::Coverage), s("75.2 %"));
  QCOMPARE(textOf(model, "orders-worker", DebtColumn::Coverage), s("17.8 %"));
  QCOMPARE(textOf(model, "checkout", DebtColumn::Coverage), s("96.6 %"));
  QCOMPARE(statusOf(model, "payment", DebtColumn::Coverage), DebtCellStatus::Bad);
  QCOMPARE(statusOf(model, "checkout", DebtColumn::Coverage), DebtCellStatus::Good);
  // Duplication as jscpd says: orders-worker's copy-pasted handlers.
  QCOMPARE(textOf(model, "orders-worker", DebtColumn::Duplication), s("25.4 %"));
  QCOMPARE(statusOf(model, "orders-worker", DebtColumn::Duplication), DebtCellStatus::Bad);
  // The frontend has no Go coverage: absent, not 0, and no colour.
  QCOMPARE(textOf(model, "frontend", DebtColumn::Coverage), s("–"));
  QCOMPARE(statusOf(model, "frontend", DebtColumn::Coverage), DebtCellStatus::Absent);
  // No traces or profiles: the runtime columns are absent too.
  QCOMPARE(textOf(model, "payment", DebtColumn::P99), s("–"));
  // Services expand to their directories and files.
  const QModelIndex payment = model.indexOfRow(serviceRow(model, "payment"));
  QVERIFY(model.rowCount(payment) > 0);
  QVERIFY(m_page->statusLabel()->text().contains(s("5 service(s)")));
}

void TstDebtPage::thresholdsRecolourWithoutARead() {
  const DebtTableModel& model = *m_page->tableModel();
  QSignalSpy shown(m_page.get(), &DebtPage::tableShown);
  DebtThresholds lenient;
  lenient.minCoverage = 70;
  m_page->setThresholds(lenient);
  QVERIFY(!m_page->isBusy());
  QCOMPARE(statusOf(model, "payment", DebtColumn::Coverage), DebtCellStatus::Warn);  // < 77
  QCOMPARE(statusOf(model, "orders-worker", DebtColumn::Coverage), DebtCellStatus::Bad);
  m_page->setThresholds(DebtThresholds{});
  QCOMPARE(statusOf(model, "payment", DebtColumn::Coverage), DebtCellStatus::Bad);
  QTest::qWait(50);
  QCOMPARE(shown.count(), 0);
}

void TstDebtPage::selectingACellShowsItsEvidence() {
  const DebtTableModel& model = *m_page->tableModel();
  DebtEvidencePanel* panel = m_page->evidencePanel();
  // The showcase: a red code cell of the service that weighs most at runtime; with no runtime
  // data, the first red one.
  QVERIFY(m_page->showcaseCell().isValid());
  const QModelIndex cell = model.indexOfRow(serviceRow(model, "payment"),
                                            DebtTableModel::columnOf(DebtColumn::Coverage));
  QSignalSpy shown(m_page.get(), &DebtPage::evidenceShown);
  m_page->selectCell(cell);
  QCOMPARE(panel->noteLabel()->text(), s("Reading the evidence…"));
  QVERIFY(shown.wait(20000));
  QCOMPARE(panel->titleLabel()->text(), s("payment"));
  QVERIFY2(panel->noteLabel()->text().startsWith(s("coverage 75.2 % — gate ≥ 80 %")),
           qPrintable(panel->noteLabel()->text()));
  QVERIFY(panel->filesModel()->rowCount() > 0);
  // Every file of the evidence is payment's.
  bool serviceGo = false;
  for (int row = 0; row < panel->filesModel()->rowCount(); ++row)
    serviceGo =
        serviceGo || panel->filesModel()->index(row, 0).data().toString().endsWith(s("service.go"));
  QVERIFY(serviceGo);
  QVERIFY(panel->tabs()->tabText(0).startsWith(s("Files (")));
  // No profile: nothing to focus a flame graph on.
  QVERIFY(!panel->flameButton()->isEnabled());
}

void TstDebtPage::vulnerabilityCellOpensTheStaticAnalysis() {
  const DebtTableModel& model = *m_page->tableModel();
  DebtEvidencePanel* panel = m_page->evidencePanel();
  const QModelIndex cell =
      model.indexOfRow(serviceRow(model, "orders-worker"),
                       DebtTableModel::columnOf(DebtColumn::VulnerabilityDensity));
  QCOMPARE(static_cast<DebtCellStatus>(cell.data(DebtTableModel::StatusRole).toInt()),
           DebtCellStatus::Bad);
  QSignalSpy shown(m_page.get(), &DebtPage::evidenceShown);
  m_page->selectCell(cell);
  QVERIFY(shown.wait(20000));
  QCOMPARE(panel->titleLabel()->text(), s("orders-worker"));
  QVERIFY(panel->issuesModel()->rowCount() > 0);
  QCOMPARE(panel->tabs()->currentIndex(), int(DebtEvidencePanel::Tab::Issues));
  // Results name their tool, rule and place.
  const DebtIssueRow& first = panel->issuesModel()->issues().front();
  QVERIFY(!first.tool.empty());
  QVERIFY(!first.ruleId.empty());
  QVERIFY(first.path.find("orders-worker") != std::string::npos);
  const QString location =
      panel->issuesModel()->index(0, DebtIssuesModel::LocationColumn).data().toString();
  QVERIFY2(location.contains(QLatin1Char(':')), qPrintable(location));
}

void TstDebtPage::modesSwitch() {
  QSignalSpy cost(m_page.get(), &DebtPage::costDebtShown);
  m_page->modeButtons()->button(int(DebtPage::Mode::CostDebt))->click();
  QCOMPARE(m_page->mode(), DebtPage::Mode::CostDebt);
  QVERIFY(cost.wait(20000));
  // No spans or profiles: no runtime cost, no grid.
  QCOMPARE(m_page->costModel()->rowCount(), 0);
  QVERIFY(m_page->evidencePanel()->isVisible());

  QSignalSpy hot(m_page.get(), &DebtPage::hotUntestedShown);
  m_page->setMode(DebtPage::Mode::HotUntested);
  QVERIFY(hot.wait(20000));
  QCOMPARE(m_page->hotModel()->rowCount(), 0);  // nothing is hot without a profile

  // Back to Signals: read already, no second read.
  QSignalSpy table(m_page.get(), &DebtPage::tableShown);
  m_page->setMode(DebtPage::Mode::Signals);
  QVERIFY(!m_page->isBusy() || !table.wait(300));
  QCOMPARE(table.count(), 0);
  QVERIFY(m_page->modeButtons()->button(int(DebtPage::Mode::Signals))->isChecked());
}

void TstDebtPage::compareDefaultsToTheTestingPush() {
  DebtComparePane* pane = m_page->comparePane();
  // Before: every source but the newer coverage profile; after: all of them.
  const DebtSides sides = pane->sides();
  QCOMPARE(sides.target.size(), 12u);
  QCOMPARE(sides.baseline.size(), 11u);
  QCOMPARE(pane->baselineList()->count(), 12);
  QSignalSpy compared(m_page.get(), &DebtPage::comparisonShown);
  m_page->setMode(DebtPage::Mode::Compare);
  QVERIFY(!m_page->evidencePanel()->isVisible());
  QVERIFY(compared.wait(20000));
  const DebtCompareModel& model = *pane->model();
  int payment = -1;
  for (std::size_t i = 0; i < model.changes().size(); ++i) {
    if (model.changes()[i].service == "payment")
      payment = int(i);
  }
  QVERIFY(payment >= 0);
  // The reviewers' story: payment from 39.7 % to 75.2 % covered.
  QCOMPARE(model.index(payment, DebtCompareModel::bothColumn(0)).data().toString(),
           s("39.7 % → 75.2 %"));
  QCOMPARE(model.index(payment, DebtCompareModel::changeColumn(0)).data().toString(), s("+35.5"));
  QCOMPARE(model.index(payment, DebtCompareModel::changeColumn(0))
               .data(DebtCompareModel::DirectionRole)
               .toInt(),
           1);
  QVERIFY2(pane->summaryLabel()->text().contains(s("Figures better: 1, worse: 0")),
           qPrintable(pane->summaryLabel()->text()));
  // The same sources on both sides cannot be compared.
  pane->setSides({sides.target, sides.target});
  QVERIFY(!pane->compareButton()->isEnabled());
  pane->setSides(sides);
  QVERIFY(pane->compareButton()->isEnabled());
  m_page->setMode(DebtPage::Mode::Signals);
}

void TstDebtPage::aReadKeepsWhatWasOpen() {
  DebtTableModel& model = *m_page->tableModel();
  const int payment = model.findRow("payment", "");
  m_page->expandRow(payment);
  m_page->selectCell(model.indexOfRow(payment, DebtTableModel::columnOf(DebtColumn::Duplication)));
  QSignalSpy shown(m_page.get(), &DebtPage::tableShown);
  m_page->refresh();
  QVERIFY(shown.wait(20000));
  const int again = model.findRow("payment", "");
  QTreeView* view = m_page->tableView();
  QVERIFY(view->isExpanded(m_page->tableProxy()->mapFromSource(model.indexOfRow(again))));
  const QModelIndex current = m_page->tableProxy()->mapToSource(view->currentIndex());
  QCOMPARE(model.rowAt(current)->service, std::string("payment"));
  QCOMPARE(current.column(), DebtTableModel::columnOf(DebtColumn::Duplication));
}

void TstDebtPage::mappingIsSavedAndRead() {
  QVERIFY(m_page->mappingButton()->isEnabled());
  QSignalSpy saved(m_page.get(), &DebtPage::rulesSaved);
  QSignalSpy shown(m_page.get(), &DebtPage::tableShown);
  m_page->saveMapping({{"services/payment/", "billing", "user"}});
  QVERIFY(saved.wait(20000));
  QVERIFY(shown.wait(20000));
  bool found = false;
  for (const ServicePathRule& rule : m_page->table()->rules)
    found = found || (rule.prefix == "services/payment/" && rule.service == "billing" &&
                      rule.origin == "user");
  QVERIFY(found);
  QVERIFY(m_page->tableModel()->findRow("billing", "") >= 0);
  // Back as it was.
  m_page->saveMapping({});
  QVERIFY(shown.wait(20000));
  QCOMPARE(m_page->tableModel()->findRow("billing", ""), -1);
}

void TstDebtPage::readOnlyWorkspaceKeepsItsMapping() {
  QSignalSpy shown(m_page.get(), &DebtPage::tableShown);
  m_page->setWorkspacePath(m_path, /*readOnly=*/true);
  QVERIFY(shown.wait(20000));
  // The table is shown before every job of the load has ended (on a busy machine, visibly):
  // the refused save must start nothing, so wait for the page to be idle first.
  QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy(), 20000);
  QSignalSpy saved(m_page.get(), &DebtPage::rulesSaved);
  m_page->saveMapping({{"services/payment/", "billing", "user"}});
  QVERIFY(!m_page->isBusy());
  QTest::qWait(50);
  QCOMPARE(saved.count(), 0);
}

QTEST_MAIN(TstDebtPage)
#include "tst_debt_page.moc"
