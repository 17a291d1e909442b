// The flame graph widget offscreen: pixel colours at node rectangles in both orientations,
// zoom by click and back, search highlighting and fraction, merged slivers, keyboard,
// tooltips, differential colours, scrolling of tall trees and the label cache.
#include <QApplication>
#include <QContextMenuEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include "tests/ui/profiles/tst_flame_graph_tree.h"
#include "ui/profiles/flame_graph_colors.h"
#include "ui/profiles/flame_graph_text_cache.h"
#include "ui/profiles/flame_graph_view.h"

using namespace sightline;
using sightline::test::makeCallTree;
using sightline::test::sampleTree;

namespace {

QImage renderViewport(FlameGraphView* view) {
  QImage image(view->viewport()->size(), QImage::Format_RGB32);
  image.fill(Qt::black);
  view->viewport()->render(&image);
  return image;
}

// A pixel of the bar that no label covers: labels end three pixels before the bar's last
// column, which bars of three pixels or more leave empty as a gap.
QPoint barPixel(const QRectF& rect) {
  const QRect r = rect.toRect();
  const int x = r.width() >= 3 ? r.right() - 2 : r.left();
  return QPoint(x, r.center().y());
}

QColor colorOfName(const CallTree& tree, std::uint32_t node) {
  return functionColor(tree.names[tree.nodes[node].name]);
}

// A random tree of `count` nodes, up to `maxDepth` deep, with wide and narrow children.
CallTree randomTree(int count, int maxDepth, std::uint32_t seed) {
  std::vector<test::NodeSpec> specs{{-1, "root", 0}};
  static const char* const kNames[] = {"net/http.(*conn).serve",   "main.handle",
                                       "encoding/json.Marshal",    "runtime.mallocgc",
                                       "database/sql.(*DB).Query", "sync.(*Mutex).Lock",
                                       "crypto/tls.(*Conn).Read",  "main.render"};
  auto random = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  std::vector<int> depth{0};
  // Breadth first: children of node i are appended together when i is expanded.
  for (std::size_t i = 0; i < specs.size() && static_cast<int>(specs.size()) < count; ++i) {
    if (depth[i] >= maxDepth)
      continue;
    const int fanOut = depth[i] < 2 ? 12 : static_cast<int>(random(4));
    for (int c = 0; c < fanOut && static_cast<int>(specs.size()) < count; ++c) {
      specs.push_back({static_cast<int>(i), kNames[random(8)], 0});
      depth.push_back(depth[i] + 1);
    }
  }
  // Leaves get values, skewed so that some are far below a pixel; parents sum children.
  std::vector<std::int64_t> total(specs.size(), 0);
  for (std::size_t i = specs.size(); i-- > 1;) {
    if (total[i] == 0)
      total[i] = random(5) == 0 ? 1 + random(3) : 100 + random(100000);
    total[static_cast<std::size_t>(specs[i].parent)] += total[i] + (random(3) == 0 ? 50 : 0);
  }
  for (std::size_t i = 0; i < specs.size(); ++i)
    specs[i].total = total[i];
  return makeCallTree(specs);
}

}  // namespace

class TestFlameGraphView : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<FlameGraphView> m_view;
  std::shared_ptr<const CallTree> m_tree;

  FlameGraphView* view() { return m_view.get(); }
  QColor dimmed(const QColor& color) {
    return dimmedColor(color, view()->palette().base().color());
  }

  void show(CallTree tree, int width = 1000, int height = 300) {
    m_tree = std::make_shared<const CallTree>(std::move(tree));
    m_view->resize(width, height);
    m_view->setCallTree(m_tree);
  }

 private slots:
  void init() {
    m_view = std::make_unique<FlameGraphView>();
    m_view->resize(1000, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    show(sampleTree());
    QCOMPARE(view()->viewport()->width(), 1000);
  }

  void cleanup() { m_view.reset(); }

  void paintsNodesInTheirPackageColours() {
    const QImage image = renderViewport(view());
    int checked = 0;
    for (std::uint32_t node : {0u, 1u, 2u, 3u, 7u, 8u, 9u, 12u, 4u, 11u}) {
      const QRectF rect = view()->nodeRect(node);
      QVERIFY2(!rect.isEmpty(), qPrintable(QString::number(node)));
      // At 1 px per ns: x and width are the node's offset and total.
      QCOMPARE(view()->nodeAt(rect.center()), node);
      QCOMPARE(image.pixelColor(barPixel(rect)), colorOfName(*m_tree, node));
      ++checked;
    }
    QCOMPARE(view()->nodeRect(3).left(), 0.0);
    QCOMPARE(view()->nodeRect(7).left(), 603.0);
    QCOMPARE(view()->nodeRect(7).width(), 200.0);
    // The zero-valued node takes no room; main's self time is background.
    QVERIFY(view()->nodeRect(10).isEmpty());
    const QRectF work = view()->nodeRect(3);
    QCOMPARE(image.pixelColor(850, static_cast<int>(work.center().y())),
             view()->palette().base().color());
    QCOMPARE(checked, 10);
  }

  void orientationFlipsRows() {
    const int height = view()->viewport()->height();
    QCOMPARE(view()->orientation(), FlameGraphView::Orientation::Flame);
    // Flame: the root on the bottom edge, callees above their callers.
    const QRectF root = view()->nodeRect(0);
    QCOMPARE(root.bottom(), double(height - 1));
    QVERIFY(view()->nodeRect(1).bottom() < root.top());
    const QImage flame = renderViewport(view());
    QCOMPARE(flame.pixelColor(barPixel(root)), colorOfName(*m_tree, 0));
    QCOMPARE(flame.pixelColor(500, 5), view()->palette().base().color());

    view()->setOrientation(FlameGraphView::Orientation::Icicle);
    const QRectF top = view()->nodeRect(0);
    QCOMPARE(top.top(), 0.0);
    QVERIFY(view()->nodeRect(1).top() > top.bottom());
    QCOMPARE(view()->nodeRect(12).top(), 3.0 * view()->nodeRect(0).height() + 3.0);
    const QImage icicle = renderViewport(view());
    QCOMPARE(icicle.pixelColor(barPixel(top)), colorOfName(*m_tree, 0));
    QCOMPARE(icicle.pixelColor(500, height - 5), view()->palette().base().color());
    QCOMPARE(view()->nodeAt(view()->nodeRect(12).center()), 12u);
  }

  void clickZoomsAndBackReturns() {
    QSignalSpy zoomSpy(view(), &FlameGraphView::zoomChanged);
    const QRectF io = view()->nodeRect(7);
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, io.center().toPoint());
    QCOMPARE(view()->zoomedNode(), 7u);
    QCOMPARE(view()->selectedNode(), 7u);
    QCOMPARE(view()->zoomPath(), (std::vector<std::uint32_t>{0, 1, 7}));
    QCOMPARE(zoomSpy.count(), 1);
    QCOMPARE(zoomSpy.last().at(0).value<std::uint32_t>(), 7u);

    // The zoomed node fills the width; ancestors are full width and dimmed; siblings gone.
    QCOMPARE(view()->nodeRect(7).width(), 1000.0);
    QCOMPARE(view()->nodeRect(12).width(), 750.0);
    QCOMPARE(view()->nodeRect(1).width(), 1000.0);
    QVERIFY(view()->nodeRect(3).isEmpty());
    QVERIFY(view()->nodeRect(2).isEmpty());
    const QImage image = renderViewport(view());
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(12))), colorOfName(*m_tree, 12));
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(1))), dimmed(colorOfName(*m_tree, 1)));

    // Clicking an ancestor zooms out to it, which is history too.
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
                      view()->nodeRect(0).center().toPoint());
    QCOMPARE(view()->zoomedNode(), 0u);
    QVERIFY(view()->back());
    QCOMPARE(view()->zoomedNode(), 7u);
    view()->setFocus();
    QTest::keyClick(view(), Qt::Key_Backspace);
    QCOMPARE(view()->zoomedNode(), 0u);
    QVERIFY(!view()->back());

    view()->zoomTo(1);
    view()->zoomTo(3);
    QTest::keyClick(view(), Qt::Key_Escape);
    QCOMPARE(view()->zoomedNode(), 1u);
    view()->resetZoom();
    QCOMPARE(view()->zoomedNode(), 0u);
    QVERIFY(!view()->back());
    QCOMPARE(view()->zoomPath(), (std::vector<std::uint32_t>{0}));
  }

  void dragScrollsInsteadOfZooming() {
    show(makeCallTree({{-1, "root", 10}, {0, "a", 10}}), 400, 300);
    QTest::mousePress(view()->viewport(), Qt::LeftButton, {},
                      view()->nodeRect(1).center().toPoint());
    QTest::mouseMove(view()->viewport(), view()->nodeRect(1).center().toPoint() + QPoint(0, 30));
    QTest::mouseRelease(view()->viewport(), Qt::LeftButton, {},
                        view()->nodeRect(1).center().toPoint() + QPoint(0, 30));
    QCOMPARE(view()->zoomedNode(), 0u);
  }

  void searchHighlightsAndCounts() {
    QSignalSpy spy(view(), &FlameGraphView::searchMatched);
    const double fraction = view()->setSearchPattern(QRegularExpression(QStringLiteral("work|io")));
    QCOMPARE(fraction, 0.8);
    QCOMPARE(view()->searchMatchedFraction(), 0.8);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toDouble(), 0.8);
    QImage image = renderViewport(view());
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(3))), colorOfName(*m_tree, 3));
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(7))), colorOfName(*m_tree, 7));
    // Everything else is dimmed, including matches' descendants that do not match.
    for (std::uint32_t node : {0u, 1u, 2u, 9u, 12u})
      QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(node))),
               dimmed(colorOfName(*m_tree, node)));

    // The search survives zoom and a new tree; an empty or invalid pattern clears it.
    view()->zoomTo(1);
    QCOMPARE(view()->searchMatchedFraction(), 0.8);
    view()->setCallTree(m_tree);
    QCOMPARE(view()->searchMatchedFraction(), 0.8);
    QCOMPARE(view()->setSearchPattern(QRegularExpression(QStringLiteral("("))), 0.0);
    image = renderViewport(view());
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(2))), colorOfName(*m_tree, 2));
    view()->setSearchPattern(QRegularExpression(QStringLiteral("gc")));
    QCOMPARE(view()->setSearchPattern(QRegularExpression()), 0.0);
    image = renderViewport(view());
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(1))), colorOfName(*m_tree, 1));
  }

  void narrowNodesMergeIntoSlivers() {
    show(sampleTree(), 500, 300);
    QCOMPARE(view()->viewport()->width(), 500);
    // tiny1..tiny3 are half a pixel each: one grey sliver of 1.5 px, at 300.
    const QRectF sliver = view()->nodeRect(5);
    QCOMPARE(sliver, view()->nodeRect(4));
    QCOMPARE(sliver, view()->nodeRect(6));
    QCOMPARE(sliver.left(), 300.0);
    QVERIFY(sliver.width() <= 2);
    QVERIFY(view()->nodeRect(11).isEmpty());  // under the sliver: not drawn
    QImage image = renderViewport(view());
    QCOMPARE(image.pixelColor(300, static_cast<int>(sliver.center().y())), mergedSliverColor());
    QCOMPARE(view()->nodeAt(QPointF(300.5, sliver.center().y())), 4u);

    // Search still finds what hides in the sliver, counts it, and marks the sliver.
    QCOMPARE(view()->setSearchPattern(QRegularExpression(QStringLiteral("deep"))), 0.001);
    image = renderViewport(view());
    QCOMPARE(image.pixelColor(300, static_cast<int>(sliver.center().y())), mergedMatchColor());

    // Clicking the sliver zooms into its largest node, which makes its subtree wide.
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
                      QPoint(300, static_cast<int>(sliver.center().y())));
    QCOMPARE(view()->zoomedNode(), 4u);
    QCOMPARE(view()->nodeRect(4).width(), 500.0);
    QCOMPARE(view()->nodeRect(11).width(), 500.0);
    image = renderViewport(view());
    QCOMPARE(image.pixelColor(barPixel(view()->nodeRect(11))), colorOfName(*m_tree, 11));
  }

  void keyboardMovesTheSelection() {
    QSignalSpy spy(view(), &FlameGraphView::selectionChanged);
    view()->setFocus();
    // Flame: up goes towards the leaves, to the widest child.
    QTest::keyClick(view(), Qt::Key_Up);
    QCOMPARE(view()->selectedNode(), 0u);
    QTest::keyClick(view(), Qt::Key_Up);
    QCOMPARE(view()->selectedNode(), 1u);
    QTest::keyClick(view(), Qt::Key_Up);
    QCOMPARE(view()->selectedNode(), 3u);
    QTest::keyClick(view(), Qt::Key_Right);
    QCOMPARE(view()->selectedNode(), 4u);  // tiny1 is a pixel wide at 1000 px
    QTest::keyClick(view(), Qt::Key_Right);
    QTest::keyClick(view(), Qt::Key_Right);
    QTest::keyClick(view(), Qt::Key_Right);
    QCOMPARE(view()->selectedNode(), 7u);
    QTest::keyClick(view(), Qt::Key_Right);
    QCOMPARE(view()->selectedNode(), 8u);  // across parents: gc's child
    QTest::keyClick(view(), Qt::Key_Right);
    QCOMPARE(view()->selectedNode(), 8u);  // the last bar of the row
    QTest::keyClick(view(), Qt::Key_Down);
    QCOMPARE(view()->selectedNode(), 2u);
    QTest::keyClick(view(), Qt::Key_Return);
    QCOMPARE(view()->zoomedNode(), 2u);
    QTest::keyClick(view(), Qt::Key_Escape);
    QCOMPARE(view()->zoomedNode(), 0u);
    QTest::keyClick(view(), Qt::Key_Escape);
    QCOMPARE(view()->selectedNode(), kNoNode);
    QVERIFY(spy.count() >= 7);

    // Icicle: down goes towards the leaves.
    view()->setOrientation(FlameGraphView::Orientation::Icicle);
    view()->selectNode(1);
    QTest::keyClick(view(), Qt::Key_Down);
    QCOMPARE(view()->selectedNode(), 3u);
    QTest::keyClick(view(), Qt::Key_Up);
    QCOMPARE(view()->selectedNode(), 1u);

    // The selection is outlined in the highlight colour.
    const QImage image = renderViewport(view());
    const QRect rect = view()->nodeRect(1).toRect();
    QCOMPARE(image.pixelColor(rect.left() + 100, rect.top()),
             view()->palette().highlight().color());
  }

  void selectFunctionFindsTheLargestNode() {
    view()->zoomTo(2);
    QVERIFY(view()->selectFunction(QStringLiteral("read")));
    QCOMPARE(view()->selectedNode(), 12u);
    // read is not under gc: the view zoomed out so that it can be seen.
    QCOMPARE(view()->zoomedNode(), 0u);
    QVERIFY(!view()->nodeRect(12).isEmpty());
    QVERIFY(!view()->selectFunction(QStringLiteral("kafka")));
    QCOMPARE(view()->selectedNode(), 12u);
  }

  void tooltipShowsValuesInTheUnit() {
    view()->zoomTo(1);
    const QPoint pos = view()->nodeRect(7).center().toPoint();
    QHelpEvent help(QEvent::ToolTip, pos, view()->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view()->viewport(), &help);
    const QString text = QToolTip::text();
    QVERIFY2(text.contains(QStringLiteral("<b>io</b>")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("200ns")), qPrintable(text));  // total
    QVERIFY2(text.contains(QStringLiteral("50ns")), qPrintable(text));   // self
    QVERIFY2(text.contains(QStringLiteral("20.00% of all")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("22.22% of zoomed")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("Base")));
  }

  void differentialColoursAndTooltip() {
    // Shares: grew 0.2 → 0.6, shrank 0.6 → 0.2, same 0.2 → 0.2.
    show(makeCallTree({{-1, "root", 1000, 100},
                       {0, "grew", 600, 20},
                       {0, "shrank", 200, 60},
                       {0, "same", 200, 20}},
                      true));
    const QImage image = renderViewport(view());
    const QColor grew = image.pixelColor(barPixel(view()->nodeRect(1)));
    const QColor shrank = image.pixelColor(barPixel(view()->nodeRect(2)));
    const QColor same = image.pixelColor(barPixel(view()->nodeRect(3)));
    QCOMPARE(grew, diffColor(0.4, 0.4));
    QCOMPARE(shrank, diffColor(-0.4, 0.4));
    QCOMPARE(same, diffColor(0, 0.4));
    QVERIFY(grew.red() > grew.blue() + 100);
    QVERIFY(shrank.blue() > shrank.red() + 100);
    QCOMPARE(same.hsvSaturation(), 0);

    const QPoint pos = view()->nodeRect(1).center().toPoint();
    QHelpEvent help(QEvent::ToolTip, pos, view()->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view()->viewport(), &help);
    const QString text = QToolTip::text();
    QVERIFY2(text.contains(QStringLiteral("Base total: 20ns (20.00%)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("+40.00 pp")), qPrintable(text));
  }

  void tallTreesScrollAndStartAtTheRoot() {
    std::vector<test::NodeSpec> chain{{-1, "root", 100}};
    for (int i = 1; i < 60; ++i)
      chain.push_back({i - 1, i % 2 ? "main.a" : "main.b", 100});
    show(makeCallTree(chain), 600, 300);
    QScrollBar* bar = view()->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(!view()->nodeRect(0).isEmpty());
    QVERIFY(view()->nodeRect(59).isEmpty());

    const QPointF pos(100, 100);
    QWheelEvent wheel(pos, view()->viewport()->mapToGlobal(pos), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view()->viewport(), &wheel);
    QVERIFY(bar->value() < bar->maximum());

    // Selecting a leaf scrolls it into view; flipping keeps the bar's range.
    view()->selectNode(59);
    QVERIFY(!view()->nodeRect(59).isEmpty());
    QCOMPARE(bar->value(), 0);
    view()->setOrientation(FlameGraphView::Orientation::Icicle);
    QVERIFY(!view()->nodeRect(59).isEmpty());
    QVERIFY(view()->nodeRect(0).isEmpty());
  }

  void contextMenuNamesTheNode() {
    QSignalSpy spy(view(), &FlameGraphView::contextMenuRequested);
    const QPoint pos = view()->nodeRect(9).center().toPoint();
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view()->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view()->viewport(), &event);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).value<std::uint32_t>(), 9u);
  }

  void emptyAndClearedTrees() {
    view()->setCallTree(nullptr);
    QVERIFY(view()->callTree() == nullptr);
    QVERIFY(view()->nodeRect(0).isEmpty());
    QCOMPARE(view()->nodeAt(QPointF(10, 10)), kNoNode);
    view()->zoomTo(3);
    QCOMPARE(view()->zoomedNode(), 0u);
    QVERIFY(!renderViewport(view()).isNull());
    view()->setCallTree(std::make_shared<const CallTree>());
    QVERIFY(view()->callTree() == nullptr);
  }

  void bigTreeHitTestsAgreeWithPainting() {
    show(randomTree(20000, 30, 7), 1200, 700);
    const CallTree& tree = *m_tree;
    const QImage image = renderViewport(view());
    int checked = 0;
    for (std::uint32_t node = 0; node < tree.nodes.size(); ++node) {
      const QRectF rect = view()->nodeRect(node);
      if (rect.isEmpty() || rect.width() < 4 || rect.top() < 0 ||
          rect.bottom() >= view()->viewport()->height())
        continue;
      QCOMPARE(view()->nodeAt(rect.center()), node);
      QCOMPARE(image.pixelColor(barPixel(rect)), colorOfName(tree, node));
      ++checked;
    }
    QVERIFY2(checked > 300, qPrintable(QString::number(checked)));
    // Every node is found by search, however narrow: "." covers everything below the root.
    QCOMPARE(
        view()->setSearchPattern(QRegularExpression(QStringLiteral("."))),
        static_cast<double>(tree.total() - tree.nodes[0].self) / static_cast<double>(tree.total()));
  }

  void labelsAreCachedAndElided() {
    CallTree tree = makeCallTree(
        {{-1, "root", 10}, {0, "a.very.long.function.name.that.does.not.fit", 10}, {1, "x", 10}});
    FlameGraphTextCache cache;
    QFont font = QApplication::font();
    cache.reset(&tree, font);
    const QFontMetrics metrics(font);
    const QString full = QStringLiteral("a.very.long.function.name.that.does.not.fit");
    const QStaticText* wide = cache.label(1, metrics.horizontalAdvance(full) + 20);
    QVERIFY(wide);
    QCOMPARE(wide->text(), full);
    // Too narrow: the front goes, the function's own name stays.
    const QStaticText* narrow = cache.label(1, 96);
    QVERIFY(narrow);
    QVERIFY2(narrow->text().startsWith(QChar(0x2026)), qPrintable(narrow->text()));
    QVERIFY2(full.endsWith(narrow->text().mid(1)), qPrintable(narrow->text()));
    QVERIFY2(narrow->text().endsWith(QStringLiteral(".fit")), qPrintable(narrow->text()));
    QVERIFY(narrow->size().width() <= 96);
    // Same bucket: the same laid-out text, no new layout.
    const std::size_t entries = cache.entryCount();
    QCOMPARE(cache.label(1, 96 + FlameGraphTextCache::kWidthBucket - 1), narrow);
    QCOMPARE(cache.entryCount(), entries);
    QVERIFY(cache.label(1, 2) == nullptr);
    QVERIFY(cache.label(2, 2) == nullptr);
    QCOMPARE(cache.label(2, 50)->text(), QStringLiteral("x"));
    QCOMPARE(cache.fullText(0), QStringLiteral("root"));
  }
};

QTEST_MAIN(TestFlameGraphView)
#include "tst_flame_graph_view.moc"
