#include <QtTest>

#include "model/diagnosis/compare_traces.h"
#include "model/store/store_statement.h"
#include "model/traces/trace_writer.h"
#include "tests/model/diagnosis/tst_compare_workspace.h"

using namespace sightline;
using namespace sightline::compare_test;

namespace {

CompareSideSpec side(const std::string& text) {
  std::string error;
  auto spec = parseCompareSide(text, &error);
  if (!spec)
    qFatal("bad side '%s': %s", text.c_str(), error.c_str());
  return *spec;
}

const OperationComparison* findOperation(const TraceComparison& c, const std::string& service,
                                         const std::string& operation) {
  for (const auto& row : c.operations) {
    if (row.service == service && row.operation == operation)
      return &row;
  }
  return nullptr;
}

QStringList operationOrder(const TraceComparison& c) {
  QStringList order;
  for (const auto& row : c.operations) {
    order << QString::fromStdString(row.service + " " + row.operation + " " +
                                    operationStatusName(row.status));
  }
  return order;
}

// "change depth service operation baseline target" per path, in the list's order.
QStringList pathRows(const TraceComparison& c) {
  QStringList rows;
  for (const auto& path : c.paths) {
    rows << QStringLiteral("%1 %2 %3 %4 %5 %6")
                .arg(QLatin1String(pathChangeName(path.change)))
                .arg(path.depth)
                .arg(QString::fromStdString(path.step.service),
                     QString::fromStdString(path.step.operation))
                .arg(path.baselinePerTrace, 0, 'f', 2)
                .arg(path.targetPerTrace, 0, 'f', 2);
  }
  return rows;
}

Status insertProfile(Workspace& ws, std::int64_t id, std::int64_t sourceId, std::uint64_t timeNs,
                     const char* type) {
  const std::string sql =
      "INSERT OR IGNORE INTO sources(id, path, kind, sha256, bytes, imported_at, status) VALUES(" +
      std::to_string(sourceId) + ", '/p/" + std::to_string(sourceId) + ".pb.gz', 'pprof', 'p" +
      std::to_string(sourceId) + "', 1, 0, 'ok'); INSERT INTO profiles(id, source_id, period, " +
      "time_ns, duration_ns, default_sample_type, comments, sample_count, stack_count, " +
      "label_set_count) VALUES(" + std::to_string(id) + ", " + std::to_string(sourceId) + ", 1, " +
      std::to_string(timeNs) + ", 0, -1, '[]', 0, 1, 1); INSERT INTO " +
      "profile_sample_types VALUES(" + std::to_string(id) + ", 0, '" + type + "', 'count', 0)";
  return execSql(ws.db(), sql);
}

QStringList strings(std::initializer_list<const char*> texts) {
  QStringList list;
  for (const char* text : texts)
    list << QString::fromUtf8(text);
  return list;
}

}  // namespace

class TstCompareTraces : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void operationsByRange();
  void operationOrder();
  void sourcesGiveTheSameAnswers();
  void sideTotals();
  void pathsAreClassified();
  void relativeRanges();
  void emptySideComparesAsRemoved();
  void orphansAndCyclesStartTheirOwnPaths();
  void profilesOfEachSide();
  void diffPairNeedsTheSameSampleTypes();
  void unknownSourceFails();

 private:
  std::unique_ptr<Workspace> m_ws;
  std::optional<TraceComparison> m_byRange;
};

void TstCompareTraces::initTestCase() {
  m_ws = makeCompareWorkspace();
  QVERIFY(m_ws);
  Status status;
  m_byRange = compareTraceSets(*m_ws, side("2026-11-20T14:00Z..2026-11-20T14:05Z"),
                               side("2026-11-20T14:05Z.."), &status);
  QVERIFY2(m_byRange, status.message().c_str());
}

void TstCompareTraces::operationsByRange() {
  const auto* get = findOperation(*m_byRange, "web", "GET /a");
  QVERIFY(get);
  QCOMPARE(get->status, OperationComparison::Status::Changed);
  QCOMPARE(get->baseline->count, 10u);
  QCOMPARE(get->baseline->p50Ns, 50 * kMs);
  QCOMPARE(get->baseline->p95Ns, 100 * kMs);
  QCOMPARE(get->baseline->p99Ns, 100 * kMs);
  QCOMPARE(get->baseline->errorRate, 0.0);
  QCOMPARE(get->target->p50Ns, 50 * kMs);
  QCOMPARE(get->target->p95Ns, 1000 * kMs);
  QCOMPARE(get->target->errors, 2u);
  QCOMPARE(get->target->errorRate, 0.2);
  QCOMPARE(*get->p95ChangeNs, std::int64_t(900 * kMs));
  QCOMPARE(*get->p50ChangeNs, std::int64_t(0));
  QCOMPARE(*get->p95ChangeRatio, 9.0);
  QCOMPARE(*get->errorRateChange, 0.2);

  // A client span with gRPC status 14 is an error; one with status ERROR too; an internal
  // span with an HTTP 500 attribute is not.
  const auto* charge = findOperation(*m_byRange, "web", "charge");
  QCOMPARE(charge->target->errors, 1u);
  QCOMPARE(charge->baseline->errors, 0u);
  const auto* select = findOperation(*m_byRange, "db", "SELECT");
  QCOMPARE(select->baseline->count, 20u);
  QCOMPARE(select->target->count, 30u);
  QCOMPARE(select->target->errors, 1u);
  QCOMPARE(*select->p95ChangeNs, std::int64_t(0));
  const auto* render = findOperation(*m_byRange, "web", "render");
  QCOMPARE(render->status, OperationComparison::Status::Added);
  QVERIFY(!render->baseline);
  QCOMPARE(render->target->errors, 0u);
  QVERIFY(!render->p95ChangeNs);
  QVERIFY(!render->p95ChangeRatio);
  const auto* cache = findOperation(*m_byRange, "web", "cache lookup");
  QCOMPARE(cache->status, OperationComparison::Status::Removed);
  QVERIFY(!cache->target);
}

void TstCompareTraces::operationOrder() {
  // Changed by p95 change (ties by service, operation), then added by target p95, then removed.
  QCOMPARE(::operationOrder(*m_byRange),
           (strings({"web GET /a changed", "db SELECT changed", "web charge changed",
                     "db pool acquire added", "web render added", "web cache lookup removed"})));
}

void TstCompareTraces::sourcesGiveTheSameAnswers() {
  Status status;
  const auto bySource =
      compareTraceSets(*m_ws, side("baseline.json"), side("source:/data/target.json"), &status);
  QVERIFY2(bySource, status.message().c_str());
  QVERIFY(bySource->baseline.side.isSource);
  QCOMPARE(bySource->baseline.side.sourceId, 1);
  QCOMPARE(bySource->target.side.sourceId, 2);
  QCOMPARE(::operationOrder(*bySource), ::operationOrder(*m_byRange));
  QCOMPARE(pathRows(*bySource), pathRows(*m_byRange));
  QCOMPARE(bySource->baseline.firstStartNs, kBase);
  QCOMPARE(bySource->target.lastEndNs, kBase + 609 * kSecond + 1000 * kMs);
  const auto byId = compareTraceSets(*m_ws, side("1"), side("2"), &status);
  QVERIFY(byId);
  QCOMPARE(::operationOrder(*byId), ::operationOrder(*m_byRange));
}

void TstCompareTraces::sideTotals() {
  QCOMPARE(m_byRange->baseline.traces, 10u);
  QCOMPARE(m_byRange->baseline.spans, 50u);
  QCOMPARE(m_byRange->baseline.errorSpans, 0u);
  QCOMPARE(m_byRange->target.traces, 10u);
  QCOMPARE(m_byRange->target.spans, 53u);
  QCOMPARE(m_byRange->target.errorSpans, 4u);
  QCOMPARE(m_byRange->baseline.side.fromNs, kBase);
  QCOMPARE(m_byRange->baseline.side.toNs, kBase + 300 * kSecond);
  // An open end stops after the last trace start.
  QCOMPARE(m_byRange->target.side.toNs, kBase + 609 * kSecond + 1);
}

void TstCompareTraces::pathsAreClassified() {
  QCOMPARE(pathRows(*m_byRange), (strings({
                                     "same 0 web GET /a 1.00 1.00",
                                     "more 1 db SELECT 2.00 3.00",
                                     "added 1 db pool acquire 0.00 0.20",
                                     "removed 1 web cache lookup 1.00 0.00",
                                     "same 1 web charge 1.00 1.00",
                                     "added 1 web render 0.00 0.10",
                                 })));
  QCOMPARE(m_byRange->paths[1].parent, 0);
  QCOMPARE(m_byRange->paths[1].baselineSpans, 20u);
  QCOMPARE(m_byRange->paths[1].targetSpans, 30u);
  const auto steps = fullPath(m_byRange->paths, 1);
  QCOMPARE(steps.size(), 2u);
  QCOMPARE(steps[0].operation, std::string("GET /a"));
  QCOMPARE(steps[1].operation, std::string("SELECT"));

  // Within the tolerance a change is "same": 2 → 3 is 33 % of 3.
  Status status;
  CompareOptions loose;
  loose.pathSameTolerance = 0.34;
  const auto c = compareTraceSets(*m_ws, side("1"), side("2"), &status, loose);
  QCOMPARE(c->paths[1].change, PathChange::Same);
}

void TstCompareTraces::relativeRanges() {
  Status status;
  // The first 5 s: baseline traces 0..4; the last 5 s: target traces 5..9 (the last starts at
  // kBase + 609 s and is included).
  const auto c = compareTraceSets(*m_ws, side("first 5s"), side("last 5s"), &status);
  QVERIFY2(c, status.message().c_str());
  QCOMPARE(c->baseline.traces, 5u);
  QCOMPARE(c->baseline.side.fromNs, kBase);
  QCOMPARE(c->baseline.side.toNs, kBase + 5 * kSecond);
  QCOMPARE(c->target.traces, 5u);
  QCOMPARE(c->target.side.toNs, kBase + 609 * kSecond + 1);
  const auto* get = findOperation(*c, "web", "GET /a");
  QCOMPARE(get->baseline->p95Ns, 50 * kMs);
  QCOMPARE(get->target->p50Ns, 80 * kMs);  // 60, 70, 80, 90, 1000 ms
  QCOMPARE(get->target->p95Ns, 1000 * kMs);
  // Unix nanoseconds for the ends.
  const auto ns = compareTraceSets(
      *m_ws, side(std::to_string(kBase) + ".." + std::to_string(kBase + 2 * kSecond)),
      side(".." + std::to_string(kBase + 1)), &status);
  QVERIFY(ns);
  QCOMPARE(ns->baseline.traces, 2u);
  QCOMPARE(ns->target.traces, 1u);
}

void TstCompareTraces::emptySideComparesAsRemoved() {
  Status status;
  const auto c =
      compareTraceSets(*m_ws, side("1"), side("2030-01-01T00:00Z..2030-01-02T00:00Z"), &status);
  QVERIFY(c);
  QCOMPARE(c->target.traces, 0u);
  QCOMPARE(c->target.spans, 0u);
  QCOMPARE(c->operations.size(), 4u);
  for (const auto& row : c->operations)
    QCOMPARE(row.status, OperationComparison::Status::Removed);
  for (const auto& path : c->paths)
    QCOMPARE(path.change, PathChange::Removed);
}

void TstCompareTraces::orphansAndCyclesStartTheirOwnPaths() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  TraceBatch batch = sideBatch(false);
  batch.spans.clear();
  // Trace 1: a child whose parent (span 9) is missing: a root of its own.
  batch.spans.push_back(makeSpan(0, 3, 1, 0, 1, "GET /a", SpanKind::Server, kBase, 10 * kMs));
  batch.spans.push_back(makeSpan(0, 3, 2, 9, 2, "SELECT", SpanKind::Client, kBase, kMs));
  // Trace 2: spans 1 and 2 are each other's parents: the cycle is cut, no span is lost.
  batch.spans.push_back(makeSpan(1, 3, 1, 2, 1, "loop a", SpanKind::Internal, kBase + 1, kMs));
  batch.spans.push_back(makeSpan(1, 3, 2, 1, 1, "loop b", SpanKind::Internal, kBase + 2, kMs));
  // Trace 3: a span that names itself as its parent.
  batch.spans.push_back(makeSpan(2, 3, 1, 1, 1, "self", SpanKind::Internal, kBase + 3, kMs));
  TraceWriter writer(*ws, SourceDescription{"/o.json", "otlp-json", "o", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
  const auto c = compareTraceSets(*ws, side("1"), side("1"), &status);
  QVERIFY2(c, status.message().c_str());
  QCOMPARE(c->baseline.spans, 5u);
  std::uint64_t spansInPaths = 0;
  for (const auto& path : c->paths) {
    spansInPaths += path.baselineSpans;
    QCOMPARE(path.change, PathChange::Same);
  }
  QCOMPARE(spansInPaths, 5u);
  QStringList roots;
  for (const auto& path : c->paths) {
    if (path.parent < 0)
      roots << QString::fromStdString(path.step.operation);
  }
  QCOMPARE(roots, strings({"SELECT", "GET /a", "loop b", "self"}));
}

void TstCompareTraces::profilesOfEachSide() {
  Status status;
  auto ws = makeCompareWorkspace();
  // Profile 1 at 14:00:05 (baseline), 2 at 14:11 and 3 at 14:12 (target), 4 with no time.
  QVERIFY(insertProfile(*ws, 1, 10, kBase + 5 * kSecond, "cpu").isOk());
  QVERIFY(insertProfile(*ws, 2, 11, kBase + 660 * kSecond, "alloc_space").isOk());
  QVERIFY(insertProfile(*ws, 3, 12, kBase + 720 * kSecond, "cpu").isOk());
  QVERIFY(insertProfile(*ws, 4, 13, 0, "cpu").isOk());
  auto c = compareTraceSets(*ws, side("first 5m"), side("2026-11-20T14:05Z.."), &status);
  QVERIFY2(c, status.message().c_str());
  QCOMPARE(c->profiles.baseline.size(), 1u);
  QCOMPARE(c->profiles.baseline[0].id, 1);
  QCOMPARE(c->profiles.baseline[0].sampleTypes, std::string("cpu/count"));
  // The open end stops at the last trace start: profiles after it are not in the target.
  QCOMPARE(c->profiles.target.size(), 0u);
  c = compareTraceSets(*ws, side("first 5m"), side("2026-11-20T14:05Z..2026-11-20T15:00Z"),
                       &status);
  QCOMPARE(c->profiles.target.size(), 2u);
  QCOMPARE(*c->profiles.diffBaselineId, 1);
  QCOMPARE(*c->profiles.diffTargetId, 3);
  // A trace source's profiles are those taken while its spans ran.
  c = compareTraceSets(*ws, side("1"), side("source:11"), &status);
  QCOMPARE(c->profiles.baseline.size(), 1u);
  QCOMPARE(c->profiles.target.size(), 1u);
  QCOMPARE(c->profiles.target[0].id, 2);
  QVERIFY(!c->profiles.diffTargetId);
}

void TstCompareTraces::diffPairNeedsTheSameSampleTypes() {
  CompareProfiles profiles;
  profiles.baseline = {
      {1, 1, "a", "cpu/ns", 0}, {2, 1, "a", "space/bytes", 0}, {5, 1, "a", "cpu/ns", 0}};
  profiles.target = {{3, 2, "b", "goroutine/count", 0}, {4, 2, "b", "cpu/ns", 0}};
  pickDiffPair(profiles);
  QCOMPARE(*profiles.diffTargetId, 4);
  QCOMPARE(*profiles.diffBaselineId, 5);  // the latest baseline profile of the same kind
  profiles.target = {{5, 1, "a", "cpu/ns", 0}};
  pickDiffPair(profiles);
  QCOMPARE(*profiles.diffBaselineId, 1);  // never a profile against itself
  profiles.baseline = {{5, 1, "a", "cpu/ns", 0}};
  pickDiffPair(profiles);
  QVERIFY(!profiles.diffBaselineId);
}

void TstCompareTraces::unknownSourceFails() {
  Status status;
  QVERIFY(!compareTraceSets(*m_ws, side("nope.json"), side("1"), &status));
  QCOMPARE(status.message(), std::string("baseline: no source 'nope.json' in the workspace "
                                         "(neither a path nor a file name of one)"));
  QVERIFY(!compareTraceSets(*m_ws, side("1"), side("7"), &status));
  QCOMPARE(status.message(), std::string("target: no source with id 7 in the workspace"));
}

QTEST_GUILESS_MAIN(TstCompareTraces)
#include "tst_compare_traces.moc"
