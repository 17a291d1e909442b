// Opening a finding from the main window: the Diagnosis tab's place, and the evidence shown on
// the Trace, Profiles and Metrics pages (asserted on the pages' state).
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "model/profiles/profile_queries.h"
#include "tests/ui/diagnosis/diagnosis_fixture.h"
#include "ui/diagnosis/diagnosis_page.h"
#include "ui/diagnosis/finding_details_panel.h"
#include "ui/metrics/metric_chart_view.h"
#include "ui/metrics/metric_label_chips.h"
#include "ui/metrics/metric_page.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_page.h"
#include "ui/shell/main_window.h"
#include "ui/shell/recent_files.h"
#include "ui/traces/trace_list_panel.h"
#include "ui/traces/trace_page.h"
#include "ui/traces/waterfall_panel.h"
#include "ui/traces/waterfall_view.h"
#include "ui/widgets/qcustomplot_include.h"

using namespace sightline;
using namespace sightline::test;

namespace {

bool treeHasFunction(const CallTree* tree, const char* name) {
  for (std::size_t i = 1; tree && i < tree->nodes.size(); ++i) {
    if (tree->names[tree->nodes[i].name] == name && tree->nodes[i].total > 0)
      return true;
  }
  return false;
}

}  // namespace

class TstDiagnosisJumps : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void diagnosisTabLeadsAndIsSelectedOnOpen();
  void spanEvidenceShowsTheTraceWithTheFindingsSpansHighlighted();
  void functionEvidenceFocusesTheProfileOnTheFunction();
  void seriesEvidenceChartsTheSeriesOverTheFindingsTime();
  void workspaceWithoutFindingsKeepsTheTabLast();

 private:
  QTemporaryDir m_dir;
  std::int64_t m_profileId = 0;
  RecentFiles m_recent;
  std::unique_ptr<MainWindow> m_window;
};

void TstDiagnosisJumps::initTestCase() {
  const QString path = makeWorkspace(m_dir, fixtureFindings(1), /*everySignal=*/true);
  QVERIFY(!path.isEmpty());
  {
    Status status;
    auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY(workspace);
    const auto profiles = listProfiles(*workspace);
    QCOMPARE(profiles.size(), std::size_t(1));
    QCOMPARE(profiles.front().id, std::int64_t(1));  // as the stored findings say
  }
  m_window = std::make_unique<MainWindow>(&m_recent);
  m_window->resize(1400, 900);
  m_window->show();
  QSignalSpy findings(m_window->diagnosisPage(), &DiagnosisPage::findingsShown);
  QSignalSpy profiles(m_window->profilePage(), &ProfilePage::profilesListed);
  QSignalSpy families(m_window->metricPage(), &MetricPage::familiesListed);
  QString error;
  QVERIFY2(m_window->openWorkspace(path, &error), qPrintable(error));
  QVERIFY(findings.wait(5000));
  QVERIFY(!profiles.isEmpty() || profiles.wait(5000));
  QVERIFY(!families.isEmpty() || families.wait(5000));
}

void TstDiagnosisJumps::diagnosisTabLeadsAndIsSelectedOnOpen() {
  QTabWidget* pages = m_window->pages();
  QCOMPARE(pages->widget(0), m_window->diagnosisPage());
  QCOMPARE(pages->tabText(0), QStringLiteral("Diagnosis (3)"));
  // One finding is high: the page is what the user sees first.
  QCOMPARE(pages->currentWidget(), m_window->diagnosisPage());
  QCOMPARE(pages->indexOf(m_window->traceList()), 1);
}

void TstDiagnosisJumps::spanEvidenceShowsTheTraceWithTheFindingsSpansHighlighted() {
  TracePage* tracePage = m_window->tracePage();
  // The user had turned the critical path off: evidence turns it on again.
  tracePage->waterfall()->setShowCriticalPath(false);
  QVERIFY(!tracePage->waterfall()->view()->showCriticalPath());

  DiagnosisPage* page = m_window->diagnosisPage();
  page->selectFinding(0);
  QCOMPARE(page->currentFinding()->rule, std::string("n-plus-one-db"));
  QSignalSpy shown(tracePage, &TracePage::traceShown);
  page->details()->openButton(2)->click();  // the third query: all three are highlighted
  QCOMPARE(m_window->pages()->currentWidget(), tracePage);
  QVERIFY(shown.wait(5000));

  const LoadedTrace& trace = *tracePage->trace();
  QCOMPARE(trace.traceId, fixtureTrace());
  const WaterfallView* view = tracePage->waterfall()->view();
  int highlighted = 0;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const std::string hex = trace.spans[i].spanId.toHex();
    const bool query = hex.starts_with("22222222222222");
    QCOMPARE(view->isMatch(int(i)), query);
    highlighted += query ? 1 : 0;
  }
  QCOMPARE(highlighted, 3);
  QCOMPARE(view->matchCount(), 3);
  QVERIFY(view->showCriticalPath());
  // The first of them (in display order) is selected and its details shown.
  QVERIFY(view->selectedSpan() >= 0);
  QCOMPARE(trace.spans[std::size_t(view->selectedSpan())].spanId.toHex(),
           std::string(kQuerySpans[0]));
  QCOMPARE(view->currentMatch(), 0);

  // Opening a trace the usual way shows no highlight.
  tracePage->openTrace(fixtureTrace());
  QVERIFY(shown.wait(5000));
  QCOMPARE(tracePage->waterfall()->view()->matchCount(), 0);
}

void TstDiagnosisJumps::functionEvidenceFocusesTheProfileOnTheFunction() {
  DiagnosisPage* page = m_window->diagnosisPage();
  ProfilePage* profiles = m_window->profilePage();
  page->selectFinding(1);
  QCOMPARE(page->currentFinding()->rule, std::string("cpu-hotspot"));

  // The function alone: pprof's focus on it.
  QSignalSpy trees(profiles, &ProfilePage::treesShown);
  page->openEvidence(0);
  QCOMPARE(m_window->pages()->currentWidget(), profiles);
  QTRY_VERIFY_WITH_TIMEOUT(!trees.isEmpty() && !profiles->isBusy(), 5000);
  QCOMPARE(profiles->currentProfileId(), std::int64_t(1));
  QCOMPARE(profiles->filterBar()->edit(ProfileFilterBar::Field::Focus)->text(),
           regexForFunction(QStringLiteral("main.handleCheckout")));
  QCOMPARE(profiles->selectedFunction(), QStringLiteral("main.handleCheckout"));
  const CallTree* tree = profiles->flameGraph()->callTree();
  QVERIFY(treeHasFunction(tree, "main.handleCheckout"));
  QVERIFY(!treeHasFunction(tree, "main.backgroundCompaction"));

  // The row naming a span: that span's samples, no focus.
  trees.clear();
  page->openEvidence(1);
  QTRY_VERIFY_WITH_TIMEOUT(!trees.isEmpty() && !profiles->isBusy(), 5000);
  QCOMPARE(m_window->pages()->currentWidget(), profiles);
  QCOMPARE(profiles->filterBar()->edit(ProfileFilterBar::Field::Focus)->text(), QString());
  tree = profiles->flameGraph()->callTree();
  QVERIFY(treeHasFunction(tree, "main.handleCheckout"));
  QVERIFY(!treeHasFunction(tree, "main.backgroundCompaction"));
  QCOMPARE(profiles->selectedFunction(), QStringLiteral("main.handleCheckout"));
}

void TstDiagnosisJumps::seriesEvidenceChartsTheSeriesOverTheFindingsTime() {
  DiagnosisPage* page = m_window->diagnosisPage();
  MetricPage* metrics = m_window->metricPage();
  QSignalSpy familyShown(metrics, &MetricPage::familyShown);
  page->openFinding(2);
  QCOMPARE(page->currentFinding()->rule, std::string("slo-burn"));
  QCOMPARE(m_window->pages()->currentWidget(), metrics);
  QVERIFY(familyShown.wait(5000));
  QCOMPARE(metrics->familyData()->family.name, std::string("http_requests_total"));
  QStringList chips;
  for (const LabelMatcher& matcher : metrics->chips()->matchers())
    chips << chipText(matcher);
  QCOMPARE(chips,
           QStringList({QStringLiteral("code=\"500\""), QStringLiteral("service=\"shop\"")}));
  // The evidence's minute, widened by a fifth on each side.
  const QCPRange range = metrics->chart()->plot()->xAxis->range();
  QCOMPARE(range.lower, 1'700'000'000.0 - 12.0);
  QCOMPARE(range.upper, 1'700'000'060.0 + 12.0);
  QVERIFY(!metrics->chart()->chart().lines.empty());
}

void TstDiagnosisJumps::workspaceWithoutFindingsKeepsTheTabLast() {
  QTemporaryDir dir;
  const QString path = makeWorkspace(dir, {});
  QVERIFY(!path.isEmpty());
  QSignalSpy findings(m_window->diagnosisPage(), &DiagnosisPage::findingsShown);
  QVERIFY(m_window->openWorkspace(path));
  QVERIFY(findings.wait(5000));
  QTabWidget* pages = m_window->pages();
  QCOMPARE(pages->indexOf(m_window->diagnosisPage()), pages->count() - 1);
  QCOMPARE(pages->tabText(pages->count() - 1), QStringLiteral("Diagnosis"));
  QCOMPARE(pages->currentWidget(), m_window->traceList());
}

QTEST_MAIN(TstDiagnosisJumps)
#include "tst_diagnosis_jumps.moc"
