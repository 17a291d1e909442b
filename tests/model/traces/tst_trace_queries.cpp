#include <QtTest>

#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"
#include "model/store/workspace.h"
#include "model/traces/store_attributes.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_summary_store.h"
#include "model/traces/trace_writer.h"

using namespace sightline;

namespace {

AttributeValue stringValue(std::string text) {
  AttributeValue v;
  v.type = AttributeValue::Type::String;
  v.text = std::move(text);
  return v;
}

AttributeValue intValue(std::int64_t i) {
  AttributeValue v;
  v.type = AttributeValue::Type::Int;
  v.intValue = i;
  return v;
}

TraceId traceId(int n) {
  TraceId id;
  id.bytes[15] = static_cast<std::uint8_t>(n);
  return id;
}

SpanRecord span(int trace, int id, int parent, std::string name, std::uint64_t start,
                std::uint64_t end, std::uint32_t resource) {
  SpanRecord s;
  s.resourceLocalId = resource;
  s.scopeLocalId = 1;
  s.traceId = traceId(trace);
  s.spanId.bytes[7] = static_cast<std::uint8_t>(id);
  if (parent)
    s.parentSpanId.bytes[7] = static_cast<std::uint8_t>(parent);
  s.name = std::move(name);
  s.startUnixNano = start;
  s.endUnixNano = end;
  return s;
}

std::vector<int> traceNumbers(const std::vector<TraceSummary>& traces) {
  std::vector<int> numbers;
  for (const auto& t : traces)
    numbers.push_back(t.traceId.bytes[15]);
  return numbers;
}

}  // namespace

class TstTraceQueries : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void filters_data();
  void filters();
  void loadTraceOrdersSpansAndIndexesServices();
  void listsServicesAndOperations();
  void serviceListEncodingRoundTrips();
  void serviceFilterIsExactForOddNames();
  void internedAndInlineStringsAreSearchedAlike();

 private:
  std::unique_ptr<Workspace> m_ws;
};

// Four traces (start times 1000, 2000, 3000, 4000 → newest first is 4, 3, 2, 1):
//   1: frontend GET /home (10 ns) → backend SELECT (error)
//   2: frontend GET /cart (500 ns) with attribute user.id = "alice", int attribute 7
//   3: backend cron (2000 ns), a long inline attribute containing "needle"
//   4: worker consume (50 ns), kind consumer, literal "100%_done" status text attribute
void TstTraceQueries::initTestCase() {
  Status status;
  m_ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(m_ws);
  TraceBatch batch;
  for (std::uint32_t i = 1; i <= 3; ++i) {
    ResourceRecord r;
    r.localId = i;
    const char* names[] = {"", "frontend", "backend", "worker"};
    r.attributes.push_back({"service.name", stringValue(names[i])});
    batch.resources.push_back(r);
  }
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);

  batch.spans.push_back(span(1, 1, 0, "GET /home", 1000, 1010, 1));
  SpanRecord failing = span(1, 2, 1, "SELECT", 1002, 1008, 2);
  failing.statusCode = StatusCode::Error;
  batch.spans.push_back(failing);

  SpanRecord cart = span(2, 1, 0, "GET /cart", 2000, 2500, 1);
  cart.attributes = {{"user.id", stringValue("alice")}, {"retries", intValue(7)}};
  batch.spans.push_back(cart);

  SpanRecord cron = span(3, 1, 0, "cron", 3000, 5000, 2);
  cron.attributes = {{"db.statement", stringValue(std::string(100, 'q') + "needle")}};
  batch.spans.push_back(cron);

  SpanRecord consume = span(4, 1, 0, "consume", 4000, 4050, 3);
  consume.kind = SpanKind::Consumer;
  consume.attributes = {{"note", stringValue("100%_done")}};
  batch.spans.push_back(consume);

  TraceWriter writer(*m_ws, SourceDescription{"mem", "test", "sha", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
}

void TstTraceQueries::filters_data() {
  QTest::addColumn<QString>("service");
  QTest::addColumn<QString>("operation");
  QTest::addColumn<qulonglong>("minNs");
  QTest::addColumn<qulonglong>("maxNs");
  QTest::addColumn<bool>("errorsOnly");
  QTest::addColumn<QString>("text");
  QTest::addColumn<int>("limit");
  QTest::addColumn<QList<int>>("expected");

  const QString none;
  QTest::newRow("all, newest first")
      << none << none << 0ull << 0ull << false << none << 0 << QList<int>{4, 3, 2, 1};
  QTest::newRow("limit") << none << none << 0ull << 0ull << false << none << 2 << QList<int>{4, 3};
  QTest::newRow("service of a child span") << QStringLiteral("backend") << none << 0ull << 0ull
                                           << false << none << 0 << QList<int>{3, 1};
  QTest::newRow("unknown service")
      << QStringLiteral("nope") << none << 0ull << 0ull << false << none << 0 << QList<int>{};
  QTest::newRow("operation") << none << QStringLiteral("SELECT") << 0ull << 0ull << false << none
                             << 0 << QList<int>{1};
  QTest::newRow("min duration") << none << none << 50ull << 0ull << false << none << 0
                                << QList<int>{4, 3, 2};
  QTest::newRow("duration range") << none << none << 50ull << 500ull << false << none << 0
                                  << QList<int>{4, 2};
  QTest::newRow("errors only") << none << none << 0ull << 0ull << true << none << 0
                               << QList<int>{1};
  QTest::newRow("text in span name")
      << none << none << 0ull << 0ull << false << QStringLiteral("/ca") << 0 << QList<int>{2};
  QTest::newRow("text in service, case-insensitive")
      << none << none << 0ull << 0ull << false << QStringLiteral("WORK") << 0 << QList<int>{4};
  QTest::newRow("text in interned attribute value")
      << none << none << 0ull << 0ull << false << QStringLiteral("lic") << 0 << QList<int>{2};
  QTest::newRow("text in long attribute value")
      << none << none << 0ull << 0ull << false << QStringLiteral("needle") << 0 << QList<int>{3};
  QTest::newRow("wildcards are literal")
      << none << none << 0ull << 0ull << false << QStringLiteral("0%_d") << 0 << QList<int>{4};
  QTest::newRow("underscore is literal")
      << none << none << 0ull << 0ull << false << QStringLiteral("GET_") << 0 << QList<int>{};
  QTest::newRow("int attribute is not text")
      << none << none << 0ull << 0ull << false << QStringLiteral("7") << 0 << QList<int>{};
  QTest::newRow("combined") << QStringLiteral("frontend") << none << 100ull << 0ull << false
                            << QStringLiteral("GET") << 0 << QList<int>{2};
}

void TstTraceQueries::filters() {
  QFETCH(QString, service);
  QFETCH(QString, operation);
  QFETCH(qulonglong, minNs);
  QFETCH(qulonglong, maxNs);
  QFETCH(bool, errorsOnly);
  QFETCH(QString, text);
  QFETCH(int, limit);
  QFETCH(QList<int>, expected);
  TraceFilter filter;
  filter.service = service.toStdString();
  filter.operation = operation.toStdString();
  filter.minDurationNs = minNs;
  filter.maxDurationNs = maxNs;
  filter.errorsOnly = errorsOnly;
  filter.text = text.toStdString();
  filter.limit = static_cast<std::size_t>(limit);
  const auto traces = listTraces(*m_ws, filter);
  QCOMPARE(traceNumbers(traces), std::vector<int>(expected.begin(), expected.end()));
}

void TstTraceQueries::loadTraceOrdersSpansAndIndexesServices() {
  auto trace = loadTrace(*m_ws, traceId(1));
  QVERIFY(trace.has_value());
  QCOMPARE(trace->services, (std::vector<std::string>{"backend", "frontend"}));
  QCOMPARE(trace->spans.size(), 2u);
  QCOMPARE(trace->spans[0].name, std::string("GET /home"));
  QCOMPARE(trace->services[trace->spans[0].serviceIndex], std::string("frontend"));
  QCOMPARE(trace->services[trace->spans[1].serviceIndex], std::string("backend"));
  QCOMPARE(trace->spans[1].statusCode, StatusCode::Error);
  QCOMPARE(trace->spans[1].durationNs(), 6u);

  const auto summaries = listTraces(*m_ws, TraceFilter{});
  const TraceSummary& first = summaries.back();
  QCOMPARE(first.rootService, std::string("frontend"));
  QCOMPARE(first.rootName, std::string("GET /home"));
  QCOMPARE(first.services, (std::vector<std::string>{"backend", "frontend"}));
  QCOMPARE(first.errorCount, 1u);
  QCOMPARE(first.spanCount, 2u);
  QCOMPARE(first.durationNs, 10u);
  QCOMPARE(first.startUnixNano, 1000u);
}

void TstTraceQueries::listsServicesAndOperations() {
  QCOMPARE(listServices(*m_ws), (std::vector<std::string>{"backend", "frontend", "worker"}));
  QCOMPARE(listOperations(*m_ws),
           (std::vector<std::string>{"GET /cart", "GET /home", "SELECT", "consume", "cron"}));
  QCOMPARE(listOperations(*m_ws, "backend"), (std::vector<std::string>{"SELECT", "cron"}));
  QVERIFY(listOperations(*m_ws, "nope").empty());
}

void TstTraceQueries::serviceListEncodingRoundTrips() {
  const std::vector<std::string> names = {
      "", "plain", "q\"uote", "back\\slash", "tab\there", std::string("nul\0byte", 8), "ünïcode"};
  const std::string json = encodeStringListJson(names);
  QCOMPARE(decodeStringListJson(json), names);
  QCOMPARE(encodeStringListJson({"a", "b"}), std::string(R"(["a","b"])"));
  QVERIFY(decodeStringListJson("[]").empty());
}

void TstTraceQueries::serviceFilterIsExactForOddNames() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  TraceBatch batch;
  const char* names[] = {"x\"a", "a", "a,b"};
  for (std::uint32_t i = 0; i < 3; ++i) {
    ResourceRecord r;
    r.localId = i + 1;
    r.attributes.push_back({"service.name", stringValue(names[i])});
    batch.resources.push_back(r);
  }
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  batch.spans = {span(1, 1, 0, "one", 10, 20, 1), span(2, 1, 0, "two", 30, 40, 2),
                 span(3, 1, 0, "three", 50, 60, 3)};
  TraceWriter writer(*ws, SourceDescription{"mem", "test", "sha", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
  TraceFilter filter;
  filter.service = "a";
  QCOMPARE(traceNumbers(listTraces(*ws, filter)), std::vector<int>{2});
  filter.service = "x\"a";
  QCOMPARE(traceNumbers(listTraces(*ws, filter)), std::vector<int>{1});
  QCOMPARE(listTraces(*ws, filter)[0].services, std::vector<std::string>{"x\"a"});
  filter.service = "b";
  QVERIFY(listTraces(*ws, filter).empty());
}

void TstTraceQueries::internedAndInlineStringsAreSearchedAlike() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  TraceBatch batch;
  ResourceRecord r;
  r.localId = 1;
  batch.resources.push_back(r);
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  const std::string atLimit = std::string(kMaxInternedValueBytes - 4, 'a') + "mark";
  const std::string overLimit = std::string(kMaxInternedValueBytes - 3, 'b') + "mark";
  AttributeValue array;
  array.type = AttributeValue::Type::Array;
  array.text = R"([{"stringValue":"inside-array"}])";
  SpanRecord first = span(1, 1, 0, "one", 10, 20, 1);
  first.attributes = {{"v", stringValue(atLimit)}};
  SpanRecord second = span(2, 1, 0, "two", 30, 40, 1);
  second.attributes = {{"v", stringValue(overLimit)}};
  SpanRecord third = span(3, 1, 0, "three", 50, 60, 1);
  third.attributes = {{"v", array}};
  batch.spans = {first, second, third};
  TraceWriter writer(*ws, SourceDescription{"mem", "test", "sha", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());

  StoreStatement storage(ws->db(),
                         "SELECT group_concat(typeof(value), ',') FROM (SELECT value FROM "
                         "span_attributes ORDER BY span_id)");
  QVERIFY(storage.step());
  QCOMPARE(storage.columnText(0), std::string("integer,text,text"));

  TraceFilter filter;
  filter.text = "MARK";
  QCOMPARE(traceNumbers(listTraces(*ws, filter)), (std::vector<int>{2, 1}));
  filter.text = "inside-array";
  QCOMPARE(traceNumbers(listTraces(*ws, filter)), std::vector<int>{3});
  // A span without service.name belongs to unknown_service.
  QCOMPARE(listServices(*ws), std::vector<std::string>{"unknown_service"});
  auto details = loadSpanDetails(*ws, loadTrace(*ws, traceId(2))->spans[0].rowId);
  QVERIFY(details.has_value());
  QCOMPARE(details->attributes[0].value.text, overLimit);
}

QTEST_GUILESS_MAIN(TstTraceQueries)
#include "tst_trace_queries.moc"
