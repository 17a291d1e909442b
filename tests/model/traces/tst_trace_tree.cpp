#include <QTest>

#include <algorithm>
#include <random>

#include "model/traces/trace_tree.h"
#include "tests/model/traces/tst_trace_tree_builder.h"

using namespace sightline;
using sightline::test::indexOf;
using sightline::test::namesOf;
using sightline::test::parseTrace;

namespace {

std::string childNames(const LoadedTrace& trace, const TraceTree& tree, std::string_view name) {
  const int i = indexOf(trace, name);
  return namesOf(trace, std::vector<std::int32_t>(tree.childrenBegin(i), tree.childrenEnd(i)));
}

std::string parentName(const LoadedTrace& trace, const TraceTree& tree, std::string_view name) {
  const std::int32_t p = tree.parent[static_cast<std::size_t>(indexOf(trace, name))];
  return p < 0 ? std::string("-") : trace.spans[static_cast<std::size_t>(p)].name;
}

}  // namespace

class TestTraceTree : public QObject {
  Q_OBJECT

 private slots:
  void structure_data() {
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QByteArray>("roots");
    QTest::addColumn<QByteArray>("preorder");
    QTest::addColumn<QByteArray>("depths");  // in preorder

    QTest::newRow("single span") << QByteArray("A:-:0:10") << QByteArray("A") << QByteArray("A")
                                 << QByteArray("0");
    QTest::newRow("children by start")
        << QByteArray("A:-:0:100; C:A:50:60; B:A:10:20; D:B:12:15") << QByteArray("A")
        << QByteArray("A,B,D,C") << QByteArray("0,1,2,1");
    QTest::newRow("equal starts: longer first")
        << QByteArray("A:-:0:100; S:A:10:20; L:A:10:90") << QByteArray("A") << QByteArray("A,L,S")
        << QByteArray("0,1,1");
    QTest::newRow("missing root: orphans become roots")
        << QByteArray("B:gone:30:40; A:gone:10:20; C:A:11:12") << QByteArray("A,B")
        << QByteArray("A,C,B") << QByteArray("0,1,0");
    QTest::newRow("self parent") << QByteArray("A:A:0:10; B:A:1:2") << QByteArray("A")
                                 << QByteArray("A,B") << QByteArray("0,1");
    QTest::newRow("two-span cycle") << QByteArray("A:B:0:10; B:A:5:8; C:B:6:7") << QByteArray("A")
                                    << QByteArray("A,B,C") << QByteArray("0,1,2");
    QTest::newRow("cycle plus a healthy tree")
        << QByteArray("R:-:0:100; X:Z:20:30; Y:X:21:29; Z:Y:22:28; Q:R:1:2") << QByteArray("R,X")
        << QByteArray("R,Q,X,Y,Z") << QByteArray("0,1,0,1,2");
    QTest::newRow("zero-duration spans")
        << QByteArray("A:-:5:5; B:A:5:5; C:A:5:5") << QByteArray("A") << QByteArray("A,B,C")
        << QByteArray("0,1,1");
  }

  void structure() {
    QFETCH(QByteArray, spec);
    QFETCH(QByteArray, roots);
    QFETCH(QByteArray, preorder);
    QFETCH(QByteArray, depths);
    const LoadedTrace trace = parseTrace(spec.toStdString());
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(tree.size(), trace.spans.size());
    QCOMPARE(QByteArray::fromStdString(namesOf(trace, tree.roots)), roots);
    QCOMPARE(QByteArray::fromStdString(namesOf(trace, tree.preorder)), preorder);
    QByteArrayList depthTexts;
    for (std::int32_t i : tree.preorder) {
      depthTexts << QByteArray::number(tree.depth[static_cast<std::size_t>(i)]);
    }
    QCOMPARE(depthTexts.join(','), depths);
    // The CSR lists and parent pointers must describe the same tree.
    std::size_t childTotal = 0;
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const auto node = static_cast<std::int32_t>(i);
      for (const std::int32_t* c = tree.childrenBegin(node); c != tree.childrenEnd(node); ++c) {
        QCOMPARE(tree.parent[static_cast<std::size_t>(*c)], node);
        ++childTotal;
      }
    }
    QCOMPARE(childTotal + tree.roots.size(), tree.size());
  }

  void childrenAndParents() {
    const LoadedTrace trace =
        parseTrace("A:-:0:100; C:A:50:60; B:A:10:20; D:B:12:15; E:missing:3:4");
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(childNames(trace, tree, "A"), std::string("B,C"));
    QCOMPARE(childNames(trace, tree, "B"), std::string("D"));
    QCOMPARE(childNames(trace, tree, "C"), std::string());
    QCOMPARE(parentName(trace, tree, "D"), std::string("B"));
    QCOMPARE(parentName(trace, tree, "E"), std::string("-"));
    QCOMPARE(tree.brokenCycleCount, 0u);
  }

  void cycleIsBrokenAtEarliestSpan() {
    const LoadedTrace trace = parseTrace("X:Z:20:30; Y:X:10:29; Z:Y:22:28");
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(tree.brokenCycleCount, 1u);
    QCOMPARE(namesOf(trace, tree.roots), std::string("Y"));
    QCOMPARE(namesOf(trace, tree.preorder), std::string("Y,Z,X"));
  }

  void duplicateIdsResolveToEarliestSpan() {
    // Two spans claim id 7; the child must hang under the earlier one, whatever the order.
    LoadedTrace trace;
    trace.services = {"svc"};
    auto add = [&trace](std::uint64_t id, std::uint64_t parent, std::uint64_t start,
                        std::uint64_t end, std::string name) {
      LoadedSpan s;
      s.spanId = test::spanIdOf(id);
      if (parent != 0)
        s.parentSpanId = test::spanIdOf(parent);
      s.startUnixNano = start;
      s.endUnixNano = end;
      s.name = std::move(name);
      s.rowId = static_cast<std::int64_t>(trace.spans.size()) + 1;
      trace.spans.push_back(s);
    };
    add(1, 0, 0, 100, "root");
    add(7, 1, 40, 90, "late7");
    add(7, 1, 10, 30, "early7");
    add(9, 7, 50, 60, "child");
    for (int round = 0; round < 2; ++round) {
      const TraceTree tree = buildTraceTree(trace);
      QCOMPARE(tree.duplicateSpanIdCount, 1u);
      QCOMPARE(parentName(trace, tree, "child"), std::string("early7"));
      QCOMPARE(namesOf(trace, tree.preorder), std::string("root,early7,child,late7"));
      std::reverse(trace.spans.begin(), trace.spans.end());
    }
  }

  void resultDoesNotDependOnInputOrder() {
    LoadedTrace trace =
        parseTrace("A:-:0:100; B:A:10:50; C:A:10:50; D:B:20:30; E:B:20:25; F:C:40:45; G:nope:5:6");
    const TraceTree reference = buildTraceTree(trace);
    const std::string preorder = namesOf(trace, reference.preorder);
    std::mt19937 rng(42);
    for (int round = 0; round < 20; ++round) {
      std::shuffle(trace.spans.begin(), trace.spans.end(), rng);
      const TraceTree tree = buildTraceTree(trace);
      QCOMPARE(namesOf(trace, tree.preorder), preorder);
    }
  }

  void deepChainWithoutRecursion() {
    constexpr std::size_t kLength = 100000;
    const LoadedTrace trace = test::deepChain(kLength);
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(tree.roots.size(), std::size_t{1});
    QCOMPARE(tree.preorder.size(), kLength);
    QCOMPARE(tree.depth[kLength - 1], static_cast<std::int32_t>(kLength - 1));
    QCOMPARE(tree.preorder[kLength - 1], static_cast<std::int32_t>(kLength - 1));
  }

  void deepCycleWithoutRecursion() {
    // A 100k-long parent ring: span i's parent is i-1, span 0's parent is the last span.
    constexpr std::size_t kLength = 100000;
    LoadedTrace trace = test::deepChain(kLength);
    trace.spans[0].parentSpanId = test::spanIdOf(kLength);
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(tree.brokenCycleCount, 1u);
    QCOMPARE(tree.roots, std::vector<std::int32_t>{0});
    QCOMPARE(tree.depth[kLength - 1], static_cast<std::int32_t>(kLength - 1));
  }

  void wideTree() {
    constexpr std::size_t kWidth = 100000;
    LoadedTrace trace;
    trace.services = {"svc"};
    trace.spans.resize(kWidth + 1);
    trace.spans[0].spanId = test::spanIdOf(1);
    trace.spans[0].endUnixNano = 10 * kWidth;
    for (std::size_t i = 1; i <= kWidth; ++i) {
      // Start times run backwards so that the children list has to be sorted.
      trace.spans[i].spanId = test::spanIdOf(i + 1);
      trace.spans[i].parentSpanId = test::spanIdOf(1);
      trace.spans[i].startUnixNano = 10 * (kWidth - i);
      trace.spans[i].endUnixNano = 10 * (kWidth - i) + 5;
    }
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(tree.childCount[0], static_cast<std::int32_t>(kWidth));
    QCOMPARE(*tree.childrenBegin(0), static_cast<std::int32_t>(kWidth));
    QCOMPARE(*(tree.childrenEnd(0) - 1), 1);
    QCOMPARE(tree.selfTimeNs[0], std::uint64_t{10 * kWidth - 5 * kWidth});
  }

  void emptyTrace() {
    const TraceTree tree = buildTraceTree(LoadedTrace{});
    QVERIFY(tree.roots.empty());
    QVERIFY(tree.preorder.empty());
    QVERIFY(!tree.criticalPathApproximate);
  }
};

QTEST_GUILESS_MAIN(TestTraceTree)
#include "tst_trace_tree.moc"
