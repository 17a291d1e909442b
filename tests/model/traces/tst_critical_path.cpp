#include <QTest>

#include <random>

#include "model/traces/critical_path.h"
#include "model/traces/trace_tree.h"
#include "tests/model/traces/tst_trace_tree_builder.h"

using namespace sightline;
using sightline::test::parseTrace;

namespace {

// "NAME=OWNED" for the spans on the path, in display order.
QByteArray describePath(const LoadedTrace& trace, const TraceTree& tree) {
  QByteArrayList parts;
  for (std::int32_t i : tree.preorder) {
    const auto k = static_cast<std::size_t>(i);
    if (!tree.onCriticalPath[k])
      continue;
    parts << QByteArray::fromStdString(trace.spans[k].name) + '=' +
                 QByteArray::number(qulonglong{tree.criticalPathNs[k]});
  }
  return parts.join(',');
}

}  // namespace

class TestCriticalPath : public QObject {
  Q_OBJECT

 private slots:
  void path_data() {
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QByteArray>("path");  // NAME=owned ns, in display order
    QTest::addColumn<bool>("approximate");

    QTest::newRow("single span") << QByteArray("A:-:0:100") << QByteArray("A=100") << false;
    QTest::newRow("sequential children")
        << QByteArray("A:-:0:100; B:A:10:30; C:A:40:70") << QByteArray("A=50,B=20,C=30") << false;
    QTest::newRow("overlapping children: last returning wins")
        << QByteArray("A:-:0:100; B:A:10:50; C:A:30:70") << QByteArray("A=60,C=40") << false;
    QTest::newRow("parallel fan-out") << QByteArray("A:-:0:100; B:A:10:60; C:A:10:80; D:A:10:70")
                                      << QByteArray("A=30,C=70") << false;
    QTest::newRow("equal ends: the longer child")
        << QByteArray("A:-:0:100; B:A:20:100; C:A:10:100") << QByteArray("A=10,C=90") << false;
    QTest::newRow("overlap within the 1% skew allowance")
        << QByteArray("A:-:0:1000; B:A:100:505; C:A:500:900") << QByteArray("A=200,B=400,C=400")
        << false;
    QTest::newRow("overlap beyond the skew allowance")
        << QByteArray("A:-:0:1000; B:A:100:520; C:A:500:900") << QByteArray("A=600,C=400") << false;
    QTest::newRow("nested overlap")
        << QByteArray("A:-:0:100; E:A:5:8; B:A:10:90; C:B:20:40; D:B:30:60")
        << QByteArray("A=17,E=3,B=50,D=30") << false;
    QTest::newRow("child sticking out is clipped")
        << QByteArray("A:-:0:100; B:A:50:150") << QByteArray("A=50,B=50") << false;
    QTest::newRow("async child outliving its parent")
        << QByteArray("A:-:0:100; B:A:10:40; C:A:80:300; D:C:90:250")
        << QByteArray("A=50,B=30,C=10,D=10") << false;
    QTest::newRow("grandchild clipped to the clipped child")
        << QByteArray("A:-:0:100; B:A:50:300; C:B:150:250") << QByteArray("A=50,B=50") << true;
    QTest::newRow("child wholly after the parent is dropped")
        << QByteArray("A:-:0:100; C:A:10:20; B:A:200:300") << QByteArray("A=90,C=10") << true;
    QTest::newRow("child wholly before the parent is dropped")
        << QByteArray("A:-:100:200; B:A:10:50") << QByteArray("A=100") << true;
    QTest::newRow("consumer under producer does not block")
        << QByteArray("P:-:0:100:p; Q:P:10:20:k; C:P:50:500:c") << QByteArray("P=90,Q=10") << false;
    QTest::newRow("consumer under a server blocks")
        << QByteArray("A:-:0:100:s; C:A:50:90:c") << QByteArray("A=60,C=40") << false;
    QTest::newRow("orphans are walked as roots")
        << QByteArray("A:-:0:100; B:A:10:20; X:lost:30:60; Y:X:40:50")
        << QByteArray("A=90,B=10,X=20,Y=10") << false;
    QTest::newRow("zero-duration spans")
        << QByteArray("A:-:5:5; B:A:5:5") << QByteArray("A=0,B=0") << false;
    QTest::newRow("parent cycle") << QByteArray("A:B:0:100; B:A:10:50") << QByteArray("A=60,B=40")
                                  << false;
  }

  void path() {
    QFETCH(QByteArray, spec);
    QFETCH(QByteArray, path);
    QFETCH(bool, approximate);
    const LoadedTrace trace = parseTrace(spec.toStdString());
    const TraceTree tree = buildTraceTree(trace);
    QCOMPARE(describePath(trace, tree), path);
    QCOMPARE(tree.criticalPathApproximate, approximate);
  }

  void deepChain() {
    constexpr std::size_t kLength = 100000;
    const LoadedTrace trace = test::deepChain(kLength);
    const TraceTree tree = buildTraceTree(trace);
    for (std::size_t i = 0; i < kLength; ++i)
      QVERIFY(tree.onCriticalPath[i]);
    std::uint64_t owned = 0;
    for (std::uint64_t ns : tree.criticalPathNs)
      owned += ns;
    QCOMPARE(owned, trace.spans[0].durationNs());
  }

  void randomTreesPartitionEachRoot() {
    // Whatever the shape (overlaps, skew, spans sticking out), the owned times of each
    // root's path add up to the root's duration and the path is connected.
    std::mt19937_64 rng(7);
    for (int round = 0; round < 200; ++round) {
      LoadedTrace trace;
      trace.services = {"svc"};
      const std::size_t n = 1 + rng() % 60;
      for (std::size_t i = 0; i < n; ++i) {
        LoadedSpan s;
        s.spanId = test::spanIdOf(i + 1);
        if (i > 0 && rng() % 10 != 0)
          s.parentSpanId = test::spanIdOf(1 + rng() % i);
        s.startUnixNano = rng() % 1000;
        s.endUnixNano = s.startUnixNano + rng() % 400;
        s.kind = static_cast<SpanKind>(rng() % 6);
        trace.spans.push_back(s);
      }
      test::sortLikeStore(trace);
      const TraceTree tree = buildTraceTree(trace);
      std::vector<std::uint64_t> perRoot(n, 0);
      std::vector<std::int32_t> rootOf(n, -1);
      for (std::int32_t i : tree.preorder) {
        const auto k = static_cast<std::size_t>(i);
        const std::int32_t p = tree.parent[k];
        rootOf[k] = p < 0 ? i : rootOf[static_cast<std::size_t>(p)];
        if (tree.onCriticalPath[k] && p >= 0)
          QVERIFY(tree.onCriticalPath[static_cast<std::size_t>(p)]);
        if (!tree.onCriticalPath[k])
          QCOMPARE(tree.criticalPathNs[k], std::uint64_t{0});
        perRoot[static_cast<std::size_t>(rootOf[k])] += tree.criticalPathNs[k];
      }
      for (std::int32_t r : tree.roots) {
        const auto k = static_cast<std::size_t>(r);
        QVERIFY(tree.onCriticalPath[k]);
        QCOMPARE(perRoot[k], trace.spans[k].durationNs());
      }
    }
  }

  void standaloneMatchesTree() {
    const LoadedTrace trace = parseTrace("A:-:0:100; B:A:10:50; C:A:30:70; D:C:31:32");
    const TraceTree tree = buildTraceStructure(trace);
    QVERIFY(tree.onCriticalPath.empty());
    const CriticalPath path = computeCriticalPath(trace, tree);
    const TraceTree full = buildTraceTree(trace);
    QCOMPARE(path.onPath, full.onCriticalPath);
    QCOMPARE(path.ownedNs, full.criticalPathNs);
  }
};

QTEST_GUILESS_MAIN(TestCriticalPath)
#include "tst_critical_path.moc"
