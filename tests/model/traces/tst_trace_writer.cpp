#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/store_attributes.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_writer.h"

using namespace sightline;

namespace {

AttributeValue stringValue(std::string text) {
  AttributeValue v;
  v.type = AttributeValue::Type::String;
  v.text = std::move(text);
  return v;
}

AttributeValue intValue(std::int64_t i, AttributeValue::Type type = AttributeValue::Type::Int) {
  AttributeValue v;
  v.type = type;
  v.intValue = i;
  return v;
}

AttributeValue doubleValue(double d) {
  AttributeValue v;
  v.type = AttributeValue::Type::Double;
  v.doubleValue = d;
  return v;
}

AttributeValue textValue(AttributeValue::Type type, std::string text) {
  AttributeValue v;
  v.type = type;
  v.text = std::move(text);
  return v;
}

TraceId traceId(int n) {
  TraceId id;
  id.bytes[15] = static_cast<std::uint8_t>(n);
  id.bytes[0] = 0xab;
  return id;
}

SpanId spanId(int n) {
  SpanId id;
  if (n == 0)
    return id;
  id.bytes[7] = static_cast<std::uint8_t>(n);
  id.bytes[0] = 0xcd;
  return id;
}

ResourceRecord resource(std::uint32_t localId, const std::string& service) {
  ResourceRecord r;
  r.localId = localId;
  if (!service.empty())
    r.attributes.push_back({"service.name", stringValue(service)});
  return r;
}

ScopeRecord scope(std::uint32_t localId) {
  ScopeRecord s;
  s.localId = localId;
  s.name = "test-scope";
  return s;
}

SpanRecord span(int trace, int id, int parent, std::string name, std::uint64_t start,
                std::uint64_t end, std::uint32_t resourceId = 1) {
  SpanRecord s;
  s.resourceLocalId = resourceId;
  s.scopeLocalId = 1;
  s.traceId = traceId(trace);
  s.spanId = spanId(id);
  s.parentSpanId = spanId(parent);
  s.name = std::move(name);
  s.startUnixNano = start;
  s.endUnixNano = end;
  return s;
}

SourceDescription source(const std::string& sha) {
  return SourceDescription{"/tmp/" + sha + ".otlp", "otlp-proto", sha, 1234};
}

bool sameValue(const AttributeValue& a, const AttributeValue& b) {
  if (a.type != b.type || a.intValue != b.intValue || a.text != b.text)
    return false;
  if (std::isnan(a.doubleValue))
    return std::isnan(b.doubleValue);
  return a.doubleValue == b.doubleValue &&
         std::signbit(a.doubleValue) == std::signbit(b.doubleValue);
}

void compareAttributes(const std::vector<Attribute>& actual,
                       const std::vector<Attribute>& expected) {
  QCOMPARE(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    QCOMPARE(actual[i].key, expected[i].key);
    QVERIFY2(sameValue(actual[i].value, expected[i].value), expected[i].key.c_str());
  }
}

// Every row of every table (and the schema itself), in a stable order.
std::string dumpWorkspace(sqlite3* db) {
  std::string out;
  StoreStatement tables(db,
                        "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                        "ORDER BY name");
  std::vector<std::string> names;
  while (tables.step()) {
    out += tables.columnText(0) + ": " + tables.columnText(1) + "\n";
    if (tables.columnText(1).rfind("CREATE TABLE", 0) == 0)
      names.push_back(tables.columnText(0));
  }
  for (const auto& name : names) {
    StoreStatement rows(db, "SELECT * FROM " + name + " ORDER BY 1, 2");
    const int columns = sqlite3_column_count(rows.get());
    while (rows.step()) {
      out += name + ":";
      for (int i = 0; i < columns; ++i) {
        const auto* text = sqlite3_column_blob(rows.get(), i);
        out += '|';
        out += std::to_string(sqlite3_column_type(rows.get(), i)) + ":";
        if (text)
          out.append(static_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(rows.get(), i)));
      }
      out += '\n';
    }
  }
  return out;
}

std::int64_t count(sqlite3* db, const std::string& sql) {
  StoreStatement q(db, sql);
  return q.step() ? q.columnInt(0) : -1;
}

}  // namespace

class TstTraceWriter : public QObject {
  Q_OBJECT

 private slots:
  void roundTripsEverySpanField_data();
  void roundTripsEverySpanField();
  void summaryFollowsTheDefinition();
  void summaryIsRecomputedAcrossSources();
  void failedOrCancelledImportLeavesWorkspaceUnchanged();
  void freshWorkspaceAbortKeepsIndexes();
  void threadedImportOfManyBatches();
  void mostlyUniqueValuesAreStoredInline();
};

void TstTraceWriter::roundTripsEverySpanField_data() {
  QTest::addColumn<bool>("onDisk");
  QTest::newRow("memory") << false;
  QTest::newRow("file") << true;
}

void TstTraceWriter::roundTripsEverySpanField() {
  QFETCH(bool, onDisk);
  QTemporaryDir dir;
  const std::string path =
      onDisk ? dir.filePath(QStringLiteral("w.sightline")).toStdString() : std::string(":memory:");
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY2(ws, status.message().c_str());

  using Type = AttributeValue::Type;
  const std::string longText(300, 'x');
  const std::string rawBytes("\x00\x01\xff\x80zz", 6);
  std::vector<Attribute> attributes = {
      {"s", stringValue("GET")},
      {"long", stringValue(longText + "tail")},
      {"empty.string", stringValue("")},
      {"b", intValue(1, Type::Bool)},
      {"f", intValue(0, Type::Bool)},
      {"i", intValue(std::numeric_limits<std::int64_t>::min())},
      {"d", doubleValue(3.25)},
      {"negzero", doubleValue(-0.0)},
      {"nan", doubleValue(std::numeric_limits<double>::quiet_NaN())},
      {"inf", doubleValue(-std::numeric_limits<double>::infinity())},
      {"bytes", textValue(Type::Bytes, rawBytes)},
      {"nobytes", textValue(Type::Bytes, "")},
      {"arr", textValue(Type::Array, R"([{"intValue":"1"},{"stringValue":"a"}])")},
      {"kv", textValue(Type::KvList, R"([{"key":"k","value":{"boolValue":true}}])")},
      {"none", AttributeValue{}},
      {"s", stringValue("duplicate key kept")},
  };

  TraceBatch batch;
  ResourceRecord res = resource(7, "checkout");
  res.attributes.push_back({"host.cpu", intValue(8)});
  res.droppedAttributesCount = 2;
  res.schemaUrl = "https://opentelemetry.io/schemas/1.21.0";
  batch.resources.push_back(res);
  ScopeRecord sc = scope(1);
  sc.version = "1.2.3";
  sc.attributes.push_back({"scope.attr", stringValue("v")});
  batch.scopes.push_back(sc);

  SpanRecord s = span(1, 1, 0, "GET /cart", 1000, 5000, 7);
  s.kind = SpanKind::Server;
  s.attributes = attributes;
  s.droppedAttributesCount = 3;
  s.traceState = "vendor=1,other=two";
  s.flags = 0x301;
  s.statusCode = StatusCode::Error;
  s.statusMessage = "boom";
  SpanEventRecord event;
  event.timeUnixNano = 1500;
  event.name = "exception";
  event.attributes = {{"exception.type", stringValue("IOError")},
                      {"bytes", textValue(Type::Bytes, rawBytes)}};
  event.droppedAttributesCount = 1;
  s.events = {event, SpanEventRecord{1600, "second", {}, 0}};
  s.droppedEventsCount = 4;
  SpanLinkRecord link;
  link.traceId = traceId(9);
  link.spanId = spanId(9);
  link.traceState = "a=b";
  link.attributes = {{"link.kind", stringValue("follows")}, {"n", doubleValue(0.5)}};
  link.droppedAttributesCount = 6;
  link.flags = 1;
  s.links = {link};
  s.droppedLinksCount = 5;
  batch.spans.push_back(s);
  batch.spans.push_back(span(1, 2, 1, "child", 2000, 3000, 7));

  TraceWriter writer(*ws, source("sha-roundtrip"));
  QVERIFY(writer.consume(std::move(batch)).isOk());
  const Status finished = writer.finish();
  QVERIFY2(finished.isOk(), finished.message().c_str());
  QCOMPARE(writer.stats().spans, 2u);
  QCOMPARE(writer.stats().traces, 1u);
  QVERIFY(writer.stats().sourceId > 0);

  auto trace = loadTrace(*ws, traceId(1));
  QVERIFY(trace.has_value());
  QCOMPARE(trace->spans.size(), 2u);
  QCOMPARE(trace->services, std::vector<std::string>{"checkout"});
  const LoadedSpan& root = trace->spans[0];
  QCOMPARE(root.spanId, spanId(1));
  QVERIFY(root.parentSpanId.isZero());
  QCOMPARE(root.name, std::string("GET /cart"));
  QCOMPARE(root.kind, SpanKind::Server);
  QCOMPARE(root.startUnixNano, 1000u);
  QCOMPARE(root.endUnixNano, 5000u);
  QCOMPARE(root.statusCode, StatusCode::Error);
  QCOMPARE(root.statusMessage, std::string("boom"));
  QVERIFY(root.hasLinks);
  QCOMPARE(trace->spans[1].parentSpanId, spanId(1));
  QVERIFY(!trace->spans[1].hasLinks);
  QVERIFY(!loadTrace(*ws, traceId(2)).has_value());

  auto details = loadSpanDetails(*ws, root.rowId);
  QVERIFY(details.has_value());
  compareAttributes(details->attributes, attributes);
  compareAttributes(details->resourceAttributes, res.attributes);
  QCOMPARE(details->scopeName, std::string("test-scope"));
  QCOMPARE(details->scopeVersion, std::string("1.2.3"));
  QCOMPARE(details->traceState, s.traceState);
  QCOMPARE(details->flags, 0x301u);
  QCOMPARE(details->droppedAttributesCount, 3u);
  QCOMPARE(details->droppedEventsCount, 4u);
  QCOMPARE(details->droppedLinksCount, 5u);
  QCOMPARE(details->events.size(), 2u);
  QCOMPARE(details->events[0].name, std::string("exception"));
  QCOMPARE(details->events[0].timeUnixNano, 1500u);
  QCOMPARE(details->events[0].droppedAttributesCount, 1u);
  compareAttributes(details->events[0].attributes, event.attributes);
  QCOMPARE(details->events[1].name, std::string("second"));
  QVERIFY(details->events[1].attributes.empty());
  QCOMPARE(details->links.size(), 1u);
  QCOMPARE(details->links[0].traceId, traceId(9));
  QCOMPARE(details->links[0].spanId, spanId(9));
  QCOMPARE(details->links[0].traceState, std::string("a=b"));
  QCOMPARE(details->links[0].droppedAttributesCount, 6u);
  QCOMPARE(details->links[0].flags, 1u);
  compareAttributes(details->links[0].attributes, link.attributes);
  QVERIFY(!loadSpanDetails(*ws, 123456).has_value());

  // Resource details that the span API does not return are still in the tables.
  QCOMPARE(count(ws->db(), "SELECT dropped_attributes_count FROM resources"), 2);
  QCOMPARE(count(ws->db(), "SELECT count(*) FROM scope_attributes"), 1);
}

void TstTraceWriter::summaryFollowsTheDefinition() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  TraceBatch batch;
  batch.resources = {resource(1, "a"), resource(2, "b"), resource(3, "")};
  batch.scopes = {scope(1)};
  // Trace 1: the real root (parent 99) is missing; a later parentless span must not win.
  SpanRecord orphan = span(1, 1, 99, "orphan", 100, 500, 1);
  SpanRecord child = span(1, 2, 1, "child", 150, 700, 1);
  child.statusCode = StatusCode::Error;
  SpanRecord okSpan = span(1, 3, 0, "late-root", 200, 300, 2);
  okSpan.statusCode = StatusCode::Ok;
  SpanRecord unknown = span(1, 4, 2, "nameless-service", 160, 170, 3);
  unknown.statusCode = StatusCode::Error;
  batch.spans = {child, okSpan, orphan, unknown};
  // Trace 2: a single span, later start.
  batch.spans.push_back(span(2, 1, 0, "solo", 1000, 1000, 2));

  TraceWriter writer(*ws, source("sha-summary"));
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
  QCOMPARE(writer.stats().traces, 2u);

  const auto traces = listTraces(*ws, TraceFilter{});
  QCOMPARE(traces.size(), 2u);
  QCOMPARE(traces[0].traceId, traceId(2));  // newest first
  QCOMPARE(traces[0].durationNs, 0u);
  QCOMPARE(traces[0].rootName, std::string("solo"));
  const TraceSummary& t = traces[1];
  QCOMPARE(t.traceId, traceId(1));
  QCOMPARE(t.rootName, std::string("orphan"));
  QCOMPARE(t.rootService, std::string("a"));
  QCOMPARE(t.startUnixNano, 100u);
  QCOMPARE(t.durationNs, 600u);
  QCOMPARE(t.spanCount, 4u);
  QCOMPARE(t.errorCount, 2u);
  QCOMPARE(t.services, (std::vector<std::string>{"a", "b", "unknown_service"}));
}

void TstTraceWriter::summaryIsRecomputedAcrossSources() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  {
    TraceBatch batch;
    batch.resources = {resource(1, "a")};
    batch.scopes = {scope(1)};
    batch.spans = {span(1, 1, 0, "root", 100, 500), span(1, 2, 1, "child", 200, 300)};
    TraceWriter writer(*ws, source("first"));
    QVERIFY(writer.consume(std::move(batch)).isOk());
    QVERIFY(writer.finish().isOk());
  }
  {
    TraceBatch batch;
    batch.resources = {resource(1, "c")};
    batch.scopes = {scope(1)};
    SpanRecord duplicate = span(1, 2, 1, "child-again", 200, 300);
    duplicate.statusCode = StatusCode::Error;
    batch.spans = {span(1, 3, 1, "late", 450, 900), duplicate, span(3, 1, 0, "other", 5, 6)};
    TraceWriter writer(*ws, source("second"));
    QVERIFY(writer.consume(std::move(batch)).isOk());
    QVERIFY(writer.finish().isOk());
    QCOMPARE(writer.stats().duplicateSpans, 1u);
    QCOMPARE(writer.stats().spans, 2u);
    QCOMPARE(writer.stats().traces, 2u);
  }
  const auto traces = listTraces(*ws, TraceFilter{});
  QCOMPARE(traces.size(), 2u);
  const TraceSummary& t = traces[0];
  QCOMPARE(t.traceId, traceId(1));
  QCOMPARE(t.rootName, std::string("root"));
  QCOMPARE(t.durationNs, 800u);
  QCOMPARE(t.spanCount, 3u);
  QCOMPARE(t.errorCount, 0u);  // the duplicate (with an error status) was skipped
  QCOMPARE(t.services, (std::vector<std::string>{"a", "c"}));
  TraceFilter byService;
  byService.service = "c";
  QCOMPARE(listTraces(*ws, byService).size(), 2u);
  byService.service = "a";
  QCOMPARE(listTraces(*ws, byService).size(), 1u);
}

void TstTraceWriter::failedOrCancelledImportLeavesWorkspaceUnchanged() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  {
    TraceBatch batch;
    batch.resources = {resource(1, "a")};
    batch.scopes = {scope(1)};
    batch.spans = {span(1, 1, 0, "root", 100, 500), span(1, 2, 1, "child", 200, 300)};
    batch.spans[0].attributes = {{"http.method", stringValue("GET")}};
    TraceWriter writer(*ws, source("prior"));
    QVERIFY(writer.consume(std::move(batch)).isOk());
    QVERIFY(writer.finish().isOk());
  }
  const std::string before = dumpWorkspace(ws->db());
  QVERIFY(before.find("spans:") != std::string::npos);

  auto fullBatch = [] {
    TraceBatch batch;
    batch.resources = {resource(1, "new-service")};
    batch.scopes = {scope(1)};
    batch.spans = {span(1, 5, 1, "added", 50, 5000), span(4, 1, 0, "new", 10, 20)};
    batch.spans[1].attributes = {{"brand.new.key", stringValue("brand new value")}};
    return batch;
  };
  {  // explicit abort after batches were written
    TraceWriter writer(*ws, source("aborted"));
    QVERIFY(writer.consume(fullBatch()).isOk());
    QVERIFY(writer.consume(fullBatch()).isOk());
    writer.abort();
    QVERIFY(!writer.consume(fullBatch()).isOk());
  }
  QCOMPARE(dumpWorkspace(ws->db()), before);
  {  // destroyed without finish()
    TraceWriter writer(*ws, source("dropped"));
    QVERIFY(writer.consume(fullBatch()).isOk());
  }
  QCOMPARE(dumpWorkspace(ws->db()), before);
  {  // a batch the store rejects: a span whose resource was never sent
    TraceWriter writer(*ws, source("bad"));
    QVERIFY(writer.consume(fullBatch()).isOk());
    TraceBatch bad;
    bad.spans = {span(6, 1, 0, "x", 1, 2, 42)};
    writer.consume(std::move(bad));
    const Status finished = writer.finish();
    QVERIFY(!finished.isOk());
    QVERIFY(finished.message().find("resource") != std::string::npos);
  }
  QCOMPARE(dumpWorkspace(ws->db()), before);
  QVERIFY(!ws->findSourceBySha256("bad").has_value());
  QVERIFY(ws->findSourceBySha256("prior").has_value());
}

void TstTraceWriter::freshWorkspaceAbortKeepsIndexes() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  const std::string before = dumpWorkspace(ws->db());
  {
    TraceWriter writer(*ws, source("x"));
    TraceBatch batch;
    batch.resources = {resource(1, "a")};
    batch.scopes = {scope(1)};
    batch.spans = {span(1, 1, 0, "root", 100, 500)};
    QVERIFY(writer.consume(std::move(batch)).isOk());
    writer.abort();
  }
  QCOMPARE(dumpWorkspace(ws->db()), before);
  QCOMPARE(count(ws->db(), "SELECT count(*) FROM sqlite_master WHERE name = 'spans_trace'"), 1);
}

void TstTraceWriter::threadedImportOfManyBatches() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  constexpr int kBatches = 40;
  constexpr int kTracesPerBatch = 25;
  constexpr int kSpansPerTrace = 8;
  TraceWriter writer(*ws, source("many"));
  for (int b = 0; b < kBatches; ++b) {
    TraceBatch batch;
    if (b == 0) {
      batch.resources = {resource(1, "front"), resource(2, "back")};
      batch.scopes = {scope(1)};
    }
    for (int t = 0; t < kTracesPerBatch; ++t) {
      TraceId trace;
      trace.bytes[0] = static_cast<std::uint8_t>(b);
      trace.bytes[1] = static_cast<std::uint8_t>(t);
      for (int s = 1; s <= kSpansPerTrace; ++s) {
        SpanRecord rec = span(0, s, s == 1 ? 0 : 1, "op" + std::to_string(s % 3),
                              static_cast<std::uint64_t>(1000 * b + s),
                              static_cast<std::uint64_t>(1000 * b + 10 * s), s % 2 ? 1 : 2);
        rec.traceId = trace;
        rec.attributes = {{"k", intValue(s)}, {"route", stringValue("/r/" + std::to_string(t))}};
        batch.spans.push_back(std::move(rec));
      }
    }
    QVERIFY(writer.consume(std::move(batch)).isOk());
  }
  QVERIFY(writer.finish().isOk());
  QCOMPARE(writer.stats().spans, std::uint64_t(kBatches * kTracesPerBatch * kSpansPerTrace));
  QCOMPARE(writer.stats().traces, std::uint64_t(kBatches * kTracesPerBatch));
  QCOMPARE(count(ws->db(), "SELECT count(*) FROM spans"),
           kBatches * kTracesPerBatch * kSpansPerTrace);
  QCOMPARE(count(ws->db(), "SELECT count(*) FROM span_attributes"),
           kBatches * kTracesPerBatch * kSpansPerTrace * 2);
  QCOMPARE(count(ws->db(), "SELECT sum(span_count) FROM traces"),
           kBatches * kTracesPerBatch * kSpansPerTrace);
  QCOMPARE(count(ws->db(), "SELECT count(*) FROM traces WHERE duration_ns <> 79"), 0);
  QCOMPARE(count(ws->db(),
                 "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'span%'"),
           4);
  StoreStatement integrity(ws->db(), "PRAGMA integrity_check");
  QVERIFY(integrity.step());
  QCOMPARE(integrity.columnText(0), std::string("ok"));
}

void TstTraceWriter::mostlyUniqueValuesAreStoredInline() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  constexpr int kSpans = AttributeValueEncoder::kSampleSize + 3000;
  TraceBatch batch;
  batch.resources = {resource(1, "svc")};
  batch.scopes = {scope(1)};
  for (int i = 0; i < kSpans; ++i) {
    SpanRecord s = span(1 + i / 300, 1 + i % 300, 0, "op", 10 + i, 20 + i);
    s.attributes = {{"request.id", stringValue("req-" + std::to_string(i))},
                    {"http.method", stringValue(i % 3 ? "GET" : "POST")}};
    batch.spans.push_back(std::move(s));
  }
  TraceWriter writer(*ws, source("unique"));
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());

  constexpr int kSample = AttributeValueEncoder::kSampleSize;
  const std::string byKey =
      "SELECT count(*) FROM span_attributes a JOIN strings k ON k.id = a.key_id WHERE k.text = ";
  // Repeating values stay interned; a unique-valued key switches to inline after its sample.
  QCOMPARE(count(ws->db(), byKey + "'http.method' AND typeof(a.value) = 'integer'"), kSpans);
  QCOMPARE(count(ws->db(), byKey + "'request.id' AND typeof(a.value) = 'integer'"), kSample);
  QCOMPARE(count(ws->db(), byKey + "'request.id' AND typeof(a.value) = 'text'"), kSpans - kSample);
  QCOMPARE(count(ws->db(), "SELECT count(*) FROM strings WHERE text LIKE 'req-%'"), kSample);
  // Both forms read back and search the same.
  QCOMPARE(count(ws->db(),
                 "SELECT count(DISTINCT value) FROM span_attributes_view WHERE key = 'request.id'"),
           kSpans);
  for (int i : {65535, kSpans - 1}) {  // interned, inline
    TraceFilter filter;
    filter.text = "req-" + std::to_string(i);
    const auto traces = listTraces(*ws, filter);
    QCOMPARE(traces.size(), 1u);
    QCOMPARE(traces[0].traceId, traceId(1 + i / 300));
  }
}

QTEST_GUILESS_MAIN(TstTraceWriter)
#include "tst_trace_writer.moc"
