// The "What's different" comparison (model/diagnosis/outlier_comparison) on a hand-built
// workspace whose shares are known: scores, ranking, distributions, id-like keys, inline and
// interned strings of one key, and root spans standing for their traces.
#include <QtTest>

#include <sqlite3.h>

#include "model/diagnosis/outlier_comparison.h"
#include "model/diagnosis/outlier_where.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/stored_attribute.h"
#include "model/traces/trace_writer.h"

using namespace sightline;

namespace {

using Type = AttributeValue::Type;
constexpr std::uint64_t kMs = 1000000;
constexpr std::uint64_t kBase = 1700000000000000000ull;

Attribute text(std::string key, std::string value) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = Type::String;
  a.value.text = std::move(value);
  return a;
}

Attribute integer(std::string key, std::int64_t value) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = Type::Int;
  a.value.intValue = value;
  return a;
}

TraceId traceNumber(int n) {
  TraceId id;
  id.bytes[0] = 0x10;
  id.bytes[15] = static_cast<std::uint8_t>(n);
  return id;
}

SpanId spanNumber(int n) {
  SpanId id;
  id.bytes[0] = 0x20;
  id.bytes[7] = static_cast<std::uint8_t>(n);
  return id;
}

SpanRecord span(int trace, int id, std::uint32_t resource, const char* name, SpanKind kind,
                std::uint64_t start, std::uint64_t durationNs) {
  SpanRecord s;
  s.resourceLocalId = resource;
  s.scopeLocalId = 1;
  s.traceId = traceNumber(trace);
  s.spanId = spanNumber(id);
  s.name = name;
  s.kind = kind;
  s.startUnixNano = start;
  s.endUnixNano = start + durationNs;
  return s;
}

ResourceRecord resource(std::uint32_t id, const char* service, const char* region) {
  ResourceRecord r;
  r.localId = id;
  r.attributes = {text("service.name", service), text("cloud.region", region)};
  return r;
}

const OutlierKeyComparison* findKey(const OutlierComparison& comparison, const char* key) {
  for (const OutlierKeyComparison& k : comparison.keys) {
    if (k.key == key)
      return &k;
  }
  return nullptr;
}

// "value sel% base%" per value, then other and missing, for compact comparisons.
QStringList describe(const OutlierKeyComparison& key) {
  QStringList lines;
  auto pct = [](double share) { return QString::number(share * 100, 'f', 1); };
  for (const OutlierValueShare& value : key.values) {
    lines << QStringLiteral("%1 %2 %3")
                 .arg(QString::fromStdString(outlierValueText(value.value)),
                      pct(value.selectionShare), pct(value.baselineShare));
  }
  lines << QStringLiteral("other(%1) %2 %3")
               .arg(key.other.values)
               .arg(pct(key.other.selectionShare), pct(key.other.baselineShare));
  lines << QStringLiteral("missing %1 %2")
               .arg(pct(key.missing.selectionShare), pct(key.missing.baselineShare));
  return lines;
}

QStringList lines(std::initializer_list<const char*> texts) {
  QStringList list;
  for (const char* text : texts)
    list << QString::fromUtf8(text);
  return list;
}

OutlierPredicate where(const char* text) {
  WhereError error;
  auto expression = WhereExpression::parse(text, &error);
  if (!expression)
    qFatal("bad expression %s: %s", text, error.text().c_str());
  return [expression = *expression](const OutlierSpan& s) { return expression.matches(s); };
}

}  // namespace

class TstOutlierComparison : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void ranksKeysByTheLargestShareDifference();
  void keepsBothDistributions();
  void idLikeKeysAreSkippedUnlessAValueRepeats();
  void inlineAndInternedTextAreOneValue();
  void scopeLimitsBothSides();
  void rootSpansStandForTheirTraces();
  void emptySelection();

 private:
  std::unique_ptr<Workspace> m_ws;
};

// 40 one-span traces. Selected by "duration > 1s": 8 slow api "checkout" server spans (2 s),
// cart.items 5 (6 of them) or 4 (2), customer.id "vip-1" on 4 and unique on the others, two
// with status ERROR, tier "gold" (4 interned + 2 stored inline by hand below). Baseline: 16 fast
// api "checkout" server spans with cart.items 1, and 16 fast db "query" client spans with
// db.system postgresql; every baseline span has a unique customer.id. Every span has a unique
// request.id. api runs in region eu, db in us. Trace 41 adds a slow child to trace 1 for the
// root-span test only (it is a span of its own everywhere else: see its note below).
void TstOutlierComparison::initTestCase() {
  Status status;
  m_ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_ws, status.message().c_str());
  TraceBatch batch;
  batch.resources = {resource(1, "api", "eu"), resource(2, "db", "us")};
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  int n = 0;
  for (int i = 0; i < 8; ++i, ++n) {
    SpanRecord s = span(n, n, 1, "checkout", SpanKind::Server, kBase + n * kMs, 2000 * kMs);
    s.attributes = {integer("cart.items", i < 6 ? 5 : 4),
                    text("customer.id", i < 4 ? "vip-1" : "c-sel-" + std::to_string(i)),
                    text("request.id", "r-" + std::to_string(n))};
    if (i < 4)
      s.attributes.push_back(text("tier", "gold"));
    if (i >= 6)
      s.statusCode = StatusCode::Error;
    batch.spans.push_back(std::move(s));
  }
  for (int i = 0; i < 32; ++i, ++n) {
    const bool api = i < 16;
    SpanRecord s = span(n, n, api ? 1 : 2, api ? "checkout" : "query",
                        api ? SpanKind::Server : SpanKind::Client, kBase + n * kMs, 10 * kMs);
    s.attributes = {text("customer.id", "c-base-" + std::to_string(i)),
                    text("request.id", "r-" + std::to_string(n))};
    if (api)
      s.attributes.insert(s.attributes.begin(), integer("cart.items", 1));
    else
      s.attributes.push_back(text("db.system", "postgresql"));
    batch.spans.push_back(std::move(s));
  }
  TraceWriter writer(*m_ws, SourceDescription{"mem", "test", "sha", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());

  // Two more selected spans say tier "gold" with the text stored inline, as the writer does
  // once it stops interning a key's values (and as another import may have done).
  StoreStatement targets(
      m_ws->db(),
      "SELECT s.id, (SELECT id FROM strings WHERE text = 'tier') FROM spans s WHERE s.end_ns - "
      "s.start_ns > 1000000000 AND s.id IN (SELECT span_id FROM span_attributes a JOIN strings "
      "k ON k.id = a.key_id WHERE k.text = 'cart.items' AND a.value = 5) AND s.id NOT IN "
      "(SELECT span_id FROM span_attributes a JOIN strings k ON k.id = a.key_id WHERE k.text = "
      "'tier') LIMIT 2");
  std::vector<std::pair<std::int64_t, std::int64_t>> spanAndKey;
  while (targets.step())
    spanAndKey.emplace_back(targets.columnInt(0), targets.columnInt(1));
  QCOMPARE(spanAndKey.size(), 2u);
  for (const auto& [spanRow, keyId] : spanAndKey) {
    StoredAttribute tier;
    tier.keyId = keyId;
    tier.type = static_cast<int>(AttributeValue::Type::String);
    tier.storage = StoredClass::Text;
    tier.bytes = "gold";
    std::string entry;
    appendStoredAttribute(entry, tier);
    StoreStatement append(m_ws->db(), "UPDATE spans SET attributes = attributes || ? WHERE id = ?");
    append.bindBlob(1, entry.data(), entry.size());
    append.bindInt(2, spanRow);
    QCOMPARE(append.execute(), SQLITE_DONE);
  }
}

void TstOutlierComparison::ranksKeysByTheLargestShareDifference() {
  OutlierQuery query;
  query.selection = where("duration > 1s");
  Status status;
  const OutlierComparison result = compareOutliers(*m_ws, query, &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(result.selectionSpans, std::uint64_t(8));
  QCOMPARE(result.baselineSpans, std::uint64_t(32));

  QStringList ranking;
  for (const OutlierKeyComparison& key : result.keys) {
    ranking << QStringLiteral("%1 %2").arg(QString::fromStdString(key.displayKey()),
                                           QString::number(key.score, 'f', 3));
  }
  // cart.items: 5 is on 75 % of the selection and on no baseline span. tier: gold 75 % vs 0.
  // Then the 0.5s, intrinsic keys first and by name; status: error 25 % vs 0.
  QCOMPARE(ranking, (lines({
                        "cart.items 0.750",
                        "tier 0.750",
                        "kind 0.500",
                        "name 0.500",
                        "service 0.500",
                        "customer.id 0.500",
                        "db.system 0.500",
                        "resource.cloud.region 0.500",
                        "status 0.250",
                    })));
}

void TstOutlierComparison::keepsBothDistributions() {
  OutlierQuery query;
  query.selection = where("duration > 1s");
  const OutlierComparison result = compareOutliers(*m_ws, query);
  const OutlierKeyComparison* items = findKey(result, "cart.items");
  QVERIFY(items);
  QCOMPARE(items->distinctValues, std::uint64_t(3));
  QCOMPARE(
      describe(*items),
      (lines({"5 75.0 0.0", "1 0.0 50.0", "4 25.0 0.0", "other(0) 0.0 0.0", "missing 0.0 50.0"})));
  QCOMPARE(items->values[0].value.type, Type::Int);
  QCOMPARE(items->values[0].selectionSpans, std::uint64_t(6));

  const OutlierKeyComparison* service = findKey(result, "service");
  QVERIFY(service);
  QCOMPARE(service->scope, OutlierKeyScope::Intrinsic);
  QCOMPARE(describe(*service),
           (lines({"api 100.0 50.0", "db 0.0 50.0", "other(0) 0.0 0.0", "missing 0.0 0.0"})));
  const OutlierKeyComparison* status = findKey(result, "status");
  QVERIFY(status);
  QCOMPARE(describe(*status),
           (lines({"unset 75.0 100.0", "error 25.0 0.0", "other(0) 0.0 0.0", "missing 0.0 0.0"})));
  const OutlierKeyComparison* region = findKey(result, "cloud.region");
  QVERIFY(region);
  QCOMPARE(region->scope, OutlierKeyScope::Resource);
  QCOMPARE(describe(*region),
           (lines({"eu 100.0 50.0", "us 0.0 50.0", "other(0) 0.0 0.0", "missing 0.0 0.0"})));
  // The resource's service.name is the intrinsic service, not a key of its own.
  QVERIFY(!findKey(result, "service.name"));

  // Fewer values kept: the rest is "other".
  query.topValues = 1;
  const OutlierComparison top1 = compareOutliers(*m_ws, query);
  QCOMPARE(describe(*findKey(top1, "cart.items")),
           (lines({"5 75.0 0.0", "other(2) 25.0 50.0", "missing 0.0 50.0"})));
  // The score still looks at every value.
  QCOMPARE(findKey(top1, "cart.items")->score, 0.75);
}

void TstOutlierComparison::idLikeKeysAreSkippedUnlessAValueRepeats() {
  OutlierQuery query;
  query.selection = where("duration > 1s");
  const OutlierComparison result = compareOutliers(*m_ws, query);
  // request.id: 40 values on 40 spans, none repeated: skipped.
  QVERIFY(!findKey(result, "request.id"));
  QCOMPARE(result.skippedKeys.size(), std::size_t(1));
  QCOMPARE(result.skippedKeys[0].key, std::string("request.id"));
  QCOMPARE(result.skippedKeys[0].distinctValues, std::uint64_t(40));
  QCOMPARE(result.skippedKeys[0].spans, std::uint64_t(40));
  // customer.id: 37 values on 40 spans, but "vip-1" is on half of the selection.
  const OutlierKeyComparison* customer = findKey(result, "customer.id");
  QVERIFY(customer);
  QCOMPARE(customer->distinctValues, std::uint64_t(37));
  QCOMPARE(describe(*customer).first(), QStringLiteral("vip-1 50.0 0.0"));
}

void TstOutlierComparison::inlineAndInternedTextAreOneValue() {
  OutlierQuery query;
  query.selection = where("duration > 1s");
  const OutlierComparison result = compareOutliers(*m_ws, query);
  const OutlierKeyComparison* tier = findKey(result, "tier");
  QVERIFY(tier);
  QCOMPARE(tier->distinctValues, std::uint64_t(1));
  QCOMPARE(describe(*tier), (lines({"gold 75.0 0.0", "other(0) 0.0 0.0", "missing 25.0 100.0"})));
}

void TstOutlierComparison::scopeLimitsBothSides() {
  OutlierQuery query;
  query.service = "api";
  query.selection = where("duration > 1s");
  const OutlierComparison result = compareOutliers(*m_ws, query);
  QCOMPARE(result.selectionSpans, std::uint64_t(8));
  QCOMPARE(result.baselineSpans, std::uint64_t(16));
  QVERIFY(!findKey(result, "db.system"));
  QCOMPARE(findKey(result, "service")->score, 0.0);
  // Every baseline span has cart.items 1 now: its difference (100 %) is the largest.
  QCOMPARE(describe(*findKey(result, "cart.items")).mid(0, 2),
           (lines({"1 0.0 100.0", "5 75.0 0.0"})));

  // A population predicate narrows the same way; an operation too.
  query.service.clear();
  query.population = [](const OutlierSpan& s) { return s.service == "api"; };
  const OutlierComparison byPredicate = compareOutliers(*m_ws, query);
  QCOMPARE(byPredicate.baselineSpans, std::uint64_t(16));
  query.population = {};
  query.operation = "query";
  const OutlierComparison byOperation = compareOutliers(*m_ws, query);
  QCOMPARE(byOperation.selectionSpans, std::uint64_t(0));
  QCOMPARE(byOperation.baselineSpans, std::uint64_t(16));
  query.operation = "no such operation";
  QCOMPARE(compareOutliers(*m_ws, query).baselineSpans, std::uint64_t(0));
}

// Root spans carry their trace's start and duration: a trace whose root is short but whose
// child ends late is slow as a trace, and the child's attributes do not count.
void TstOutlierComparison::rootSpansStandForTheirTraces() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  TraceBatch batch;
  batch.resources = {resource(1, "api", "eu")};
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  for (int t = 0; t < 4; ++t) {
    SpanRecord root = span(t, 2 * t, 1, "GET /", SpanKind::Server, kBase, 100 * kMs);
    root.attributes = {text("route", t < 2 ? "/slow" : "/fast")};
    SpanRecord child = span(t, 2 * t + 1, 1, "work", SpanKind::Internal, kBase + 50 * kMs,
                            t < 2 ? 1500 * kMs : 20 * kMs);
    child.parentSpanId = root.spanId;
    child.attributes = {text("worker", "w1")};
    batch.spans.push_back(std::move(root));
    batch.spans.push_back(std::move(child));
  }
  TraceWriter writer(*ws, SourceDescription{"mem", "test", "sha2", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());

  OutlierQuery query;
  query.unit = OutlierQuery::Unit::RootSpans;
  query.selection = where("duration > 1s");
  const OutlierComparison roots = compareOutliers(*ws, query, &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(roots.selectionSpans, std::uint64_t(2));
  QCOMPARE(roots.baselineSpans, std::uint64_t(2));
  QCOMPARE(describe(*findKey(roots, "route")).mid(0, 2),
           (lines({"/slow 100.0 0.0", "/fast 0.0 100.0"})));
  QVERIFY(!findKey(roots, "worker"));
  QCOMPARE(describe(*findKey(roots, "name")).first(), QStringLiteral("GET / 100.0 100.0"));

  // The same workspace by spans: the slow ones are the two children.
  query.unit = OutlierQuery::Unit::Spans;
  const OutlierComparison spans = compareOutliers(*ws, query);
  QCOMPARE(spans.selectionSpans, std::uint64_t(2));
  QCOMPARE(spans.baselineSpans, std::uint64_t(6));
  QVERIFY(describe(*findKey(spans, "name")).contains(QStringLiteral("work 100.0 33.3")));

  // A selection by trace id, as the heatmap makes it.
  query.unit = OutlierQuery::Unit::RootSpans;
  query.selection = [](const OutlierSpan& s) { return s.traceId == traceNumber(3); };
  const OutlierComparison one = compareOutliers(*ws, query);
  QCOMPARE(one.selectionSpans, std::uint64_t(1));
  QVERIFY(describe(*findKey(one, "route")).contains(QStringLiteral("/fast 100.0 33.3")));
}

void TstOutlierComparison::emptySelection() {
  OutlierQuery query;
  query.selection = where("duration > 1h");
  Status status;
  const OutlierComparison result = compareOutliers(*m_ws, query, &status);
  QVERIFY(status.isOk());
  QCOMPARE(result.selectionSpans, std::uint64_t(0));
  QCOMPARE(result.baselineSpans, std::uint64_t(40));
  // Only values the baseline has: every score is a baseline share (api: 24 of 40 spans).
  QCOMPARE(findKey(result, "service")->score, 0.6);
}

QTEST_GUILESS_MAIN(TstOutlierComparison)
#include "tst_outlier_comparison.moc"
