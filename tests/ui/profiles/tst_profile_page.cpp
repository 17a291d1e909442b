#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "importers/core/file_importer.h"
#include "model/profiles/profile_span_link.h"
#include "model/store/workspace.h"
#include "ui/profiles/flame_graph_view.h"
#include "ui/profiles/profile_breadcrumb.h"
#include "ui/profiles/profile_filter_bar.h"
#include "ui/profiles/profile_list_model.h"
#include "ui/profiles/profile_page.h"
#include "ui/profiles/sandwich_view.h"
#include "ui/profiles/top_table_model.h"

using namespace sightline;

namespace {

const QString kDataDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof");
constexpr int kWaitMs = 10000;

// The drawn node of `function` with the largest total, or kNoNode.
std::uint32_t nodeOf(const CallTree& tree, const QString& function) {
  std::uint32_t best = kNoNode;
  for (std::uint32_t i = 1; i < tree.nodes.size(); ++i) {
    if (callTreeNodeName(&tree, i) == function && tree.nodes[i].total != 0 &&
        (best == kNoNode || tree.nodes[i].total > tree.nodes[best].total)) {
      best = i;
    }
  }
  return best;
}

bool treeHas(const CallTree* tree, const QString& function) {
  return tree && nodeOf(*tree, function) != kNoNode;
}

}  // namespace

class TstProfilePage : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void listsProfilesAndOpensTheFirst();
  void changesSampleType();
  void filtersLikePprofAndFlagsBadRegex();
  void tagFocusKeepsOneSpansSamples();
  void functionMenuEditsTheFilter();
  void keepsTableAndGraphSelectionInStep();
  void searchesAndReportsMatchedShare();
  void breadcrumbFollowsZoom();
  void showsCallersAndCallees();
  void comparesWithABaseProfile();
  void opensOnlyTheSamplesOfASpan();
  void newerRequestWins();

 private:
  // Opens profile `id` and waits until its trees are on screen.
  bool openAndWait(std::int64_t id, const std::optional<SampleLabelFilter>& labels = {});
  std::int64_t idOf(const QString& fileName) const;
  std::int64_t fullTotal() const;

  QTemporaryDir m_dir;
  QString m_path;
  std::unique_ptr<ProfilePage> m_page;
};

void TstProfilePage::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_path = m_dir.filePath(QStringLiteral("profiles.sightline"));
  Status status;
  auto workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY2(workspace, status.message().c_str());
  for (const char* name :
       {"cpu.pb.gz", "heap.pb.gz", "cpu_before.pb.gz", "cpu_after.pb.gz", "cpu_labels.pb.gz"}) {
    const FileImportResult result = importFile(
        *workspace, QString(kDataDir + QLatin1Char('/') + QLatin1String(name)).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  }
  workspace.reset();

  m_page = std::make_unique<ProfilePage>();
  m_page->resize(1200, 800);
  m_page->show();
}

std::int64_t TstProfilePage::idOf(const QString& fileName) const {
  for (const ProfileSummary& profile : m_page->profileList()->profiles()) {
    if (QString::fromStdString(profile.sourcePath).endsWith(QLatin1Char('/') + fileName))
      return profile.id;
  }
  return 0;
}

std::int64_t TstProfilePage::fullTotal() const {
  const ProfileData& profile = *m_page->profile();
  std::int64_t total = 0;
  for (std::size_t i = 0; i < profile.samples.size(); ++i)
    total += profile.value(i, static_cast<std::size_t>(m_page->sampleType()));
  return total;
}

bool TstProfilePage::openAndWait(std::int64_t id, const std::optional<SampleLabelFilter>& labels) {
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  m_page->openProfile(id, labels, QStringLiteral("only some samples"));
  return shown.wait(kWaitMs) && m_page->currentProfileId() == id;
}

void TstProfilePage::listsProfilesAndOpensTheFirst() {
  QSignalSpy listed(m_page.get(), &ProfilePage::profilesListed);
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  m_page->setWorkspacePath(m_path);
  QVERIFY(listed.wait(kWaitMs));
  QCOMPARE(listed.last().at(0).toInt(), 5);
  QCOMPARE(m_page->profileBox()->count(), 5);
  // The base selector offers "(none)" and every profile.
  QCOMPARE(m_page->baseBox()->count(), 6);
  QVERIFY(shown.wait(kWaitMs));

  // The oldest import (cpu.pb.gz) opens with pprof's default sample type: the last, cpu.
  QCOMPARE(m_page->currentProfileId(), idOf(QStringLiteral("cpu.pb.gz")));
  QCOMPARE(m_page->profileBox()->currentIndex(), 0);
  QVERIFY(m_page->profile());
  QCOMPARE(m_page->sampleType(), 1);
  QCOMPARE(m_page->sampleTypeBox()->currentText(), QStringLiteral("cpu"));
  const CallTree* tree = m_page->flameGraph()->callTree();
  QVERIFY(tree);
  QCOMPARE(tree->total(), fullTotal());
  QVERIFY(treeHas(tree, QStringLiteral("main.fib")));
  QVERIFY(m_page->topModel()->rowCount() > 5);
  QCOMPARE(m_page->topModel()->report()->total, fullTotal());
  // The table starts sorted like pprof -top: flat descending.
  const QModelIndex first = m_page->topProxy()->index(0, TopTableModel::FlatColumn);
  const QModelIndex second = m_page->topProxy()->index(1, TopTableModel::FlatColumn);
  QVERIFY(first.data(TopTableModel::SortRole).toLongLong() >=
          second.data(TopTableModel::SortRole).toLongLong());
  QVERIFY(!m_page->legend()->isVisible());
}

void TstProfilePage::changesSampleType() {
  QVERIFY(openAndWait(idOf(QStringLiteral("heap.pb.gz"))));
  // heap has no default_sample_type: pprof shows the last, inuse_space.
  QCOMPARE(m_page->sampleTypeBox()->count(), 4);
  QCOMPARE(m_page->sampleTypeBox()->currentText(), QStringLiteral("inuse_space"));
  QCOMPARE(m_page->flameGraph()->callTree()->sampleType.unit, std::string("bytes"));

  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  emit m_page->sampleTypeBox()->activated(1);  // alloc_space, as a user picks it
  QVERIFY(shown.wait(kWaitMs));
  QCOMPARE(m_page->sampleType(), 1);
  QCOMPARE(m_page->flameGraph()->callTree()->sampleType.type, std::string("alloc_space"));
  QCOMPARE(m_page->flameGraph()->callTree()->total(), fullTotal());
  QCOMPARE(m_page->topModel()->report()->sampleType.type, std::string("alloc_space"));
  // Values are shown in the unit: bytes scale to kB/MB.
  const QString flat = m_page->topModel()->index(0, TopTableModel::FlatColumn).data().toString();
  QVERIFY2(flat.endsWith(QLatin1String("B")), qPrintable(flat));
}

void TstProfilePage::filtersLikePprofAndFlagsBadRegex() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu.pb.gz"))));
  const std::int64_t total = m_page->flameGraph()->callTree()->total();
  ProfileFilterBar* bar = m_page->filterBar();

  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  bar->edit(ProfileFilterBar::Field::Focus)->setText(QStringLiteral("main\\.fib"));
  QVERIFY(shown.wait(kWaitMs));  // after the typing pause
  const CallTree* focused = m_page->flameGraph()->callTree();
  QVERIFY(focused->total() > 0);
  QVERIFY(focused->total() < total);
  QVERIFY(treeHas(focused, QStringLiteral("main.fib")));
  QVERIFY(!treeHas(focused, QStringLiteral("main.hashLoop")));
  QCOMPARE(m_page->topModel()->rowOfFunction(QStringLiteral("main.hashLoop")), -1);

  // An invalid regex is marked and not applied.
  shown.clear();
  bar->edit(ProfileFilterBar::Field::Ignore)->setText(QStringLiteral("main.(fib"));
  QVERIFY(!bar->isValid());
  QVERIFY(!bar->errorText().isEmpty());
  QVERIFY(
      bar->edit(ProfileFilterBar::Field::Ignore)->styleSheet().contains(QLatin1String("#c62828")));
  QVERIFY(bar->edit(ProfileFilterBar::Field::Focus)->styleSheet().isEmpty());
  QVERIFY(!shown.wait(600));

  // Reset clears every field and shows the whole profile again.
  auto* reset = bar->findChild<QToolButton*>();
  QVERIFY(reset);
  reset->click();
  QVERIFY(shown.wait(kWaitMs));
  QVERIFY(bar->isValid());
  QVERIFY(bar->filter().isEmpty());
  QCOMPARE(m_page->flameGraph()->callTree()->total(), total);
}

// pprof -tagfocus in the filter bar: the samples of one span_id label, as the CLI computes.
void TstProfilePage::tagFocusKeepsOneSpansSamples() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu_labels.pb.gz"))));
  const std::int64_t total = m_page->flameGraph()->callTree()->total();
  ProfileFilterBar* bar = m_page->filterBar();
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  bar->edit(ProfileFilterBar::Field::TagFocus)->setText(QStringLiteral("span_id=00f067aa0ba902b7"));
  QVERIFY(shown.wait(kWaitMs));
  ProfileFilter expected;
  expected.tagFocus = "span_id=00f067aa0ba902b7";
  const CallTree tagged = buildCallTree(*m_page->profile(), m_page->sampleType(), expected);
  QVERIFY(tagged.total() > 0 && tagged.total() < total);
  QCOMPARE(m_page->flameGraph()->callTree()->total(), tagged.total());
  QCOMPARE(m_page->flameGraph()->callTree()->nodes.size(), tagged.nodes.size());

  // A numeric range is refused and marked, like a bad regex.
  shown.clear();
  bar->edit(ProfileFilterBar::Field::TagIgnore)->setText(QStringLiteral("1mb:"));
  QVERIFY(!bar->isValid());
  QVERIFY(bar->edit(ProfileFilterBar::Field::TagIgnore)
              ->styleSheet()
              .contains(QLatin1String("#c62828")));
  QVERIFY(!shown.wait(600));

  bar->setFilter({});
  QVERIFY(shown.wait(kWaitMs));
  QCOMPARE(m_page->flameGraph()->callTree()->total(), total);
}

void TstProfilePage::functionMenuEditsTheFilter() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu.pb.gz"))));
  const std::int64_t total = m_page->flameGraph()->callTree()->total();

  std::unique_ptr<QMenu> menu(m_page->createFunctionMenu(QStringLiteral("main.fib"), nullptr));
  QStringList texts;
  for (QAction* action : menu->actions()) {
    if (!action->isSeparator())
      texts << action->text();
  }
  QCOMPARE(texts,
           (QStringList{QStringLiteral("Focus on main.fib"), QStringLiteral("Ignore main.fib"),
                        QStringLiteral("Hide main.fib"), QStringLiteral("Show only main.fib"),
                        QStringLiteral("Show callers and callees"), QStringLiteral("Copy name")}));

  // "Ignore" through the menu: the samples through main.fib are gone.
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  menu->actions().at(1)->trigger();
  QVERIFY(shown.wait(kWaitMs));
  QCOMPARE(m_page->filterBar()->filter().ignore, std::string("^main\\.fib$"));
  QVERIFY(!treeHas(m_page->flameGraph()->callTree(), QStringLiteral("main.fib")));
  QVERIFY(m_page->flameGraph()->callTree()->total() < total);

  // Ignore accumulates; hide keeps the samples but drops the frame.
  m_page->applyFunctionAction(ProfilePage::FunctionAction::Ignore, QStringLiteral("main.isOdd"));
  QVERIFY(shown.wait(kWaitMs));
  QCOMPARE(m_page->filterBar()->filter().ignore, std::string("^main\\.fib$|^main\\.isOdd$"));
  m_page->filterBar()->setFilter({});
  QVERIFY(shown.wait(kWaitMs));
  m_page->applyFunctionAction(ProfilePage::FunctionAction::Hide, QStringLiteral("main.hashLoop"));
  QVERIFY(shown.wait(kWaitMs));
  QVERIFY(!treeHas(m_page->flameGraph()->callTree(), QStringLiteral("main.hashLoop")));
  QCOMPARE(m_page->flameGraph()->callTree()->total(), total);
  m_page->filterBar()->setFilter({});
  QVERIFY(shown.wait(kWaitMs));
}

void TstProfilePage::keepsTableAndGraphSelectionInStep() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu.pb.gz"))));
  FlameGraphView* flame = m_page->flameGraph();
  QTableView* table = m_page->topTable();

  // A click on a table row selects the function in the graph.
  const int sourceRow = m_page->topModel()->rowOfFunction(QStringLiteral("main.isEven"));
  QVERIFY(sourceRow >= 0);
  const QModelIndex index =
      m_page->topProxy()->mapFromSource(m_page->topModel()->index(sourceRow, 0));
  table->selectionModel()->setCurrentIndex(
      index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  QCOMPARE(callTreeNodeName(flame->callTree(), flame->selectedNode()),
           QStringLiteral("main.isEven"));
  QCOMPARE(m_page->selectedFunction(), QStringLiteral("main.isEven"));

  // Selecting a node in the graph selects its row.
  const std::uint32_t node = nodeOf(*flame->callTree(), QStringLiteral("main.hashLoop"));
  QVERIFY(node != kNoNode);
  flame->selectNode(node);
  const QModelIndex current = table->selectionModel()->currentIndex();
  QCOMPARE(current.data(TopTableModel::FunctionRole).toString(), QStringLiteral("main.hashLoop"));
  QVERIFY(table->selectionModel()->isRowSelected(current.row(), {}));
  QCOMPARE(m_page->selectedFunction(), QStringLiteral("main.hashLoop"));

  // The selection survives a rebuild (sample type change).
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  m_page->setSampleType(0);
  QVERIFY(shown.wait(kWaitMs));
  QCOMPARE(callTreeNodeName(flame->callTree(), flame->selectedNode()),
           QStringLiteral("main.hashLoop"));
  QCOMPARE(table->selectionModel()->currentIndex().data(TopTableModel::FunctionRole).toString(),
           QStringLiteral("main.hashLoop"));
}

void TstProfilePage::searchesAndReportsMatchedShare() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu.pb.gz"))));
  m_page->searchEdit()->setText(QStringLiteral("main\\.is(Even|Odd)"));
  QVERIFY2(m_page->searchLabel()->text().endsWith(QLatin1String("% matched")),
           qPrintable(m_page->searchLabel()->text()));
  const double fraction = m_page->flameGraph()->searchMatchedFraction();
  QVERIFY(fraction > 0.1 && fraction < 0.9);
  const QString expected = QString::number(fraction * 100.0, 'f', 1) + QStringLiteral("% matched");
  QCOMPARE(m_page->searchLabel()->text(), expected);

  m_page->searchEdit()->setText(QStringLiteral("main.(is"));
  QVERIFY(m_page->searchLabel()->text().contains(QLatin1String("invalid regex")));
  QVERIFY(!m_page->searchLabel()->toolTip().isEmpty());
  m_page->searchEdit()->clear();
  QVERIFY(m_page->searchLabel()->text().isEmpty());
}

void TstProfilePage::breadcrumbFollowsZoom() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu.pb.gz"))));
  FlameGraphView* flame = m_page->flameGraph();
  ProfileBreadcrumb* crumbs = m_page->breadcrumb();
  QCOMPARE(crumbs->crumbCount(), 1);
  QVERIFY(!crumbs->backButton()->isEnabled());

  const std::uint32_t node = nodeOf(*flame->callTree(), QStringLiteral("main.leafWork"));
  QVERIFY(node != kNoNode);
  flame->zoomTo(node);
  const int depth = static_cast<int>(flame->callTree()->nodes[node].depth);
  QCOMPARE(crumbs->crumbCount(), depth + 1);
  QCOMPARE(crumbs->crumbButton(depth)->toolTip(), QStringLiteral("main.leafWork"));
  QVERIFY(!crumbs->crumbButton(depth)->isEnabled());
  QVERIFY(crumbs->backButton()->isEnabled());

  // A click on a crumb zooms out to it; Back returns.
  crumbs->crumbButton(1)->click();
  QCOMPARE(flame->zoomedNode(), flame->zoomPath().back());
  QCOMPARE(crumbs->crumbCount(), 2);
  crumbs->backButton()->click();
  QCOMPARE(flame->zoomedNode(), node);
  crumbs->crumbButton(0)->click();
  QCOMPARE(flame->zoomedNode(), 0u);
  QCOMPARE(crumbs->crumbCount(), 1);
}

void TstProfilePage::showsCallersAndCallees() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu.pb.gz"))));
  QSignalSpy sandwich(m_page.get(), &ProfilePage::sandwichShown);
  m_page->applyFunctionAction(ProfilePage::FunctionAction::Sandwich,
                              QStringLiteral("main.leafWork"));
  QCOMPARE(m_page->tabs()->currentWidget(), m_page->sandwichTab());
  QVERIFY(sandwich.wait(kWaitMs));
  QCOMPARE(sandwich.first().at(0).toString(), QStringLiteral("main.leafWork"));
  SandwichView* view = m_page->sandwich();
  QCOMPARE(view->function(), QStringLiteral("main.leafWork"));
  const CallTree* callers = view->callersView()->callTree();
  const CallTree* callees = view->calleesView()->callTree();
  QVERIFY(callers && callees);
  // main.leafWork is called by the chain only and calls (inlined) main.rotate.
  QVERIFY(treeHas(callers, QStringLiteral("main.chain30")));
  QVERIFY(!treeHas(callers, QStringLiteral("main.fib")));
  QVERIFY(callees->total() > 0);
  QCOMPARE(callers->total(), callees->total());
  QCOMPARE(view->callersView()->orientation(), FlameGraphView::Orientation::Flame);
  QCOMPARE(view->calleesView()->orientation(), FlameGraphView::Orientation::Icicle);
  m_page->tabs()->setCurrentIndex(0);
}

void TstProfilePage::comparesWithABaseProfile() {
  QVERIFY(openAndWait(idOf(QStringLiteral("cpu_after.pb.gz"))));
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  m_page->setBaseProfile(idOf(QStringLiteral("cpu_before.pb.gz")));
  QVERIFY(shown.wait(kWaitMs));
  const CallTree* tree = m_page->flameGraph()->callTree();
  QVERIFY(tree->differential);
  QVERIFY(tree->baseTotal() > 0);
  QVERIFY(m_page->legend()->isVisible());
  QVERIFY(m_page->legend()->text().contains(QLatin1String("grew")));
  QCOMPARE(m_page->baseBox()->currentData().toLongLong(), idOf(QStringLiteral("cpu_before.pb.gz")));
  // -diff_base: encodeResponse does a third of its old work, parseRequest three times as much.
  const TopTableModel* top = m_page->topModel();
  const int shrank = top->rowOfFunction(QStringLiteral("main.encodeResponse"));
  const int grew = top->rowOfFunction(QStringLiteral("main.parseRequest"));
  QVERIFY(shrank >= 0 && grew >= 0);
  QVERIFY(top->report()->rows[static_cast<size_t>(shrank)].cum < 0);
  QVERIFY(top->report()->rows[static_cast<size_t>(grew)].cum > 0);
  QVERIFY(top->index(shrank, TopTableModel::CumColumn).data().toString().startsWith(u'-'));

  m_page->setBaseProfile(0);
  QVERIFY(shown.wait(kWaitMs));
  QVERIFY(!m_page->flameGraph()->callTree()->differential);
  QVERIFY(!m_page->legend()->isVisible());
}

void TstProfilePage::opensOnlyTheSamplesOfASpan() {
  const std::int64_t id = idOf(QStringLiteral("cpu_labels.pb.gz"));
  QVERIFY(openAndWait(id));
  const std::int64_t total = m_page->flameGraph()->callTree()->total();
  const auto span = SpanId::fromHex("00f067aa0ba902b7");
  QVERIFY(openAndWait(id, spanLabelFilter({*span})));
  const CallTree* tree = m_page->flameGraph()->callTree();
  QVERIFY(tree->total() > 0);
  QVERIFY(tree->total() < total);
  QVERIFY(treeHas(tree, QStringLiteral("main.handleCheckout")));
  QVERIFY(!treeHas(tree, QStringLiteral("main.backgroundCompaction")));
  // "Show all samples" drops the label filter.
  QToolButton* showAll = nullptr;
  for (QToolButton* button : m_page->findChildren<QToolButton*>()) {
    if (button->text() == QStringLiteral("Show all samples"))
      showAll = button;
  }
  QVERIFY(showAll && showAll->isVisible());
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  showAll->click();
  QVERIFY(shown.wait(kWaitMs));
  QCOMPARE(m_page->flameGraph()->callTree()->total(), total);
  QVERIFY(!showAll->isVisible());
}

void TstProfilePage::newerRequestWins() {
  // Two opens in a row: only the second one's profile and trees end up on screen.
  QSignalSpy shown(m_page.get(), &ProfilePage::treesShown);
  m_page->openProfile(idOf(QStringLiteral("cpu.pb.gz")));
  m_page->openProfile(idOf(QStringLiteral("heap.pb.gz")));
  QVERIFY(shown.wait(kWaitMs));
  QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy(), kWaitMs);
  QCOMPARE(shown.count(), 1);
  QCOMPARE(m_page->currentProfileId(), idOf(QStringLiteral("heap.pb.gz")));
  QCOMPARE(m_page->profile()->sampleTypes.size(), size_t(4));
  QCOMPARE(m_page->flameGraph()->callTree()->sampleType.unit, std::string("bytes"));
}

QTEST_MAIN(TstProfilePage)
#include "tst_profile_page.moc"
