// The flame graph's pure geometry on hand-built call trees: node offsets, layout per zoom
// node and width with pixel merging, hit testing, vertical row mapping in both
// orientations, and search (matched share, nested matches once, merged nodes found).
#include <numeric>

#include <QTest>

#include "tests/ui/profiles/tst_flame_graph_tree.h"
#include "ui/profiles/flame_graph_layout.h"
#include "ui/profiles/flame_graph_view_search.h"

using namespace sightline;
using sightline::test::sampleTree;

namespace {

QString number(double value) {
  return QString::number(value, 'g', 8);
}

// One row as text: "name 0-450" per item, "~name" for an ancestor, "[a..b]" for a merged run.
QString describeRow(const CallTree& tree, const FlameLayout& layout, int row) {
  QStringList parts;
  for (const FlameItem& item : layout.row(row)) {
    const QString name = QString::fromStdString(tree.names[tree.nodes[item.node].name]);
    QString label;
    switch (item.kind) {
      case FlameItemKind::Node:
        label = name;
        break;
      case FlameItemKind::Ancestor:
        label = QStringLiteral("~") + name;
        break;
      case FlameItemKind::Merged:
        label = QStringLiteral("[") + name + QStringLiteral("..") +
                QString::fromStdString(tree.names[tree.nodes[item.node + item.count - 1].name]) +
                QStringLiteral("]");
        break;
    }
    parts << label + QLatin1Char(' ') + number(item.x) + QLatin1Char('-') +
                 number(item.x + item.width);
  }
  return parts.join(QStringLiteral(" | "));
}

}  // namespace

class TestFlameGraphLayout : public QObject {
  Q_OBJECT

 private slots:
  void orderAndOffsets() {
    const CallTree tree = sampleTree();
    const std::vector<std::uint32_t> order = breadthFirstOrder(tree);
    QCOMPARE(order.size(), tree.nodes.size());
    for (std::size_t i = 1; i < order.size(); ++i) {
      const auto parentAt = std::find(order.begin(), order.end(), tree.nodes[order[i]].parent);
      QVERIFY(parentAt < order.begin() + static_cast<std::ptrdiff_t>(i));
    }
    const std::vector<std::int64_t> offsets = nodeOffsets(tree, order);
    // Children sit left-aligned in their parent in tree order.
    const std::vector<std::int64_t> expected = {0,   0,   900, 0,   600, 601, 602,
                                                603, 900, 0,   500, 600, 603};
    QCOMPARE(offsets, expected);
  }

  void parentsFirstOrderReadsNodesInIndexOrderWhenItCan() {
    const CallTree tree = sampleTree();
    std::vector<std::uint32_t> identity(tree.nodes.size());
    std::iota(identity.begin(), identity.end(), 0u);
    QCOMPARE(parentsFirstOrder(tree), identity);

    // A child stored before its parent: breadth first instead.
    CallTree shuffled;
    shuffled.names = {"root", "leaf", "mid"};
    shuffled.nodes.resize(3);
    shuffled.nodes[0] = {kNoNode, 2, 1, 0, 0, 10, 0};
    shuffled.nodes[1] = {2, 0, 0, 2, 1, 10, 10};
    shuffled.nodes[2] = {0, 1, 1, 1, 2, 10, 0};
    QCOMPARE(parentsFirstOrder(shuffled), (std::vector<std::uint32_t>{0, 2, 1}));
    QCOMPARE(nodeOffsets(shuffled, parentsFirstOrder(shuffled)),
             (std::vector<std::int64_t>{0, 0, 0}));
  }

  void paths() {
    const CallTree tree = sampleTree();
    QCOMPARE(pathFromRoot(tree, 11), (std::vector<std::uint32_t>{0, 1, 4, 11}));
    QCOMPARE(pathFromRoot(tree, 0), (std::vector<std::uint32_t>{0}));
    QVERIFY(pathFromRoot(tree, 99).empty());
    QVERIFY(isInSubtree(tree, 1, 11));
    QVERIFY(isInSubtree(tree, 11, 11));
    QVERIFY(isInSubtree(tree, 0, 12));
    QVERIFY(!isInSubtree(tree, 2, 11));
    QVERIFY(!isInSubtree(tree, 11, 1));
    QVERIFY(!isInSubtree(tree, 1, kNoNode));
  }

  void extent_data() {
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("zoomOffset");
    QTest::addColumn<qint64>("zoomTotal");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("w");
    QTest::newRow("root fills") << 0LL << 1000LL << 0LL << 1000LL << 500.0 << 0.0 << 500.0;
    QTest::newRow("child") << 600LL << 200LL << 0LL << 1000LL << 500.0 << 300.0 << 100.0;
    QTest::newRow("zoomed child") << 603LL << 150LL << 603LL << 200LL << 100.0 << 0.0 << 75.0;
    QTest::newRow("left of zoom") << 0LL << 100LL << 600LL << 200LL << 100.0 << -300.0 << 50.0;
    QTest::newRow("negative total") << 10LL << -5LL << 0LL << 100LL << 100.0 << 10.0 << 0.0;
    QTest::newRow("empty zoom") << 0LL << 10LL << 0LL << 0LL << 100.0 << 0.0 << 0.0;
  }
  void extent() {
    QFETCH(qint64, offset);
    QFETCH(qint64, total);
    QFETCH(qint64, zoomOffset);
    QFETCH(qint64, zoomTotal);
    QFETCH(double, width);
    QFETCH(double, x);
    QFETCH(double, w);
    const FlameExtent e = nodeExtent(offset, total, zoomOffset, zoomTotal, width);
    QCOMPARE(e.x, x);
    QCOMPARE(e.width, w);
  }

  void layout_data() {
    QTest::addColumn<int>("zoom");
    QTest::addColumn<double>("width");
    QTest::addColumn<int>("maxRows");
    QTest::addColumn<QStringList>("rows");
    QTest::newRow("root at 1000 px: everything a pixel or wider")
        << 0 << 1000.0 << 0
        << QStringList{
               QStringLiteral("root 0-1000"),
               QStringLiteral("main 0-900 | runtime.gc 900-1000"),
               QStringLiteral("work 0-600 | tiny1 600-601 | tiny2 601-602 | tiny3 602-603 | "
                              "io 603-803 | mark 900-1000"),
               QStringLiteral("compute 0-500 | deep 600-601 | read 603-753"),
           };
    QTest::newRow("root at 500 px: half-pixel siblings merge, their subtree is not laid out")
        << 0 << 500.0 << 0
        << QStringList{
               QStringLiteral("root 0-500"),
               QStringLiteral("main 0-450 | runtime.gc 450-500"),
               QStringLiteral("work 0-300 | [tiny1..tiny3] 300-301.5 | io 301.5-401.5 | "
                              "mark 450-500"),
               QStringLiteral("compute 0-250 | read 301.5-376.5"),
           };
    QTest::newRow("zoomed into main: ancestors full width")
        << 1 << 450.0 << 0
        << QStringList{
               QStringLiteral("~root 0-450"),
               QStringLiteral("main 0-450"),
               QStringLiteral("work 0-300 | [tiny1..tiny3] 300-301.5 | io 301.5-401.5"),
               QStringLiteral("compute 0-250 | read 301.5-376.5"),
           };
    QTest::newRow("zoomed into a merged node: it fills the width")
        << 4 << 200.0 << 0
        << QStringList{QStringLiteral("~root 0-200"), QStringLiteral("~main 0-200"),
                       QStringLiteral("tiny1 0-200"), QStringLiteral("deep 0-200")};
    QTest::newRow("zoomed into io")
        << 7 << 100.0 << 0
        << QStringList{QStringLiteral("~root 0-100"), QStringLiteral("~main 0-100"),
                       QStringLiteral("io 0-100"), QStringLiteral("read 0-75")};
    QTest::newRow("row limit") << 0 << 1000.0 << 2
                               << QStringList{QStringLiteral("root 0-1000"),
                                              QStringLiteral("main 0-900 | runtime.gc 900-1000")};
    QTest::newRow("a leaf") << 12 << 100.0 << 0
                            << QStringList{
                                   QStringLiteral("~root 0-100"), QStringLiteral("~main 0-100"),
                                   QStringLiteral("~io 0-100"), QStringLiteral("read 0-100")};
    QTest::newRow("invalid zoom") << 99 << 100.0 << 0 << QStringList{};
  }
  void layout() {
    QFETCH(int, zoom);
    QFETCH(double, width);
    QFETCH(int, maxRows);
    QFETCH(QStringList, rows);
    const CallTree tree = sampleTree();
    const FlameLayout layout =
        layoutFlameGraph(tree, static_cast<std::uint32_t>(zoom), width, maxRows);
    QStringList actual;
    for (int r = 0; r < layout.rowCount(); ++r)
      actual << describeRow(tree, layout, r);
    QCOMPARE(actual, rows);
  }

  void zeroWidthRunsTakeNoRoom() {
    // A diff tree's base-only nodes have no current value: nothing to draw, nothing merged.
    const CallTree tree = test::makeCallTree(
        {{-1, "root", 100, 100}, {0, "kept", 100, 50}, {0, "gone", 0, 50}}, true);
    const FlameLayout layout = layoutFlameGraph(tree, 0, 100);
    QCOMPARE(describeRow(tree, layout, 1), QStringLiteral("kept 0-100"));
    QCOMPARE(layout.rowCount(), 2);
  }

  void manyNarrowSiblingsBecomeOneSliver() {
    std::vector<test::NodeSpec> specs{{-1, "root", 100000}, {0, "wide", 90000}};
    for (int i = 0; i < 10000; ++i)
      specs.push_back({0, "narrow", 1});
    const CallTree tree = test::makeCallTree(specs);
    const FlameLayout layout = layoutFlameGraph(tree, 0, 1000);
    QCOMPARE(layout.row(1).size(), std::size_t(2));
    const FlameItem& sliver = layout.row(1)[1];
    QCOMPARE(sliver.kind, FlameItemKind::Merged);
    QCOMPARE(sliver.count, 10000u);
    QCOMPARE(sliver.node, 2u);
    QVERIFY(qAbs(sliver.width - 100.0) < 1e-6);
    QCOMPARE(largestInRun(tree, sliver), 2u);
  }

  void snapping_data() {
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("width");
    QTest::addColumn<int>("left");
    QTest::addColumn<int>("right");
    QTest::newRow("whole pixels") << 10.0 << 5.0 << 10 << 15;
    QTest::newRow("rounded") << 10.4 << 5.2 << 10 << 16;
    QTest::newRow("neighbour tiles") << 15.6 << 4.0 << 16 << 20;
    QTest::newRow("sliver keeps one column") << 300.0 << 0.3 << 300 << 301;
    QTest::newRow("zero width") << 7.0 << 0.0 << 7 << 8;
  }
  void snapping() {
    QFETCH(double, x);
    QFETCH(double, width);
    QFETCH(int, left);
    QFETCH(int, right);
    const PixelSpan span = snapToPixels(x, width);
    QCOMPARE(span.left, left);
    QCOMPARE(span.right, right);
  }

  void itemAt_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<double>("x");
    QTest::addColumn<int>("node");  // the item's node, -1 for none
    QTest::addColumn<int>("kind");
    // Root at 500 px (see layout_data).
    QTest::newRow("root") << 0 << 250.0 << 0 << int(FlameItemKind::Node);
    QTest::newRow("gc") << 1 << 460.0 << 2 << int(FlameItemKind::Node);
    QTest::newRow("work") << 2 << 0.0 << 3 << int(FlameItemKind::Node);
    QTest::newRow("sliver") << 2 << 300.5 << 4 << int(FlameItemKind::Merged);
    QTest::newRow("io after the sliver") << 2 << 302.0 << 7 << int(FlameItemKind::Node);
    QTest::newRow("main's self gap") << 2 << 420.0 << -1 << 0;
    QTest::newRow("past the right edge") << 0 << 500.0 << -1 << 0;
    QTest::newRow("row beyond the layout") << 7 << 10.0 << -1 << 0;
    QTest::newRow("read") << 3 << 376.0 << 12 << int(FlameItemKind::Node);
    QTest::newRow("right of read") << 3 << 377.0 << -1 << 0;
  }
  void itemAt() {
    QFETCH(int, row);
    QFETCH(double, x);
    QFETCH(int, node);
    QFETCH(int, kind);
    const CallTree tree = sampleTree();
    const FlameLayout layout = layoutFlameGraph(tree, 0, 500);
    const FlameItem* item = sightline::itemAt(layout, row, x);
    if (node < 0) {
      QVERIFY(item == nullptr);
      return;
    }
    QVERIFY(item != nullptr);
    QCOMPARE(int(item->node), node);
    QCOMPARE(int(item->kind), kind);
  }

  void itemOfNode_data() {
    QTest::addColumn<int>("zoom");
    QTest::addColumn<int>("node");
    QTest::addColumn<int>("itemNode");  // -1: not drawn
    QTest::addColumn<int>("kind");
    QTest::newRow("root") << 0 << 0 << 0 << int(FlameItemKind::Node);
    QTest::newRow("wide node") << 0 << 12 << 12 << int(FlameItemKind::Node);
    QTest::newRow("merged node: its sliver") << 0 << 5 << 4 << int(FlameItemKind::Merged);
    QTest::newRow("under a sliver") << 0 << 11 << -1 << 0;
    QTest::newRow("zero total") << 0 << 10 << -1 << 0;
    QTest::newRow("ancestor of the zoom") << 7 << 1 << 1 << int(FlameItemKind::Ancestor);
    QTest::newRow("outside the zoom") << 7 << 3 << -1 << 0;
    QTest::newRow("zoomed into main: still merged") << 1 << 4 << 4 << int(FlameItemKind::Merged);
    QTest::newRow("zoomed narrow") << 4 << 11 << 11 << int(FlameItemKind::Node);
    QTest::newRow("invalid") << 0 << 99 << -1 << 0;
  }
  void itemOfNode() {
    QFETCH(int, zoom);
    QFETCH(int, node);
    QFETCH(int, itemNode);
    QFETCH(int, kind);
    const CallTree tree = sampleTree();
    const std::vector<std::int64_t> offsets = nodeOffsets(tree, breadthFirstOrder(tree));
    // Main at 450 px keeps the tiny nodes merged; tiny1 zoomed fills 450 px.
    const FlameLayout layout = layoutFlameGraph(tree, static_cast<std::uint32_t>(zoom), 450);
    const FlameItem* item =
        sightline::itemOfNode(layout, tree, offsets, static_cast<std::uint32_t>(node));
    if (itemNode < 0) {
      QVERIFY(item == nullptr);
      return;
    }
    QVERIFY(item != nullptr);
    QCOMPARE(int(item->node), itemNode);
    QCOMPARE(int(item->kind), kind);
  }

  void rows_data() {
    QTest::addColumn<bool>("rootAtBottom");
    QTest::addColumn<int>("rowCount");
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("top");
    // Row height 18, viewport 100 px tall.
    QTest::newRow("icicle root on top") << false << 3 << 0 << 0 << 0;
    QTest::newRow("icicle third row") << false << 3 << 0 << 2 << 36;
    QTest::newRow("icicle scrolled") << false << 20 << 40 << 2 << -4;
    QTest::newRow("flame short: root at the bottom") << true << 3 << 0 << 0 << 82;
    QTest::newRow("flame short: third row") << true << 3 << 0 << 2 << 46;
    QTest::newRow("flame tall, scrolled to the root") << true << 20 << 260 << 0 << 82;
    QTest::newRow("flame tall, at the top") << true << 20 << 0 << 19 << 0;
  }
  void rows() {
    QFETCH(bool, rootAtBottom);
    QFETCH(int, rowCount);
    QFETCH(int, scrollY);
    QFETCH(int, row);
    QFETCH(int, top);
    QCOMPARE(flameRowTop(row, rowCount, 18, 100, scrollY, rootAtBottom), top);
    // Every pixel row of the bar maps back to it; the pixel rows around it do not.
    for (int y = std::max(0, top); y < std::min(100, top + 18); ++y)
      QCOMPARE(flameRowAt(y, rowCount, 18, 100, scrollY, rootAtBottom), row);
    if (top - 1 >= 0)
      QVERIFY(flameRowAt(top - 1, rowCount, 18, 100, scrollY, rootAtBottom) != row);
    if (top + 18 < 100)
      QVERIFY(flameRowAt(top + 18, rowCount, 18, 100, scrollY, rootAtBottom) != row);
  }

  void outsideRows() {
    // Above a short flame graph and below a short icicle graph there is nothing.
    QCOMPARE(flameRowAt(10, 3, 18, 100, 0, true), -1);
    QCOMPARE(flameRowAt(90, 3, 18, 100, 0, false), -1);
    QCOMPARE(flameMaxScrollY(3, 18, 100), 0);
    QCOMPARE(flameMaxScrollY(20, 18, 100), 260);
  }

  void visibleRows_data() {
    QTest::addColumn<bool>("rootAtBottom");
    QTest::addColumn<int>("rowCount");
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::newRow("icicle fits") << false << 3 << 0 << 0 << 3;
    QTest::newRow("icicle top") << false << 20 << 0 << 0 << 6;
    QTest::newRow("icicle scrolled") << false << 20 << 40 << 2 << 8;
    QTest::newRow("icicle bottom") << false << 20 << 260 << 14 << 20;
    QTest::newRow("flame fits") << true << 3 << 0 << 0 << 3;
    QTest::newRow("flame at the root") << true << 20 << 260 << 0 << 6;
    QTest::newRow("flame at the top") << true << 20 << 0 << 14 << 20;
    QTest::newRow("empty") << true << 0 << 0 << 0 << 0;
  }
  void visibleRows() {
    QFETCH(bool, rootAtBottom);
    QFETCH(int, rowCount);
    QFETCH(int, scrollY);
    QFETCH(int, first);
    QFETCH(int, last);
    QCOMPARE(flameVisibleRows(rowCount, 18, 100, scrollY, rootAtBottom),
             (FlameRowRange{first, last}));
  }

  void scrollToShow_data() {
    QTest::addColumn<bool>("rootAtBottom");
    QTest::addColumn<int>("scrollY");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("expected");
    // 20 rows of 18 px in 100 px.
    QTest::newRow("icicle visible: stays") << false << 0 << 3 << 0;
    QTest::newRow("icicle below") << false << 0 << 10 << 98;
    QTest::newRow("icicle above") << false << 200 << 2 << 36;
    QTest::newRow("flame visible: stays") << true << 260 << 1 << 260;
    QTest::newRow("flame leaf row above") << true << 260 << 19 << 0;
    QTest::newRow("flame root below") << true << 0 << 0 << 260;
    QTest::newRow("flame middle") << true << 0 << 10 << 80;
  }
  void scrollToShow() {
    QFETCH(bool, rootAtBottom);
    QFETCH(int, scrollY);
    QFETCH(int, row);
    QFETCH(int, expected);
    const int y = flameScrollToShowRow(row, 20, 18, 100, scrollY, rootAtBottom);
    QCOMPARE(y, expected);
    const int top = flameRowTop(row, 20, 18, 100, y, rootAtBottom);
    QVERIFY(top >= 0 && top + 18 <= 100);
  }

  void search_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("matchCount");
    QTest::newRow("one function") << QStringLiteral("^io$") << 0.2 << 1;
    QTest::newRow("nested matches count once") << QStringLiteral("main|work|read") << 0.9 << 3;
    QTest::newRow("siblings add up") << QStringLiteral("work|io") << 0.8 << 2;
    QTest::newRow("merged nodes are found") << QStringLiteral("tiny") << 0.003 << 3;
    QTest::newRow("under a sliver") << QStringLiteral("deep") << 0.001 << 1;
    QTest::newRow("the root never matches") << QStringLiteral("^r") << 0.25 << 2;
    QTest::newRow("package prefix") << QStringLiteral("^runtime\\.") << 0.1 << 1;
    QTest::newRow("everything") << QStringLiteral(".") << 1.0 << 12;
    QTest::newRow("nothing") << QStringLiteral("kafka") << 0.0 << 0;
    QTest::newRow("zero-valued match") << QStringLiteral("zero") << 0.0 << 1;
  }
  void search() {
    QFETCH(QString, pattern);
    QFETCH(double, fraction);
    QFETCH(int, matchCount);
    const CallTree tree = sampleTree();
    const auto order = breadthFirstOrder(tree);
    const FlameSearchResult result =
        searchCallTree(tree, order, matchNames(tree.names, QRegularExpression(pattern)));
    QVERIFY(result.active);
    QVERIFY2(qAbs(result.fraction - fraction) < 1e-12, qPrintable(number(result.fraction)));
    QCOMPARE(int(result.matchCount), matchCount);
    for (std::size_t n = 0; n < tree.nodes.size(); ++n) {
      const bool matches = (result.marks[n] & kSearchMatch) != 0;
      QCOMPARE(matches, n != 0 && QRegularExpression(pattern)
                                      .match(QString::fromStdString(tree.names[tree.nodes[n].name]))
                                      .hasMatch());
    }
  }

  void searchMarksAncestorsOfMatches() {
    const CallTree tree = sampleTree();
    const auto order = breadthFirstOrder(tree);
    const FlameSearchResult result = searchCallTree(
        tree, order, matchNames(tree.names, QRegularExpression(QStringLiteral("deep"))));
    // deep (11) lies under tiny1 (4), main (1) and the root: a sliver containing tiny1 can
    // show that it hides a match.
    for (std::uint32_t n : {0u, 1u, 4u, 11u})
      QVERIFY((result.marks[n] & kSearchSubtreeMatch) != 0);
    for (std::uint32_t n : {2u, 3u, 5u, 6u, 7u, 12u})
      QCOMPARE(result.marks[n], std::uint8_t(0));
  }

  void invalidPatternMatchesNothing() {
    const CallTree tree = sampleTree();
    const auto matches = matchNames(tree.names, QRegularExpression(QStringLiteral("(")));
    QVERIFY(std::all_of(matches.begin(), matches.end(), [](std::uint8_t m) { return m == 0; }));
  }
};

QTEST_APPLESS_MAIN(TestFlameGraphLayout)
#include "tst_flame_graph_layout.moc"
