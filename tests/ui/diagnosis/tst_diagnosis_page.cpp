#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "model/diagnosis/findings_store.h"
#include "tests/ui/diagnosis/diagnosis_fixture.h"
#include "ui/diagnosis/diagnosis_page.h"
#include "ui/diagnosis/finding_details_panel.h"

using namespace sightline;
using namespace sightline::test;

namespace {

QStringList comboTexts(const QComboBox* box) {
  QStringList texts;
  for (int i = 0; i < box->count(); ++i)
    texts << box->itemText(i);
  return texts;
}

QStringList shownRules(const DiagnosisPage& page) {
  QStringList rules;
  for (int row = 0; row < page.proxy()->rowCount(); ++row)
    rules << page.proxy()->index(row, FindingsTableModel::RuleColumn).data().toString();
  return rules;
}

std::optional<DiagnosisRunInfo> storedRun(const QString& path) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  return workspace ? loadDiagnosisRun(*workspace) : std::nullopt;
}

std::string currentSignature(const QString& path) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  return workspace ? diagnosisSourcesSignature(*workspace) : std::string();
}

}  // namespace

class TstDiagnosisPage : public QObject {
  Q_OBJECT

 private slots:
  void showsStoredFindingsRankedWithTheFirstExpanded();
  void filtersBySeverityServiceAndRule();
  void staleFindingsAreDiagnosedAgainAndStored();
  void readOnlyWorkspaceIsDiagnosedWithoutStoring();
  void emptyWorkspaceHasNothingToDiagnose();
  void evidenceRowsAskForTheirEvidence();
};

void TstDiagnosisPage::showsStoredFindingsRankedWithTheFirstExpanded() {
  QTemporaryDir dir;
  const QString path = makeWorkspace(dir, fixtureFindings());
  QVERIFY(!path.isEmpty());
  DiagnosisPage page;
  QSignalSpy shown(&page, &DiagnosisPage::findingsShown);
  page.setWorkspacePath(path);
  QCOMPARE(page.state(), DiagnosisPage::State::Loading);
  QVERIFY(shown.wait(5000));
  // Up to date: read, not diagnosed again.
  QCOMPARE(page.state(), DiagnosisPage::State::Idle);
  QCOMPARE(page.lastResult(), std::optional(DiagnosisSnapshot::State::Stored));
  QCOMPARE(shown.size(), 1);
  QCOMPARE(shown.first().at(0).toInt(), 3);
  QCOMPARE(shown.first().at(1).toInt(), 1);  // one high
  QCOMPARE(page.severeCount(), 1);
  QCOMPARE(shownRules(page),
           QStringList({QStringLiteral("n-plus-one-db"), QStringLiteral("cpu-hotspot"),
                        QStringLiteral("slo-burn")}));
  QCOMPARE(page.proxy()->index(0, FindingsTableModel::SeverityColumn).data().toString(),
           QStringLiteral("High"));
  QCOMPARE(page.proxy()->index(0, FindingsTableModel::ImpactColumn).data().toString(),
           QStringLiteral("200 ms"));
  QVERIFY(page.statusLabel()->text().contains(QStringLiteral("3 finding(s)")));
  QVERIFY(page.statusLabel()->text().contains(QStringLiteral("in 12 ms")));

  // The first finding is expanded: its explanation and its three spans, each with a button.
  QVERIFY(page.currentFinding());
  QCOMPARE(page.currentFinding()->rule, std::string("n-plus-one-db"));
  FindingDetailsPanel* details = page.details();
  QCOMPARE(details->titleLabel()->text(),
           QStringLiteral("shop POST /checkout: N+1 queries, 3 × SELECT item"));
  QCOMPARE(details->explanationLabel()->text(),
           QStringLiteral("The same statement runs once per item."));
  QVERIFY(details->summaryLabel()->text().contains(QStringLiteral("200 ms to save in total")));
  QCOMPARE(details->evidenceModel()->rowCount(), 3);
  QCOMPARE(details->evidenceModel()->index(1, FindingEvidenceModel::RoleColumn).data().toString(),
           QStringLiteral("repeated call"));
  QVERIFY(details->evidenceModel()
              ->index(1, FindingEvidenceModel::TargetColumn)
              .data()
              .toString()
              .endsWith(QString::fromLatin1(kQuerySpans[1])));
  for (int row = 0; row < 3; ++row)
    QVERIFY(details->openButton(row));

  // Selecting another finding expands it instead.
  page.selectFinding(1);
  QCOMPARE(page.currentFinding()->rule, std::string("cpu-hotspot"));
  QCOMPARE(details->evidenceModel()->rowCount(), 2);
  QCOMPARE(details->evidenceModel()->index(0, FindingEvidenceModel::TargetColumn).data().toString(),
           QStringLiteral("main.handleCheckout in profile #1"));
}

void TstDiagnosisPage::filtersBySeverityServiceAndRule() {
  QTemporaryDir dir;
  const QString path = makeWorkspace(dir, fixtureFindings());
  QVERIFY(!path.isEmpty());
  DiagnosisPage page;
  QSignalSpy shown(&page, &DiagnosisPage::findingsShown);
  page.setWorkspacePath(path);
  QVERIFY(shown.wait(5000));

  // The combos hold what the findings name.
  QCOMPARE(comboTexts(page.serviceBox()),
           QStringList({QStringLiteral("All services"), QStringLiteral("payment"),
                        QStringLiteral("shop")}));
  QCOMPARE(comboTexts(page.ruleBox()),
           QStringList({QStringLiteral("All rules"), QStringLiteral("cpu-hotspot"),
                        QStringLiteral("n-plus-one-db"), QStringLiteral("slo-burn")}));

  // Through the combos, as the user picks them.
  page.severityBox()->setCurrentIndex(
      page.severityBox()->findText(QStringLiteral("Medium and above")));
  emit page.severityBox()->activated(page.severityBox()->currentIndex());
  QCOMPARE(shownRules(page),
           QStringList({QStringLiteral("n-plus-one-db"), QStringLiteral("cpu-hotspot")}));
  QVERIFY(page.statusLabel()->text().contains(QStringLiteral("2 shown")));
  page.serviceBox()->setCurrentIndex(page.serviceBox()->findText(QStringLiteral("shop")));
  emit page.serviceBox()->activated(page.serviceBox()->currentIndex());
  QCOMPARE(shownRules(page), QStringList({QStringLiteral("n-plus-one-db")}));

  // Through setFilter: a rule; the details follow the table.
  FindingsFilter filter;
  filter.rule = QStringLiteral("slo-burn");
  page.setFilter(filter);
  QCOMPARE(page.severityBox()->currentIndex(), 0);
  QCOMPARE(page.serviceBox()->currentIndex(), 0);
  QCOMPARE(shownRules(page), QStringList({QStringLiteral("slo-burn")}));
  QVERIFY(page.currentFinding());
  QCOMPARE(page.currentFinding()->rule, std::string("slo-burn"));
  QCOMPARE(page.details()->evidenceModel()->rowCount(), 1);

  // Nothing left: no finding expanded, and the placeholder says why.
  filter.minSeverity = Severity::Critical;
  page.setFilter(filter);
  QCOMPARE(page.proxy()->rowCount(), 0);
  QCOMPARE(page.currentFinding(), nullptr);
  QCOMPARE(page.details()->evidenceModel()->rowCount(), 0);
  QVERIFY(page.statusLabel()->text().contains(QStringLiteral("0 shown")));
  page.setFilter({});
  QCOMPARE(page.proxy()->rowCount(), 3);
}

void TstDiagnosisPage::staleFindingsAreDiagnosedAgainAndStored() {
  QTemporaryDir dir;
  const QString path = makeWorkspace(dir, fixtureFindings(), false, /*stale=*/true);
  QVERIFY(!path.isEmpty());
  DiagnosisPage page;
  // What each announcement saw: busy and "Diagnosing…" while the old findings are shown.
  QList<bool> busy;
  QStringList status;
  connect(&page, &DiagnosisPage::findingsShown, this, [&] {
    busy << page.isBusy();
    status << page.statusLabel()->text();
  });
  page.setWorkspacePath(path);
  QTRY_COMPARE_WITH_TIMEOUT(busy.size(), 2, 10000);
  QCOMPARE(busy, QList<bool>({true, false}));
  QVERIFY(status.first().contains(QStringLiteral("Diagnosing…")));
  QCOMPARE(page.lastResult(), std::optional(DiagnosisSnapshot::State::Computed));
  QVERIFY(!page.statusLabel()->text().contains(QStringLiteral("Diagnosing")));
  // The engine's findings replace the hand-made ones, and are stored as up to date.
  const auto run = storedRun(path);
  QVERIFY(run);
  QCOMPARE(run->sourcesSignature, currentSignature(path));
  QVERIFY(run->rulesJson != "{}");
  for (const Finding& finding : page.findings())
    QVERIFY(finding.title != fixtureFindings().front().title);
}

void TstDiagnosisPage::readOnlyWorkspaceIsDiagnosedWithoutStoring() {
  QTemporaryDir dir;
  const QString path = makeWorkspace(dir, fixtureFindings(), false, /*stale=*/true);
  QVERIFY(!path.isEmpty());
  DiagnosisPage page;
  page.setWorkspacePath(path, /*readOnly=*/true);
  QTRY_COMPARE_WITH_TIMEOUT(page.lastResult(), std::optional(DiagnosisSnapshot::State::Computed),
                            10000);
  QVERIFY(!page.isBusy());
  QVERIFY(page.statusLabel()->text().contains(QStringLiteral("not stored")));
  const auto run = storedRun(path);
  QVERIFY(run);
  QCOMPARE(run->sourcesSignature, std::string("0:0:0"));  // untouched
}

void TstDiagnosisPage::emptyWorkspaceHasNothingToDiagnose() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("empty.sightline"));
  {
    Status status;
    QVERIFY(Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status));
  }
  DiagnosisPage page;
  QSignalSpy shown(&page, &DiagnosisPage::findingsShown);
  page.setWorkspacePath(path);
  QVERIFY(shown.wait(5000));
  QCOMPARE(page.lastResult(), std::optional(DiagnosisSnapshot::State::Nothing));
  QCOMPARE(shown.first().at(0).toInt(), 0);
  QVERIFY(!page.isBusy());
  QVERIFY(page.statusLabel()->text().contains(QStringLiteral("Nothing to diagnose")));
  QTest::qWait(50);
  QCOMPARE(shown.size(), 1);  // and no diagnosis ran
  QVERIFY(!storedRun(path));

  // While an import runs nothing is diagnosed, even when asked.
  page.setImportRunning(true);
  QVERIFY(!page.diagnoseButton()->isEnabled());
  page.diagnose();
  QCOMPARE(page.state(), DiagnosisPage::State::Idle);
}

void TstDiagnosisPage::evidenceRowsAskForTheirEvidence() {
  QTemporaryDir dir;
  const QString path = makeWorkspace(dir, fixtureFindings(), /*everySignal=*/true);
  QVERIFY(!path.isEmpty());
  DiagnosisPage page;
  QSignalSpy shown(&page, &DiagnosisPage::findingsShown);
  page.setWorkspacePath(path);
  QVERIFY(shown.wait(5000));

  // A span row: its trace and all the finding's spans in it.
  TraceId trace;
  std::vector<SpanId> spans;
  connect(&page, &DiagnosisPage::traceEvidenceRequested, this,
          [&](const TraceId& t, const std::vector<SpanId>& s) {
            trace = t;
            spans = s;
          });
  page.selectFinding(0);
  page.details()->openButton(1)->click();
  QCOMPARE(trace, fixtureTrace());
  QCOMPARE(spans, std::vector<SpanId>({spanIdOf(kQuerySpans[0]), spanIdOf(kQuerySpans[1]),
                                       spanIdOf(kQuerySpans[2])}));
  // "Open evidence" above the rows: the same for the whole finding.
  trace = {};
  spans.clear();
  QVERIFY(page.details()->openFindingButton()->isVisibleTo(page.details()));
  page.details()->openFindingButton()->click();
  QCOMPARE(trace, fixtureTrace());
  QCOMPARE(spans.size(), std::size_t(3));

  // A function row: focus (no labels); with a span, that span's samples.
  std::int64_t profileId = -1;
  QString function;
  std::optional<SampleLabelFilter> labels;
  int functionRequests = 0;
  connect(&page, &DiagnosisPage::functionEvidenceRequested, this,
          [&](std::int64_t id, const QString& f, const std::optional<SampleLabelFilter>& l,
              const QString&) {
            profileId = id;
            function = f;
            labels = l;
            ++functionRequests;
          });
  page.selectFinding(1);
  page.openEvidence(0);
  QCOMPARE(functionRequests, 1);
  QCOMPARE(profileId, std::int64_t(1));
  QCOMPARE(function, QStringLiteral("main.handleCheckout"));
  QVERIFY(!labels);
  page.openEvidence(1);  // looked up on the thread pool
  QTRY_COMPARE_WITH_TIMEOUT(functionRequests, 2, 5000);
  QCOMPARE(profileId, std::int64_t(1));
  QVERIFY(labels);
  QVERIFY(std::find(labels->values.begin(), labels->values.end(), std::string(kCheckoutSpan)) !=
          labels->values.end());

  // A series row: the series over its range, widened by a fifth on each side.
  QString series;
  qint64 fromMs = 0, toMs = 0;
  connect(&page, &DiagnosisPage::seriesEvidenceRequested, this,
          [&](const QString& s, qint64 from, qint64 to) {
            series = s;
            fromMs = from;
            toMs = to;
          });
  page.selectFinding(2);
  page.openFinding(2);  // the whole finding: its first (only) evidence
  QCOMPARE(series, QStringLiteral("http_requests_total{code=\"500\",service=\"shop\"}"));
  QCOMPARE(fromMs, qint64(1'700'000'000'000 - 12'000));
  QCOMPARE(toMs, qint64(1'700'000'060'000 + 12'000));
}

QTEST_MAIN(TstDiagnosisPage)
#include "tst_diagnosis_page.moc"
