#include <QTest>

#include "model/traces/self_time.h"
#include "model/traces/trace_tree.h"
#include "tests/model/traces/tst_trace_tree_builder.h"

using namespace sightline;
using sightline::test::indexOf;
using sightline::test::parseTrace;

class TestSelfTime : public QObject {
  Q_OBJECT

 private slots:
  void selfTime_data() {
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QByteArray>("span");
    QTest::addColumn<qulonglong>("expected");

    QTest::newRow("leaf") << QByteArray("A:-:0:100") << QByteArray("A") << 100ull;
    QTest::newRow("sequential children")
        << QByteArray("A:-:0:100; B:A:10:30; C:A:40:70") << QByteArray("A") << 50ull;
    QTest::newRow("touching children")
        << QByteArray("A:-:0:100; B:A:10:30; C:A:30:70") << QByteArray("A") << 40ull;
    QTest::newRow("overlapping children")
        << QByteArray("A:-:0:100; B:A:10:50; C:A:30:70") << QByteArray("A") << 40ull;
    QTest::newRow("child inside a sibling")
        << QByteArray("A:-:0:100; B:A:10:80; C:A:20:30") << QByteArray("A") << 30ull;
    QTest::newRow("grandchildren do not count for the grandparent")
        << QByteArray("A:-:0:100; B:A:10:20; C:B:10:90") << QByteArray("A") << 90ull;
    QTest::newRow("nested overlap, middle span")
        << QByteArray("A:-:0:100; B:A:10:80; C:B:20:50; D:B:40:60") << QByteArray("B") << 30ull;
    QTest::newRow("child sticking out at the end")
        << QByteArray("A:-:0:100; B:A:60:150") << QByteArray("A") << 60ull;
    QTest::newRow("child sticking out at the start")
        << QByteArray("A:-:50:100; B:A:20:70") << QByteArray("A") << 30ull;
    QTest::newRow("child covering the parent")
        << QByteArray("A:-:50:100; B:A:0:200") << QByteArray("A") << 0ull;
    QTest::newRow("child wholly after the parent")
        << QByteArray("A:-:0:100; B:A:150:200") << QByteArray("A") << 100ull;
    QTest::newRow("child wholly before the parent")
        << QByteArray("A:-:100:200; B:A:10:20") << QByteArray("A") << 100ull;
    QTest::newRow("async child outliving its parent")
        << QByteArray("A:-:0:100; B:A:10:20; C:A:90:500:p") << QByteArray("A") << 80ull;
    QTest::newRow("zero-duration parent")
        << QByteArray("A:-:5:5; B:A:5:5") << QByteArray("A") << 0ull;
    QTest::newRow("zero-duration children")
        << QByteArray("A:-:0:10; B:A:3:3; C:A:4:4") << QByteArray("A") << 10ull;
    QTest::newRow("end before start counts as zero")
        << QByteArray("A:-:0:10; B:A:8:2") << QByteArray("A") << 10ull;
    QTest::newRow("orphan root keeps its own time")
        << QByteArray("A:-:0:100; B:lost:10:30") << QByteArray("B") << 20ull;
    QTest::newRow("many overlaps")
        << QByteArray(
               "A:-:0:1000; B:A:100:200; C:A:150:400; D:A:300:350; E:A:500:600; "
               "F:A:590:610; G:A:900:2000")
        << QByteArray("A") << 490ull;
  }

  void selfTime() {
    QFETCH(QByteArray, spec);
    QFETCH(QByteArray, span);
    QFETCH(qulonglong, expected);
    const LoadedTrace trace = parseTrace(spec.toStdString());
    const TraceTree tree = buildTraceTree(trace);
    const int i = indexOf(trace, span.toStdString());
    QVERIFY(i >= 0);
    QCOMPARE(qulonglong{tree.selfTimeNs[static_cast<std::size_t>(i)]}, expected);
    QCOMPARE(computeSelfTimes(trace, tree), tree.selfTimeNs);
  }

  void clippedUnion_data() {
    QTest::addColumn<QList<qulonglong>>("intervals");  // start, end, start, end, ...
    QTest::addColumn<qulonglong>("lo");
    QTest::addColumn<qulonglong>("hi");
    QTest::addColumn<qulonglong>("expected");
    QTest::newRow("empty") << QList<qulonglong>{} << 0ull << 10ull << 0ull;
    QTest::newRow("disjoint") << QList<qulonglong>{1, 2, 4, 8} << 0ull << 10ull << 5ull;
    QTest::newRow("overlap and clip") << QList<qulonglong>{0, 5, 3, 20} << 2ull << 10ull << 8ull;
    QTest::newRow("empty window") << QList<qulonglong>{0, 5} << 4ull << 4ull << 0ull;
  }

  void clippedUnion() {
    QFETCH(QList<qulonglong>, intervals);
    QFETCH(qulonglong, lo);
    QFETCH(qulonglong, hi);
    QFETCH(qulonglong, expected);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> sorted;
    for (qsizetype i = 0; i + 1 < intervals.size(); i += 2) {
      sorted.emplace_back(intervals[i], intervals[i + 1]);
    }
    QCOMPARE(qulonglong{clippedUnionLength(sorted, lo, hi)}, expected);
  }

  void nestedSelfTimesSumToRootCoverage() {
    // When children nest inside their parents and siblings do not overlap, self times
    // partition the root intervals.
    const LoadedTrace trace = parseTrace(
        "A:-:0:1000; B:A:100:600; C:B:150:300; D:B:300:550; E:D:360:370; F:A:600:900; "
        "G:F:600:900; H:-:2000:2100; I:H:2050:2060");
    const TraceTree tree = buildTraceTree(trace);
    std::uint64_t sum = 0;
    for (std::uint64_t s : tree.selfTimeNs)
      sum += s;
    QCOMPARE(sum, std::uint64_t{1000 + 100});
    QCOMPARE(tree.selfTimeNs[static_cast<std::size_t>(indexOf(trace, "G"))], std::uint64_t{300});
    QCOMPARE(tree.selfTimeNs[static_cast<std::size_t>(indexOf(trace, "F"))], std::uint64_t{0});
    QCOMPARE(tree.selfTimeNs[static_cast<std::size_t>(indexOf(trace, "B"))], std::uint64_t{100});
  }

  void deepChain() {
    constexpr std::size_t kLength = 100000;
    const LoadedTrace trace = test::deepChain(kLength);
    const TraceTree tree = buildTraceTree(trace);
    // Each span is one nanosecond longer than its child at either end.
    for (std::size_t i = 0; i + 1 < kLength; ++i)
      QCOMPARE(tree.selfTimeNs[i], std::uint64_t{2});
    QCOMPARE(tree.selfTimeNs[kLength - 1], trace.spans[kLength - 1].durationNs());
  }
};

QTEST_GUILESS_MAIN(TestSelfTime)
#include "tst_self_time.moc"
