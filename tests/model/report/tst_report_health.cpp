// Section 6 of the report: the buckets of a window, and the RED series of the compare test's
// small workspace (tests/model/diagnosis/tst_compare_workspace.h), whose answers are known.
#include <QtTest>

#include "model/diagnosis/compare_traces.h"
#include "model/report/report_health.h"
#include "tests/model/diagnosis/tst_compare_workspace.h"

using namespace sightline;
using namespace sightline::compare_test;

namespace {

CompareSideSpec side(const char* text) {
  std::string error;
  return *parseCompareSide(text, &error);
}

std::uint64_t sum(const std::vector<HealthBucket>& buckets, std::uint32_t HealthBucket::*field) {
  std::uint64_t total = 0;
  for (const HealthBucket& bucket : buckets)
    total += bucket.*field;
  return total;
}

}  // namespace

class TstReportHealth : public QObject {
  Q_OBJECT

 private slots:
  void buckets_data() {
    QTest::addColumn<qulonglong>("window");
    QTest::addColumn<qulonglong>("width");
    QTest::addColumn<int>("count");
    QTest::addColumn<qulonglong>("lastLength");
    QTest::newRow("exact") << 600ull << 10ull << 60 << 10ull;
    QTest::newRow("rest of half a bucket: its own") << 605ull << 10ull << 61 << 5ull;
    QTest::newRow("shorter rest joins the last") << 604ull << 10ull << 60 << 14ull;
    QTest::newRow("shorter than a bucket") << 7ull << 10ull << 1 << 7ull;
    QTest::newRow("empty window") << 0ull << 10ull << 1 << 0ull;
  }

  void buckets() {
    QFETCH(qulonglong, window);
    QFETCH(qulonglong, width);
    QFETCH(int, count);
    QFETCH(qulonglong, lastLength);
    const std::vector<HealthBucket> buckets = healthBuckets(window, width);
    QCOMPARE(static_cast<int>(buckets.size()), count);
    QCOMPARE(buckets.back().lengthNs, lastLength);
    std::uint64_t covered = 0;
    for (const HealthBucket& bucket : buckets) {
      QCOMPARE(bucket.offsetNs, covered);
      covered += bucket.lengthNs;
    }
    QCOMPARE(covered, window);
    // Every offset of the window lands in the bucket that covers it.
    for (std::uint64_t offset = 0; offset < window; ++offset) {
      const HealthBucket& bucket = buckets[healthBucketOf(buckets, offset)];
      QVERIFY(offset >= bucket.offsetNs && offset < bucket.offsetNs + bucket.lengthNs);
    }
    QCOMPARE(healthBucketOf(buckets, window + 100), buckets.size() - 1);
  }

  // Baseline: ten requests 1 s apart, 10…100 ms, no errors; target: the same times 600 s
  // later, trace 9 taking 1 s and traces 3 and 4 answering 503 (errors of the root). The
  // child errors of the target (a SELECT with status ERROR, a gRPC 14 on a client span) are
  // not requests failing.
  void redOfTwoSources() {
    auto workspace = makeCompareWorkspace();
    QVERIFY(workspace);
    Status status;
    const auto comparison = compareTraceSets(*workspace, side("1"), side("2"), &status);
    QVERIFY2(comparison, status.message().c_str());
    ReportHealth health;
    status = readReportHealth(*workspace, comparison->baseline, comparison->target, true,
                              {{"web", "GET /a"}, {"web", "GET /missing"}}, std::string(), &health);
    QVERIFY2(status, status.message().c_str());

    // Windows: 9 s + 100 ms before, 9 s + 1 s after; the longer one makes the axis.
    QCOMPARE(health.baseline.windowNs, 9 * kSecond + 100 * kMs);
    QCOMPARE(health.target.windowNs, 10 * kSecond);
    QCOMPARE(health.axisNs, 10 * kSecond);
    QCOMPARE(health.bucketNs, (10 * kSecond + kHealthBuckets - 1) / kHealthBuckets);
    QCOMPARE(health.target.red.front().size(), kHealthBuckets);
    QCOMPARE(health.baseline.red.front().size(),
             healthBuckets(health.baseline.windowNs, health.bucketNs).size());
    QCOMPARE(health.baseline.red.front().size(), 55u);

    // All requests, and the one endpoint that has any; the unknown one stays empty.
    QCOMPARE(health.endpoints.size(), 3u);
    for (const HealthSide* s : {&health.baseline, &health.target}) {
      QCOMPARE(s->requests, 10u);
      QCOMPARE(sum(s->red[0], &HealthBucket::requests), 10u);
      QCOMPARE(sum(s->red[1], &HealthBucket::requests), 10u);
      QCOMPARE(sum(s->red[2], &HealthBucket::requests), 0u);
    }
    QCOMPARE(sum(health.baseline.red[0], &HealthBucket::errors), 0u);
    QCOMPARE(sum(health.target.red[0], &HealthBucket::errors), 2u);
    // Trace i starts i s after the first: in the bucket covering that offset, alone.
    for (int i = 0; i < 10; ++i) {
      const std::vector<HealthBucket>& after = health.target.red[0];
      const HealthBucket& bucket = after[healthBucketOf(after, i * kSecond)];
      QCOMPARE(bucket.requests, 1u);
      QCOMPARE(bucket.errors, i == 3 || i == 4 ? 1u : 0u);
      QCOMPARE(bucket.p95Ns, i == 9 ? 1000 * kMs : (i + 1) * 10 * kMs);
    }
    // The default rules hold an SLO: 99.9 %, paging at 14.4×, latency budget 1 s.
    QVERIFY(health.slo);
    QCOMPARE(health.slo->objective, 0.999);
    QCOMPARE(health.slo->pageBurnRate, 14.4);
    QCOMPARE(health.slo->latencyBudgetNs, 1000 * kMs);
    // No metrics in this workspace: no jobs.
    QVERIFY(health.jobs.empty());
  }

  // A range side holds the traces starting in it; without a baseline only the target is read.
  void rangeWithoutBaseline() {
    auto workspace = makeCompareWorkspace();
    QVERIFY(workspace);
    Status status;
    const auto comparison = compareTraceSets(*workspace, side("0..1"), side(".."), &status);
    QVERIFY2(comparison, status.message().c_str());
    ReportHealth health;
    status = readReportHealth(*workspace, comparison->baseline, comparison->target, false, {},
                              R"({"rules":{"slo-burn":{"enabled":false}}})", &health);
    QVERIFY2(status, status.message().c_str());
    QCOMPARE(health.target.requests, 20u);
    QCOMPARE(sum(health.target.red[0], &HealthBucket::errors), 2u);
    QVERIFY(health.baseline.red.empty());
    QVERIFY(!health.slo);
  }
};

QTEST_GUILESS_MAIN(TstReportHealth)
#include "tst_report_health.moc"
