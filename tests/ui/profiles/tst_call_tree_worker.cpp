// The call-tree worker: the flame graph's tree arrives before the top report, and a new
// focus/ignore/tag filter on the same profile is answered from the kept tree — with exactly
// the tree a fresh build gives.

#include <QSignalSpy>
#include <QTest>

#include "importers/pprof/profile_file_reader.h"
#include "tests/model/profiles/tst_profile_spec.h"
#include "ui/profiles/call_tree_worker.h"

using namespace sightline;

namespace {

constexpr int kWaitMs = 10000;

std::shared_ptr<const ProfileData> goProfile(const char* name) {
  std::string error;
  auto profile = readProfileFile(
      std::string(SIGHTLINE_TEST_DATA_DIR) + "/go-pprof/" + name + ".pb.gz", &error);
  if (!profile)
    qFatal("%s", error.c_str());
  return std::make_shared<const ProfileData>(std::move(*profile));
}

CallTreeResult resultOf(const QSignalSpy& spy, int index) {
  return spy.at(index).at(0).value<CallTreeResult>();
}

}  // namespace

class TestCallTreeWorker : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { qRegisterMetaType<CallTreeResult>(); }

  void treeFirstThenTopThenRefocus() {
    CallTreeWorker worker;
    QSignalSpy tree(&worker, &CallTreeWorker::treeReady);
    QSignalSpy trees(&worker, &CallTreeWorker::treesReady);
    const auto profile = goProfile("cpu_labels");
    CallTreeRequest request;
    request.profile = profile;
    request.sampleType = 1;
    worker.requestTrees(request);
    QVERIFY(trees.wait(kWaitMs));
    QCOMPARE(tree.count(), 1);
    QCOMPARE(trees.count(), 1);
    const CallTreeResult first = resultOf(tree, 0);
    QVERIFY(first.tree && first.flame && !first.top);
    QCOMPARE(first.flame->tree, first.tree);
    const CallTreeResult full = resultOf(trees, 0);
    QCOMPARE(full.tree, first.tree);
    QVERIFY(full.top && !full.top->rows.empty());
    QVERIFY(worker.keptTree());
    QCOMPARE(worker.keptTree()->parentOf.size(), first.tree->nodes.size());
    QCOMPARE(test::dumpTree(*first.tree), test::dumpTree(buildCallTree(*profile, 1)));

    // Focus, ignore and label filters on the same profile: from the kept tree.
    const RefocusableCallTree* kept = worker.keptTree();
    ProfileFilter filters[3];
    filters[0].focus = "main\\.leafWork";
    filters[1].ignore = "mix";
    filters[2].tagFocus = "span_id=00f067aa0ba902b7";
    for (const ProfileFilter& filter : filters) {
      trees.clear();
      request.filter = filter;
      worker.requestTrees(request);
      QVERIFY(trees.wait(kWaitMs));
      const CallTreeResult refocused = resultOf(trees, 0);
      QVERIFY(refocused.error.isEmpty());
      QCOMPARE(worker.keptTree(), kept);  // not rebuilt
      const CallTree expected = buildCallTree(*profile, 1, filter);
      QVERIFY(expected.total() < first.tree->total());
      QCOMPARE(test::dumpTree(*refocused.tree), test::dumpTree(expected));
      QCOMPARE(refocused.tree->nodes.size(), expected.nodes.size());
    }

    // Hide changes the paths: a new tree is built and kept.
    trees.clear();
    request.filter = {};
    request.filter.hide = "runtime";
    worker.requestTrees(request);
    QVERIFY(trees.wait(kWaitMs));
    QVERIFY(worker.keptTree() != kept);
    QCOMPARE(test::dumpTree(*resultOf(trees, 0).tree),
             test::dumpTree(buildCallTree(*profile, 1, request.filter)));

    worker.forgetProfile();
    QVERIFY(!worker.keptTree());
  }

  void invalidFilterIsAnError() {
    CallTreeWorker worker;
    QSignalSpy trees(&worker, &CallTreeWorker::treesReady);
    CallTreeRequest request;
    request.profile = goProfile("cpu");
    request.filter.tagFocus = "1mb:";
    worker.requestTrees(request);
    QVERIFY(trees.wait(kWaitMs));
    QVERIFY(!resultOf(trees, 0).error.isEmpty());
    QVERIFY(!resultOf(trees, 0).tree);
  }
};

QTEST_MAIN(TestCallTreeWorker)
#include "tst_call_tree_worker.moc"
