// The Compare page on the hand-built workspace of tests/model/diagnosis/tst_compare_workspace.h
// (known answers): sources and default sides, a comparison computed on the thread pool and
// shown in the operations table and the path tree (colours, filter), side errors, the
// differential flame graph button, and the main window opening the Profiles page's diff.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "model/store/store_statement.h"
#include "tests/model/diagnosis/tst_compare_workspace.h"
#include "ui/compare/compare_colors.h"
#include "ui/compare/compare_operations_model.h"
#include "ui/compare/compare_page.h"
#include "ui/compare/compare_path_model.h"
#include "ui/compare/compare_side_picker.h"
#include "ui/profiles/profile_page.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"

using namespace sightline;
using namespace sightline::compare_test;

namespace {

QString s(const char* text) {
  return QString::fromUtf8(text);
}

void addProfile(Workspace& ws, int id, std::uint64_t timeNs) {
  const std::string n = std::to_string(id);
  const Status status = execSql(
      ws.db(),
      "INSERT INTO sources(id, path, kind, sha256, bytes, imported_at, status) VALUES(1" + n +
          ", '/p/cpu" + n + ".pb.gz', 'pprof', 'p" + n +
          "', 1, 0, 'ok'); INSERT INTO profiles(id, source_id, period, time_ns, duration_ns, "
          "default_sample_type, comments, sample_count, stack_count, label_set_count) VALUES(" +
          n + ", 1" + n + ", 1, " + std::to_string(timeNs) +
          ", 0, -1, '[]', 0, 1, 1); INSERT INTO profile_sample_types VALUES(" + n +
          ", 0, 'cpu', 'nanoseconds', 0)");
  QVERIFY2(status.isOk(), status.message().c_str());
}

}  // namespace

class TstComparePage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void listsSourcesAndDefaultSides();
  void comparesSources();
  void pathTreeFiltersUnchangedPaths();
  void badSideIsSaidNotCompared();
  void differentialButtonNeedsAProfilePair();
  void mainWindowOpensTheDifferential();

 private:
  bool waitForComparison(ComparePage& page) {
    QSignalSpy shown(&page, &ComparePage::comparisonShown);
    return shown.wait(10000);
  }

  QTemporaryDir m_dir;
  QString m_path;
  std::unique_ptr<ComparePage> m_page;
};

void TstComparePage::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(s("compare.sightline"));
  auto ws = makeCompareWorkspace(m_path.toStdString());
  QVERIFY(ws);
  // A CPU profile in each half, 14:00:05 and 14:10:05.
  addProfile(*ws, 1, kBase + 5 * kSecond);
  addProfile(*ws, 2, kBase + 605 * kSecond);
  m_page = std::make_unique<ComparePage>();
  m_page->resize(1400, 900);
}

void TstComparePage::listsSourcesAndDefaultSides() {
  QSignalSpy listed(m_page.get(), &ComparePage::sourcesListed);
  m_page->setWorkspacePath(m_path);
  QVERIFY(listed.wait(5000));
  QCOMPARE(listed.first().first().toInt(), 2);  // the profile sources hold no spans
  QComboBox* sources = m_page->baselinePicker()->sourceBox();
  QCOMPARE(sources->count(), 2);
  QCOMPARE(sources->itemText(1), s("2  target.json"));
  // The data's traces start from 14:00:00 to 14:10:09: the halves meet at 14:05:05.
  QCOMPARE(m_page->baselinePicker()->sideText(), s("..2026-11-20T14:05:05Z"));
  QCOMPARE(m_page->targetPicker()->sideText(), s("2026-11-20T14:05:05Z.."));
  QVERIFY(!m_page->comparison());

  // Shown, the page compares the default halves by itself.
  QSignalSpy shown(m_page.get(), &ComparePage::comparisonShown);
  m_page->show();
  QVERIFY(shown.wait(10000));
  QVERIFY(m_page->comparison());
  QCOMPARE(m_page->comparison()->baseline.traces, 10u);
  QCOMPARE(m_page->comparison()->target.traces, 10u);
}

void TstComparePage::comparesSources() {
  m_page->baselinePicker()->setSideText(s("source:1"));
  QCOMPARE(m_page->baselinePicker()->mode(), CompareSidePicker::Mode::Source);
  QCOMPARE(m_page->baselinePicker()->sourceBox()->currentIndex(), 0);
  m_page->targetPicker()->setSideText(s("target.json"));  // typed: a file name works too
  QCOMPARE(m_page->targetPicker()->mode(), CompareSidePicker::Mode::Range);
  QSignalSpy shown(m_page.get(), &ComparePage::comparisonShown);
  m_page->compareButton()->click();
  QVERIFY(!m_page->compareButton()->isEnabled());  // until the result is in
  QVERIFY(shown.wait(10000));
  QVERIFY(m_page->compareButton()->isEnabled());

  CompareOperationsModel* model = m_page->operationsModel();
  QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QCOMPARE(model->rowCount(), 6);
  auto cell = [model](int row, int column, int role = Qt::DisplayRole) {
    return model->data(model->index(row, column), role);
  };
  // GET /a first: p95 100 ms → 1 s, a regression in red; errors 0 → 20 %.
  QCOMPARE(cell(0, CompareOperationsModel::OperationColumn).toString(), s("GET /a"));
  QCOMPARE(cell(0, CompareOperationsModel::CountColumn).toString(), s("10 → 10"));
  QCOMPARE(cell(0, CompareOperationsModel::P95BaselineColumn).toString(), s("100 ms"));
  QCOMPARE(cell(0, CompareOperationsModel::P95TargetColumn).toString(), s("1 s"));
  QCOMPARE(cell(0, CompareOperationsModel::P95ChangeColumn).toString(), s("+900 ms"));
  QCOMPARE(cell(0, CompareOperationsModel::P95RelativeColumn).toString(), s("+900 %"));
  QCOMPARE(cell(0, CompareOperationsModel::ErrorRateColumn).toString(), s("0.0 % → 20.0 %"));
  QCOMPARE(cell(0, CompareOperationsModel::ErrorRateChangeColumn).toString(), s("+20.0 pt"));
  QCOMPARE(
      cell(0, CompareOperationsModel::P95ChangeColumn, Qt::ForegroundRole).value<QBrush>().color(),
      compare_colors::regressionText());
  QCOMPARE(cell(0, CompareOperationsModel::P95ChangeColumn, CompareOperationsModel::SortRole)
               .toLongLong(),
           900 * 1000000ll);
  // SELECT: the same p95, neither colour.
  QCOMPARE(cell(1, CompareOperationsModel::OperationColumn).toString(), s("SELECT"));
  QVERIFY(!cell(1, CompareOperationsModel::P95ChangeColumn, Qt::ForegroundRole).isValid());
  QCOMPARE(cell(1, CompareOperationsModel::P95ChangeColumn).toString(), s("0"));
  // Added and removed operations have a side missing.
  QCOMPARE(cell(3, CompareOperationsModel::StatusColumn).toString(), s("added"));
  QCOMPARE(cell(3, CompareOperationsModel::CountColumn).toString(), s("– → 2"));
  QCOMPARE(cell(3, CompareOperationsModel::P95ChangeColumn).toString(), s("–"));
  QCOMPARE(cell(5, CompareOperationsModel::StatusColumn).toString(), s("removed"));
  QCOMPARE(cell(5, CompareOperationsModel::CountColumn).toString(), s("10 → –"));
  QVERIFY(m_page->summaryLabel()->text().contains(s("6 operations: 1 slower at p95")));
  QVERIFY(m_page->summaryLabel()->text().contains(s("4 of 6 paths changed")));
}

void TstComparePage::pathTreeFiltersUnchangedPaths() {
  ComparePathModel* model = m_page->pathModel();
  QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QCOMPARE(model->rowCount(), 1);
  const QModelIndex root = model->index(0, 0);
  QCOMPARE(root.data().toString(), s("web GET /a"));
  QCOMPARE(model->rowCount(root), 5);
  const QModelIndex select = model->index(0, ComparePathModel::ChangeColumn, root);
  QCOMPARE(select.data().toString(), s("more"));
  QCOMPARE(select.data(Qt::ForegroundRole).value<QBrush>().color(),
           compare_colors::regressionText());
  QCOMPARE(model->index(0, ComparePathModel::BaselineColumn, root).data().toString(), s("2.00"));
  QCOMPARE(model->index(0, ComparePathModel::TargetColumn, root).data().toString(), s("3.00"));
  QCOMPARE(model->index(0, ComparePathModel::DifferenceColumn, root).data().toString(), s("+1.00"));
  const QModelIndex cache = model->index(2, ComparePathModel::ChangeColumn, root);
  QCOMPARE(model->index(2, 0, root).data().toString(), s("web cache lookup"));
  QCOMPARE(cache.data().toString(), s("removed"));
  QCOMPARE(cache.data(Qt::ForegroundRole).value<QBrush>().color(),
           compare_colors::improvementText());
  QCOMPARE(model->parent(model->index(2, 0, root)), root);

  // "Changed paths only" (on by default) keeps the changed ones and their ancestors.
  QSortFilterProxyModel* proxy = m_page->pathProxy();
  QVERIFY(m_page->changedPathsOnly()->isChecked());
  QCOMPARE(proxy->rowCount(), 1);
  QCOMPARE(proxy->rowCount(proxy->index(0, 0)), 4);  // "web charge" is the same
  m_page->changedPathsOnly()->setChecked(false);
  QCOMPARE(proxy->rowCount(proxy->index(0, 0)), 5);
  QVERIFY(m_page->pathTree()->isExpanded(proxy->index(0, 0)));
  m_page->changedPathsOnly()->setChecked(true);
}

void TstComparePage::badSideIsSaidNotCompared() {
  const auto before = m_page->comparison();
  m_page->targetPicker()->rangeEdit()->setText(s("2026-11-20T14:00..2026-11-20T14:03Z"));
  QVERIFY(!m_page->targetPicker()->problem().isEmpty());
  QVERIFY(m_page->targetPicker()->rangeEdit()->styleSheet().contains(s("border")));
  QSignalSpy shown(m_page.get(), &ComparePage::comparisonShown);
  m_page->requestComparison();
  QCOMPARE(shown.count(), 1);  // said at once, nothing run
  QCOMPARE(m_page->summaryLabel()->text(),
           s("<b>After:</b> the start of the range, '2026-11-20T14:00', is neither an ISO 8601 "
             "time with a zone (2026-11-20T14:00Z) nor Unix nanoseconds"));
  QCOMPARE(m_page->comparison(), before);

  // A side the workspace does not have: the comparison runs and says why it failed.
  m_page->compare(s("1"), s("nope.json"));
  QVERIFY(waitForComparison(*m_page));
  QVERIFY(m_page->summaryLabel()->text().startsWith(s("target: no source 'nope.json'")));
  QVERIFY(m_page->targetPicker()->rangeEdit()->styleSheet().isEmpty());
}

void TstComparePage::differentialButtonNeedsAProfilePair() {
  // Sources: each trace file's profiles are those taken while its spans ran.
  m_page->compare(s("source:1"), s("source:2"));
  QVERIFY(waitForComparison(*m_page));
  QVERIFY(m_page->diffButton()->isEnabled());
  QSignalSpy requested(m_page.get(), &ComparePage::differentialRequested);
  m_page->diffButton()->click();
  QCOMPARE(requested.count(), 1);
  QCOMPARE(requested.first().at(0).toLongLong(), 1);
  QCOMPARE(requested.first().at(1).toLongLong(), 2);

  // The first five minutes on both sides: one profile, never compared with itself.
  m_page->compare(s("first 5m"), s("first 5m"));
  QVERIFY(waitForComparison(*m_page));
  QVERIFY(!m_page->diffButton()->isEnabled());
  QCOMPARE(m_page->diffButton()->toolTip(),
           s("No profile after measures the same sample types as a profile before"));
  // The last three seconds have no profile (the second one is from 14:10:05).
  m_page->compare(s("first 5m"), s("last 3s"));
  QVERIFY(waitForComparison(*m_page));
  QVERIFY(!m_page->diffButton()->isEnabled());
  QVERIFY(m_page->diffButton()->toolTip().endsWith(s("before: 1, after: 0")));
}

void TstComparePage::mainWindowOpensTheDifferential() {
  RecentFiles recent{QStringList()};
  MainWindow window(&recent);
  QString error;
  QVERIFY2(window.openWorkspace(m_path, &error), qPrintable(error));
  QTabWidget* pages = window.pages();
  QVERIFY(pages->indexOf(window.comparePage()) >= 0);
  QCOMPARE(pages->tabText(pages->indexOf(window.comparePage())), s("Compare"));
  emit window.comparePage()->differentialRequested(1, 2);
  QCOMPARE(pages->currentWidget(), window.profilePage());
  QCOMPARE(window.profilePage()->currentProfileId(), 2);
  QCOMPARE(window.profilePage()->baseProfileId(), 1);
}

QTEST_MAIN(TstComparePage)
#include "tst_compare_page.moc"
