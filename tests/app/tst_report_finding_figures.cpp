// A finding card's figures on the demo (traces, the payment CPU profile, the metric
// snapshots): the cpu-hotspot's excerpt is the callers tree of its function with the
// function's whole cumulative time (`top`'s cum), the process-restart's sparkline is its
// series' points around the restart; and callTreeToDepth keeps the tree's shape above the cut.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include "model/diagnosis/findings_store.h"
#include "model/profiles/call_tree.h"
#include "model/profiles/profile_queries.h"
#include "model/report/report_finding_figures.h"
#include "model/store/workspace.h"
#include "tests/app/cli_in_process_runner.h"

using namespace sightline;
using sightline::test::run;

namespace {

const QString kDemo = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");

const Finding* findingOf(const std::vector<Finding>& findings, const char* rule) {
  for (const Finding& f : findings) {
    if (f.rule == rule)
      return &f;
  }
  return nullptr;
}

CallTreeNode node(std::uint32_t parent, std::uint32_t depth, std::uint32_t firstChild,
                  std::uint32_t children, std::int64_t total) {
  CallTreeNode n;
  n.parent = parent;
  n.depth = depth;
  n.firstChild = firstChild;
  n.childCount = children;
  n.total = total;
  n.name = depth;
  return n;
}

}  // namespace

class TstReportFindingFigures : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_db;

 private slots:
  void initTestCase() {
    m_db = m_dir.filePath(QStringLiteral("demo.sightline"));
    QStringList arguments{QStringLiteral("import"), QStringLiteral("--db"), m_db,
                          kDemo + QStringLiteral("shop-traces.otlp.pb.gz"),
                          kDemo + QStringLiteral("profiles/payment-cpu.pb.gz")};
    for (const QString& file :
         QDir(kDemo + QStringLiteral("metrics")).entryList({QStringLiteral("*.prom")}))
      arguments << kDemo + QStringLiteral("metrics/") + file;
    const auto imported = run(arguments);
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
  }

  void hotspotExcerptIsItsCallers() {
    Status status;
    auto workspace = Workspace::open(m_db.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY2(workspace, status.message().c_str());
    const std::vector<Finding> findings = loadFindings(*workspace, &status);
    const Finding* hotspot = findingOf(findings, "cpu-hotspot");
    QVERIFY(hotspot);
    FindingFigureReader reader(*workspace);
    const std::optional<FindingFlame> flame = reader.flame(*hotspot);
    QVERIFY(flame);
    // main.computeFraudScore is a leaf: who calls it is what the card shows.
    QVERIFY(flame->callers);
    QCOMPARE(flame->tree.names[flame->tree.nodes[0].name], hotspot->function);
    QCOMPARE(flame->sampleType, std::string("cpu/nanoseconds"));
    const auto profile = loadProfile(*workspace, hotspot->profileId, &status);
    QVERIFY(profile);
    const TopReport top = computeTop(*profile, profile->effectiveDefaultSampleType());
    std::int64_t cum = -1;
    for (const TopRow& row : top.rows) {
      if (row.function == hotspot->function)
        cum = row.cum;
    }
    QCOMPARE(flame->tree.total(), cum);
    QVERIFY(flame->tree.maxDepth <= kFindingFlameDepth);
    bool caller = false;
    for (std::uint32_t c = 0; c < flame->tree.nodes[0].childCount; ++c) {
      const CallTreeNode& child = flame->tree.nodes[flame->tree.nodes[0].firstChild + c];
      caller |= flame->tree.names[child.name] == "main.runFraudCheck";
    }
    QVERIFY(caller);
    // A finding about no function has no excerpt.
    QVERIFY(!reader.flame(*findingOf(findings, "n-plus-one-db")));
  }

  void restartSparklineIsItsSeries() {
    Status status;
    auto workspace = Workspace::open(m_db.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY(workspace);
    const std::vector<Finding> findings = loadFindings(*workspace, &status);
    const Finding* restart = findingOf(findings, "process-restart");
    QVERIFY(restart);
    FindingFigureReader reader(*workspace);
    const std::optional<FindingSparkline> line = reader.sparkline(*restart);
    QVERIFY(line);
    QCOMPARE(line->series, restart->series.front());
    // One snapshot a minute; the restart between 14:06:30 and 14:07:30, a minute either side.
    QCOMPARE(line->points.size(), 4u);
    QCOMPARE(line->highlightToMs - line->highlightFromMs, 60'000);
    QVERIFY(line->points.front().second < line->points.back().second);  // the start time moved
    for (std::size_t i = 1; i < line->points.size(); ++i)
      QCOMPARE(line->points[i].first - line->points[i - 1].first, 60'000);
  }

  void depthCutKeepsTheShape() {
    // root → a → b → c, root → d: cut at depth 1 keeps root, a, d.
    CallTree tree;
    tree.names = {"root", "a", "b", "c"};
    tree.nodes = {node(kNoNode, 0, 1, 2, 10), node(0, 1, 3, 1, 6), node(0, 1, 0, 0, 4),
                  node(1, 2, 4, 1, 6), node(3, 3, 0, 0, 6)};
    std::size_t cut = 0;
    const CallTree shallow = callTreeToDepth(tree, 1, &cut);
    QCOMPARE(shallow.nodes.size(), 3u);
    QCOMPARE(cut, 2u);
    QCOMPARE(shallow.nodes[0].childCount, 2u);
    QCOMPARE(shallow.nodes[0].firstChild, 1u);
    QCOMPARE(shallow.nodes[1].childCount, 0u);
    QCOMPARE(shallow.nodes[1].total, 6);
    QCOMPARE(shallow.nodes[2].parent, 0u);
    QCOMPARE(shallow.maxDepth, 1u);
    const CallTree whole = callTreeToDepth(tree, 5, &cut);
    QCOMPARE(whole.nodes.size(), tree.nodes.size());
    QCOMPARE(cut, 0u);
    QCOMPARE(whole.nodes[3].parent, 1u);
    QCOMPARE(whole.nodes[4].parent, 3u);
  }
};

QTEST_GUILESS_MAIN(TstReportFindingFigures)
#include "tst_report_finding_figures.moc"
