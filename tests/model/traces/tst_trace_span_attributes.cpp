// loadTraceSpanAttributes (one query for a whole trace) against loadSpanDetails (one span at
// a time, what `trace --json` used before): the same attributes, in the same order, for
// every span, and nothing of another trace.
#include <QtTest>

#include <cmath>
#include <random>

#include "model/store/workspace.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_span_attributes.h"
#include "model/traces/trace_writer.h"

using namespace sightline;

namespace {

using Type = AttributeValue::Type;

Attribute attribute(std::string key, Type type, std::string text = {}, std::int64_t i = 0,
                    double d = 0) {
  Attribute a;
  a.key = std::move(key);
  a.value.type = type;
  a.value.text = std::move(text);
  a.value.intValue = i;
  a.value.doubleValue = d;
  return a;
}

// One line per attribute: key, type and the value as text (NaN and bytes included).
QStringList describe(const std::vector<Attribute>& attributes) {
  QStringList lines;
  for (const Attribute& a : attributes) {
    QString value;
    switch (a.value.type) {
      case Type::Bool:
      case Type::Int:
        value = QString::number(a.value.intValue);
        break;
      case Type::Double:
        value = std::isnan(a.value.doubleValue) ? QStringLiteral("nan")
                                                : QString::number(a.value.doubleValue, 'g', 17);
        break;
      case Type::Bytes:
        value = QString::fromLatin1(QByteArray::fromStdString(a.value.text).toHex());
        break;
      default:
        value = QString::fromStdString(a.value.text);
    }
    lines << QStringLiteral("%1 %2 %3")
                 .arg(QString::fromStdString(a.key))
                 .arg(int(a.value.type))
                 .arg(value);
  }
  return lines;
}

TraceId traceNumber(std::uint8_t n) {
  TraceId id;
  id.bytes[0] = n;
  return id;
}

SpanRecord spanOf(std::uint8_t trace, std::uint64_t spanId, std::uint64_t start) {
  SpanRecord span;
  span.resourceLocalId = 1;
  span.scopeLocalId = 1;
  span.traceId = traceNumber(trace);
  for (std::size_t i = 0; i < 8; ++i)
    span.spanId.bytes[i] = static_cast<std::uint8_t>(spanId >> (8 * (7 - i)));
  span.name = "op";
  span.startUnixNano = start;
  span.endUnixNano = start + 10;
  return span;
}

}  // namespace

class TstTraceSpanAttributes : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void everySpanHasItsOwnAttributesInOrder();
  void spansSharingAnIdKeepTheirOwn();
  void anotherTraceKeepsItsOwn();

 private:
  std::unique_ptr<Workspace> m_ws;
  std::optional<LoadedTrace> m_trace;
};

// Trace 1: 300 spans with random ids (so that id order, row order and start order differ),
// each with its own attributes of every type in a non-alphabetical key order, some with
// none, and two spans sharing one span id. Trace 2: one span whose attribute must not leak.
void TstTraceSpanAttributes::initTestCase() {
  Status status;
  m_ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_ws, status.message().c_str());
  TraceBatch batch;
  ResourceRecord resource;
  resource.localId = 1;
  resource.attributes.push_back(attribute("service.name", Type::String, "svc"));
  batch.resources.push_back(resource);
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);

  std::mt19937_64 rng(7);
  for (int i = 0; i < 300; ++i) {
    SpanRecord span = spanOf(1, rng() | 1, 1000 + static_cast<std::uint64_t>(rng() % 5000));
    if (i % 7 != 3) {
      const std::string n = std::to_string(i);
      span.attributes = {
          attribute("z.route", Type::String, "/api/" + std::to_string(i % 5)),
          attribute("a.id", Type::String, "request-" + n),
          attribute("m.statement", Type::String, std::string(80, 's') + n),
          attribute("count", Type::Int, {}, i),
          attribute("flag", Type::Bool, {}, i % 2),
          attribute("ratio", Type::Double, {}, 0, i % 11 == 0 ? std::nan("") : i / 8.0),
          attribute("raw", Type::Bytes, std::string("\x00\xff", 2) + n),
          attribute("tags", Type::Array, R"([{"intValue":")" + n + R"("}])"),
          attribute("meta", Type::KvList, R"([{"key":"k","value":{"stringValue":"v"}}])"),
          attribute("nothing", Type::Empty),
          attribute("b.last", Type::String, n),
      };
    }
    batch.spans.push_back(std::move(span));
  }
  // A span id twice in one source: both are stored (the trace view reports them).
  SpanRecord twin = spanOf(1, 0xabcdef, 900);
  twin.attributes = {attribute("twin", Type::Int, {}, 1)};
  batch.spans.push_back(twin);
  twin.startUnixNano = 950;
  twin.attributes = {attribute("twin", Type::Int, {}, 2), attribute("second", Type::Bool, {}, 1)};
  batch.spans.push_back(twin);

  SpanRecord other = spanOf(2, 0x1234, 100);
  other.attributes = {attribute("other.trace", Type::String, "leak")};
  batch.spans.push_back(other);

  TraceWriter writer(*m_ws, SourceDescription{"mem", "test", "sha", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
  m_trace = loadTrace(*m_ws, traceNumber(1));
  QVERIFY(m_trace);
  QCOMPARE(m_trace->spans.size(), std::size_t(302));
}

void TstTraceSpanAttributes::everySpanHasItsOwnAttributesInOrder() {
  Status status;
  const std::vector<std::vector<Attribute>> loaded =
      loadTraceSpanAttributes(*m_ws, *m_trace, &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(loaded.size(), m_trace->spans.size());
  std::size_t withAttributes = 0;
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    const std::optional<SpanDetails> details = loadSpanDetails(*m_ws, m_trace->spans[i].rowId);
    QVERIFY(details);
    QCOMPARE(describe(loaded[i]), describe(details->attributes));
    withAttributes += loaded[i].empty() ? 0 : 1;
  }
  QCOMPARE(withAttributes, std::size_t(300 - 43 + 2));
  // Against what was written, not only against the other reader: the keys in file order.
  const QStringList written =
      QStringLiteral("z.route a.id m.statement count flag ratio raw tags meta nothing b.last")
          .split(QLatin1Char(' '));
  for (const std::vector<Attribute>& attributes : loaded) {
    if (attributes.size() < 11)
      continue;  // none, or the twins
    QStringList keys;
    for (const Attribute& a : attributes)
      keys << QString::fromStdString(a.key);
    QCOMPARE(keys, written);
  }
}

void TstTraceSpanAttributes::spansSharingAnIdKeepTheirOwn() {
  const std::vector<std::vector<Attribute>> loaded = loadTraceSpanAttributes(*m_ws, *m_trace);
  QStringList twins;
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    if (m_trace->spans[i].spanId.toHex() == "0000000000abcdef")
      twins << describe(loaded[i]).join(QLatin1Char(';'));
  }
  // Spans are ordered by start: the one at 900 first.
  QCOMPARE(twins, (QStringList{QStringLiteral("twin 3 1"), QStringLiteral("twin 3 2;second 2 1")}));
}

void TstTraceSpanAttributes::anotherTraceKeepsItsOwn() {
  const std::optional<LoadedTrace> other = loadTrace(*m_ws, traceNumber(2));
  QVERIFY(other);
  Status status;
  const std::vector<std::vector<Attribute>> loaded =
      loadTraceSpanAttributes(*m_ws, *other, &status);
  QVERIFY(status.isOk());
  QCOMPARE(loaded.size(), std::size_t(1));
  QCOMPARE(describe(loaded[0]), QStringList{QStringLiteral("other.trace 1 leak")});
  // A trace the workspace does not hold has no spans, hence no attributes.
  LoadedTrace unknown;
  unknown.traceId = traceNumber(9);
  QVERIFY(loadTraceSpanAttributes(*m_ws, unknown, &status).empty());
  QVERIFY(status.isOk());
}

QTEST_GUILESS_MAIN(TstTraceSpanAttributes)
#include "tst_trace_span_attributes.moc"
