// The heatmap thresholds as a workspace setting: the Tech debt page reads them with its data,
// the thresholds dialog's OK stores them (a new page on the same workspace shows the new
// colours; the stored JSON is the dialog's values), Cancel stores nothing, a read-only
// workspace keeps them for the session and says so, and a stored value that no longer reads
// is reported while the heatmap still shows.
#include <QApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>
#include <optional>

#include "importers/core/file_importer.h"
#include "model/debt/debt_threshold_settings.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "ui/debt/debt_page.h"
#include "ui/debt/debt_table_model.h"
#include "ui/debt/debt_thresholds_dialog.h"

using namespace sightline;

namespace {

const QString kShop = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/debt-shop/");

DebtCellStatus coverageOf(const DebtPage& page, const char* service) {
  const DebtTableModel& model = *page.tableModel();
  const QModelIndex index =
      model.indexOfRow(model.findRow(service, ""), DebtTableModel::columnOf(DebtColumn::Coverage));
  return static_cast<DebtCellStatus>(index.data(DebtTableModel::StatusRole).toInt());
}

// What `debt.thresholds` holds, "(none)" when nothing.
std::string storedJson(const QString& path) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace)
    return status.message();
  StoreStatement query(workspace->db(),
                       "SELECT value FROM workspace_settings WHERE key = 'debt.thresholds'");
  return query.step() ? query.columnText(0) : std::string("(none)");
}

}  // namespace

class TstDebtThresholdsSaved : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void theDefaultsWhenNoneAreStored();
  void okSavesThemForTheNextPage();
  void cancelSavesNothing();
  void readOnlyKeepsThemForTheSession();
  void aStoredValueThatDoesNotReadIsReported();

 private:
  // A page on the workspace, on screen, its heatmap read.
  std::unique_ptr<DebtPage> openPage(bool readOnly = false) {
    auto page = std::make_unique<DebtPage>();
    page->resize(1200, 800);
    page->setWorkspacePath(m_path, readOnly);
    QSignalSpy shown(page.get(), &DebtPage::tableShown);
    page->show();
    if (!shown.wait(20000))
      return nullptr;
    return page;
  }

  // Opens the page's thresholds dialog as its button does and, inside its event loop, lets
  // `edit` change the fields; then OK (or Cancel). Returns the dialog's values at that moment,
  // nothing when no dialog came up.
  std::optional<DebtThresholds> runDialog(DebtPage& page,
                                          const std::function<void(DebtThresholdsDialog&)>& edit,
                                          bool accept, QString* saveNote = nullptr) {
    std::optional<DebtThresholds> values;
    QTimer::singleShot(0, &page, [&] {
      auto* dialog = qobject_cast<DebtThresholdsDialog*>(QApplication::activeModalWidget());
      if (!dialog)
        return;
      edit(*dialog);
      values = dialog->thresholds();
      if (saveNote)
        *saveNote = dialog->saveNote()->text();
      auto* buttons = dialog->findChild<QDialogButtonBox*>();
      buttons->button(accept ? QDialogButtonBox::Ok : QDialogButtonBox::Cancel)->click();
    });
    page.thresholdsButton()->click();
    return values;
  }

  QTemporaryDir m_dir;
  QString m_path;
};

void TstDebtThresholdsSaved::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(QStringLiteral("shop.sightline"));
  Status status;
  auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(workspace, status.message().c_str());
  // payment 75.2 %, orders-worker 17.8 %, checkout 96.6 % covered.
  for (const char* file : {"coverage.out", "cloc.json"}) {
    const FileImportResult result =
        importFile(*workspace, QString(kShop + QLatin1String(file)).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  }
}

void TstDebtThresholdsSaved::theDefaultsWhenNoneAreStored() {
  auto page = openPage();
  QVERIFY(page);
  QCOMPARE(page->thresholds().minCoverage, DebtThresholds{}.minCoverage);
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Bad);
  QCOMPARE(coverageOf(*page, "checkout"), DebtCellStatus::Good);
  QCOMPARE(storedJson(m_path), std::string("(none)"));
}

void TstDebtThresholdsSaved::okSavesThemForTheNextPage() {
  auto page = openPage();
  QVERIFY(page);
  QSignalSpy saved(page.get(), &DebtPage::thresholdsSaved);
  QString note;
  const std::optional<DebtThresholds> chosen = runDialog(
      *page,
      [](DebtThresholdsDialog& dialog) {
        dialog.field(0)->setValue(60);   // coverage at least
        dialog.field(6)->setValue(250);  // p99 budget, ms
      },
      /*accept=*/true, &note);
  QVERIFY(chosen);
  QCOMPARE(chosen->minCoverage, 60.0);
  QVERIFY2(note.contains(QStringLiteral("saves")), qPrintable(note));
  // Recoloured at once, stored on a worker.
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Good);
  QVERIFY(saved.count() == 1 || saved.wait(20000));
  QCOMPARE(storedJson(m_path), debtThresholdsJson(*chosen));

  // A new page (the GUI opened again) reads them with its data.
  page.reset();
  auto next = openPage();
  QVERIFY(next);
  QCOMPARE(debtThresholdsJson(next->thresholds()), debtThresholdsJson(*chosen));
  QCOMPARE(coverageOf(*next, "payment"), DebtCellStatus::Good);
  QCOMPARE(coverageOf(*next, "orders-worker"), DebtCellStatus::Bad);
}

void TstDebtThresholdsSaved::cancelSavesNothing() {
  auto page = openPage();
  QVERIFY(page);
  const std::string before = storedJson(m_path);
  QSignalSpy saved(page.get(), &DebtPage::thresholdsSaved);
  QVERIFY(runDialog(
      *page, [](DebtThresholdsDialog& dialog) { dialog.field(0)->setValue(99); },
      /*accept=*/false));
  QCOMPARE(page->thresholds().minCoverage, 60.0);
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Good);
  QVERIFY(!page->isBusy());
  QCOMPARE(saved.count(), 0);
  QCOMPARE(storedJson(m_path), before);
}

void TstDebtThresholdsSaved::readOnlyKeepsThemForTheSession() {
  auto page = openPage(/*readOnly=*/true);
  QVERIFY(page);
  const std::string before = storedJson(m_path);
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Good);  // the stored 60 %
  QSignalSpy saved(page.get(), &DebtPage::thresholdsSaved);
  QString note;
  QVERIFY(runDialog(
      *page, [](DebtThresholdsDialog& dialog) { dialog.field(0)->setValue(90); },
      /*accept=*/true, &note));
  QVERIFY2(note.contains(QStringLiteral("read-only")), qPrintable(note));
  QVERIFY2(note.contains(QStringLiteral("cannot be saved")), qPrintable(note));
  // The colours follow for the session…
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Bad);
  QVERIFY2(page->statusLabel()->text().contains(QStringLiteral("session only")),
           qPrintable(page->statusLabel()->text()));
  QVERIFY(!page->isBusy());
  QCOMPARE(saved.count(), 0);
  QCOMPARE(storedJson(m_path), before);
  // …also through a read (after an import), which no longer takes the workspace's.
  QSignalSpy shown(page.get(), &DebtPage::tableShown);
  page->refresh();
  QVERIFY(shown.wait(20000));
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Bad);
  QCOMPARE(page->thresholds().minCoverage, 90.0);
  // Another workspace (here the same, opened again) has its own.
  page->setWorkspacePath(m_path, /*readOnly=*/true);
  QVERIFY(shown.wait(20000));
  QCOMPARE(page->thresholds().minCoverage, 60.0);
}

void TstDebtThresholdsSaved::aStoredValueThatDoesNotReadIsReported() {
  {
    Status status;
    auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    QVERIFY(execSql(workspace->db(),
                    "UPDATE workspace_settings SET value = '{\"min_covrage\": 1}' "
                    "WHERE key = 'debt.thresholds'")
                .isOk());
  }
  auto page = std::make_unique<DebtPage>();
  page->setWorkspacePath(m_path);
  QSignalSpy failed(page.get(), &DebtPage::loadFailed);
  QSignalSpy shown(page.get(), &DebtPage::tableShown);
  page->show();
  QVERIFY(shown.wait(20000));
  QCOMPARE(failed.count(), 1);
  const QString message = failed.first().first().toString();
  QVERIFY2(message.contains(QStringLiteral("debt.thresholds")), qPrintable(message));
  QVERIFY2(message.contains(QStringLiteral("min_covrage")), qPrintable(message));
  // The heatmap still shows, with the defaults.
  QVERIFY(page->table());
  QCOMPARE(coverageOf(*page, "payment"), DebtCellStatus::Bad);
  QVERIFY(page->statusLabel()->text().contains(QStringLiteral("debt.thresholds")));
  // Saving from the dialog repairs it.
  QSignalSpy saved(page.get(), &DebtPage::thresholdsSaved);
  page->saveThresholds(DebtThresholds{});
  QVERIFY(saved.wait(20000));
  QCOMPARE(storedJson(m_path), debtThresholdsJson(DebtThresholds{}));
  QVERIFY(!page->statusLabel()->text().contains(QStringLiteral("debt.thresholds")));
}

QTEST_MAIN(TstDebtThresholdsSaved)
#include "tst_debt_thresholds_saved.moc"
