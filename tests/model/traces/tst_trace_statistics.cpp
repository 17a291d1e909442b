#include <QTest>

#include <algorithm>
#include <random>

#include "model/traces/trace_statistics.h"
#include "model/traces/trace_tree.h"
#include "tests/model/traces/tst_trace_tree_builder.h"

using namespace sightline;
using sightline::test::parseTrace;

namespace {

const OperationStatistics* find(const std::vector<OperationStatistics>& stats,
                                std::string_view service, std::string_view operation) {
  for (const OperationStatistics& s : stats) {
    if (s.service == service && s.operation == operation)
      return &s;
  }
  return nullptr;
}

}  // namespace

class TestTraceStatistics : public QObject {
  Q_OBJECT

 private slots:
  void perOperationFigures() {
    // Two "db" calls (sequential) and a cache call under a frontend root.
    const LoadedTrace trace = parseTrace(
        "root:-:0:1000:s:web; db:root:100:300:k:api; db:root:400:500:k:api; "
        "get:root:600:650:k:cache; q:db:120:280:i:api");
    const TraceTree tree = buildTraceTree(trace);
    const std::vector<OperationStatistics> stats = computeTraceStatistics(trace, tree);
    QCOMPARE(stats.size(), std::size_t{4});

    const OperationStatistics* db = find(stats, "api", "db");
    QVERIFY(db);
    QCOMPARE(db->count, std::uint64_t{2});
    QCOMPARE(db->totalDurationNs, std::uint64_t{300});
    QCOMPARE(db->minDurationNs, std::uint64_t{100});
    QCOMPARE(db->maxDurationNs, std::uint64_t{200});
    QCOMPARE(db->avgDurationNs, 150.0);
    QCOMPARE(db->totalSelfTimeNs, std::uint64_t{40 + 100});
    QCOMPARE(db->minSelfTimeNs, std::uint64_t{40});
    QCOMPARE(db->maxSelfTimeNs, std::uint64_t{100});
    QCOMPARE(db->avgSelfTimeNs, 70.0);
    QCOMPARE(db->percentOfTrace, 14.0);
    QCOMPARE(db->p50DurationNs, std::uint64_t{100});
    QCOMPARE(db->p95DurationNs, std::uint64_t{200});

    const OperationStatistics* root = find(stats, "web", "root");
    QVERIFY(root);
    QCOMPARE(root->totalSelfTimeNs, std::uint64_t{1000 - 300 - 50});
    QCOMPARE(root->percentOfTrace, 65.0);

    // Ordered by total self time, largest first.
    QCOMPARE(stats[0].operation, std::string("root"));
    QCOMPARE(stats[1].operation, std::string("q"));
    QCOMPARE(stats[2].operation, std::string("db"));
    QCOMPARE(stats[3].operation, std::string("get"));

    // With children nested and siblings apart, self times add up to the whole trace.
    double percent = 0;
    for (const OperationStatistics& s : stats)
      percent += s.percentOfTrace;
    QCOMPARE(percent, 100.0);
  }

  void traceDurationSpansAllRoots() {
    // Trace duration = latest end - earliest start, even over several roots and gaps.
    const LoadedTrace trace = parseTrace("a:-:0:100:i:s; b:lost:300:400:i:s");
    const std::vector<OperationStatistics> stats =
        computeTraceStatistics(trace, buildTraceTree(trace));
    QCOMPARE(stats.size(), std::size_t{2});
    QCOMPARE(stats[0].percentOfTrace, 25.0);
    QCOMPARE(stats[1].percentOfTrace, 25.0);
    QCOMPARE(stats[0].operation, std::string("a"));  // tie on self time: by operation
  }

  void nearestRank_data() {
    QTest::addColumn<QList<qulonglong>>("values");
    QTest::addColumn<uint>("percent");
    QTest::addColumn<qulonglong>("expected");
    const QList<qulonglong> ten{10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
    QTest::newRow("empty") << QList<qulonglong>{} << 50u << 0ull;
    QTest::newRow("one value") << QList<qulonglong>{42} << 99u << 42ull;
    QTest::newRow("p50 of 4 is the 2nd") << QList<qulonglong>{4, 1, 3, 2} << 50u << 2ull;
    QTest::newRow("p50 of 10") << ten << 50u << 5ull;
    QTest::newRow("p95 of 10") << ten << 95u << 10ull;
    QTest::newRow("p90 of 10") << ten << 90u << 9ull;
    QTest::newRow("p0 clamps to the minimum") << ten << 0u << 1ull;
    QTest::newRow("p100 is the maximum") << ten << 100u << 10ull;
  }

  void nearestRank() {
    QFETCH(QList<qulonglong>, values);
    QFETCH(uint, percent);
    QFETCH(qulonglong, expected);
    std::vector<std::uint64_t> v(values.begin(), values.end());
    QCOMPARE(qulonglong{nearestRankPercentile(v, percent)}, expected);
  }

  void accumulatorPercentilesMatchSorting() {
    std::mt19937_64 rng(3);
    OperationStatisticsAccumulator acc;
    std::vector<std::uint64_t> a;
    std::vector<std::uint64_t> b;
    for (int i = 0; i < 5000; ++i) {
      const std::uint64_t d = rng() % 100000;
      if (i % 3 == 0) {
        a.push_back(d);
        acc.add("svc", "a", d, d / 2);
      } else {
        b.push_back(d);
        acc.add("svc", "b", d, d / 4);
      }
    }
    acc.addTraceDuration(1000000000);
    const std::vector<OperationStatistics> stats = acc.finish();
    QCOMPARE(stats.size(), std::size_t{2});
    for (auto [name, values] : {std::pair{"a", &a}, std::pair{"b", &b}}) {
      std::sort(values->begin(), values->end());
      const OperationStatistics* s = find(stats, "svc", name);
      QVERIFY(s);
      const std::size_t n = values->size();
      QCOMPARE(s->count, n);
      QCOMPARE(s->p50DurationNs, (*values)[(n * 50 + 99) / 100 - 1]);
      QCOMPARE(s->p95DurationNs, (*values)[(n * 95 + 99) / 100 - 1]);
      QCOMPARE(s->p99DurationNs, (*values)[(n * 99 + 99) / 100 - 1]);
      QCOMPARE(s->minDurationNs, values->front());
      QCOMPARE(s->maxDurationNs, values->back());
    }
    QVERIFY(acc.finish().empty());
  }

  void manyTracesEqualSumOfSingleTraces() {
    std::vector<LoadedTrace> traces{
        parseTrace("r:-:0:100:s:web; c:r:10:60:k:web"),
        parseTrace("r:-:0:300:s:web; c:r:100:150:k:web; d:r:200:290:k:db"),
    };
    const std::vector<OperationStatistics> all = computeOperationStatistics(traces);
    QCOMPARE(all.size(), std::size_t{3});
    const OperationStatistics* r = find(all, "web", "r");
    QVERIFY(r);
    QCOMPARE(r->count, std::uint64_t{2});
    QCOMPARE(r->totalSelfTimeNs, std::uint64_t{50 + 160});
    QCOMPARE(r->percentOfTrace, 100.0 * 210 / 400);
    QCOMPARE(r->p50DurationNs, std::uint64_t{100});
    QCOMPARE(r->p99DurationNs, std::uint64_t{300});
    const OperationStatistics* d = find(all, "db", "d");
    QVERIFY(d);
    QCOMPARE(d->minSelfTimeNs, std::uint64_t{90});
  }

  void unknownServiceIndexIsEmptyService() {
    LoadedTrace trace = parseTrace("a:-:0:10");
    trace.spans[0].serviceIndex = 99;
    const std::vector<OperationStatistics> stats =
        computeTraceStatistics(trace, buildTraceTree(trace));
    QCOMPARE(stats.size(), std::size_t{1});
    QCOMPARE(stats[0].service, std::string());
  }
};

QTEST_GUILESS_MAIN(TestTraceStatistics)
#include "tst_trace_statistics.moc"
