#include <QClipboard>
#include <QGuiApplication>
#include <QTreeWidget>
#include <QtTest>

#include "model/traces/trace_tree.h"
#include "ui/traces/span_details_panel.h"
#include "ui/traces/trace_statistics_model.h"

using namespace sightline;

namespace {

Attribute attribute(const char* key, AttributeValue::Type type, std::int64_t i = 0, double d = 0,
                    std::string text = {}) {
  Attribute a;
  a.key = key;
  a.value.type = type;
  a.value.intValue = i;
  a.value.doubleValue = d;
  a.value.text = std::move(text);
  return a;
}

// A root with one child; the child has 1 ms of self time out of 3 ms.
LoadedTrace twoSpanTrace() {
  LoadedTrace trace;
  trace.traceId.bytes[0] = 0xab;
  trace.services = {"frontend", "payment"};
  LoadedSpan root;
  root.rowId = 1;
  root.spanId.bytes[7] = 1;
  root.name = "POST /pay";
  root.kind = SpanKind::Server;
  root.startUnixNano = 1'000'000'000;
  root.endUnixNano = 1'010'000'000;
  LoadedSpan child;
  child.rowId = 2;
  child.spanId.bytes[7] = 2;
  child.parentSpanId.bytes[7] = 1;
  child.serviceIndex = 1;
  child.name = "charge";
  child.kind = SpanKind::Client;
  child.startUnixNano = 1'002'000'000;
  child.endUnixNano = 1'005'000'000;
  child.statusCode = StatusCode::Error;
  child.statusMessage = "card declined";
  trace.spans = {root, child};
  return trace;
}

}  // namespace

class TstSpanDetails : public QObject {
  Q_OBJECT

 private slots:
  void valueText_data();
  void valueText();
  void showsEverySection();
  void missingDetailsStillShowSpan();
  void copiesSelection();
  void statisticsModelSortsNumbers();
};

void TstSpanDetails::valueText_data() {
  QTest::addColumn<int>("type");
  QTest::addColumn<qlonglong>("intValue");
  QTest::addColumn<double>("doubleValue");
  QTest::addColumn<QByteArray>("text");
  QTest::addColumn<QString>("shown");
  QTest::addColumn<QString>("typeName");
  using T = AttributeValue::Type;
  QTest::newRow("string") << int(T::String) << 0ll << 0.0 << QByteArray("GET") << "GET"
                          << "string";
  QTest::newRow("bool") << int(T::Bool) << 1ll << 0.0 << QByteArray() << "true"
                        << "bool";
  QTest::newRow("int") << int(T::Int) << 1234567890123ll << 0.0 << QByteArray() << "1234567890123"
                       << "int";
  QTest::newRow("double") << int(T::Double) << 0ll << 95.595 << QByteArray() << "95.595"
                          << "double";
  QTest::newRow("bytes") << int(T::Bytes) << 0ll << 0.0 << QByteArray("\x01\xfe", 2) << "01fe"
                         << "bytes";
  QTest::newRow("array") << int(T::Array) << 0ll << 0.0 << QByteArray(R"([{"stringValue":"a"}])")
                         << R"([{"stringValue":"a"}])"
                         << "array";
  QTest::newRow("kvlist") << int(T::KvList) << 0ll << 0.0 << QByteArray(R"({"values":[]})")
                          << R"({"values":[]})"
                          << "kvlist";
  QTest::newRow("empty") << int(T::Empty) << 0ll << 0.0 << QByteArray() << ""
                         << "empty";
}

void TstSpanDetails::valueText() {
  QFETCH(int, type);
  QFETCH(qlonglong, intValue);
  QFETCH(double, doubleValue);
  QFETCH(QByteArray, text);
  QFETCH(QString, shown);
  QFETCH(QString, typeName);
  AttributeValue value;
  value.type = AttributeValue::Type(type);
  value.intValue = intValue;
  value.doubleValue = doubleValue;
  value.text = text.toStdString();
  QCOMPARE(attributeValueText(value), shown);
  QCOMPARE(attributeTypeName(value.type), typeName);
}

void TstSpanDetails::showsEverySection() {
  const LoadedTrace trace = twoSpanTrace();
  const TraceTree tree = buildTraceTree(trace);
  SpanDetails details;
  details.attributes = {attribute("http.status_code", AttributeValue::Type::Int, 402),
                        attribute("retry", AttributeValue::Type::Bool, 0)};
  SpanEventRecord event;
  event.name = "exception";
  event.timeUnixNano = 1'004'000'000;
  event.attributes = {
      attribute("exception.type", AttributeValue::Type::String, 0, 0, "CardDeclinedError")};
  details.events = {event};
  SpanLinkRecord link;
  link.traceId.bytes[15] = 7;
  link.spanId.bytes[7] = 9;
  details.links = {link};
  details.resourceAttributes = {
      attribute("service.name", AttributeValue::Type::String, 0, 0, "payment")};
  details.scopeName = "shop";
  details.scopeVersion = "1.2";

  SpanDetailsPanel panel;
  panel.showSpan(trace, tree, 1, details);
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Name")), QStringLiteral("charge"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Service")),
           QStringLiteral("payment"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Span id")),
           QStringLiteral("0000000000000002"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Parent span id")),
           QStringLiteral("0000000000000001"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Kind")), QStringLiteral("CLIENT"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Duration")),
           QStringLiteral("3 ms"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Self time")),
           QStringLiteral("3 ms"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Status")),
           QStringLiteral("ERROR"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Status message")),
           QStringLiteral("card declined"));
  QVERIFY(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Start"))
              .endsWith(QStringLiteral("(+2 ms)")));
  QCOMPARE(panel.valueOf(QStringLiteral("Attributes"), QStringLiteral("http.status_code")),
           QStringLiteral("402"));
  QCOMPARE(panel.valueOf(QStringLiteral("Attributes"), QStringLiteral("retry")),
           QStringLiteral("false"));
  // Events are keyed by their offset from the span start, with their attributes below.
  QCOMPARE(panel.valueOf(QStringLiteral("Events (1)"), QStringLiteral("+2 ms")),
           QStringLiteral("exception"));
  QTreeWidgetItem* events =
      panel.tree()->findItems(QStringLiteral("Events (1)"), Qt::MatchExactly).value(0);
  QVERIFY(events);
  QCOMPARE(events->child(0)->child(0)->text(1), QStringLiteral("CardDeclinedError"));
  QCOMPARE(panel.valueOf(QStringLiteral("Links (1)"),
                         QStringLiteral("00000000000000000000000000000007")),
           QStringLiteral("0000000000000009"));
  QCOMPARE(panel.valueOf(QStringLiteral("Resource"), QStringLiteral("service.name")),
           QStringLiteral("payment"));
  QCOMPARE(panel.valueOf(QStringLiteral("Scope"), QStringLiteral("Version")),
           QStringLiteral("1.2"));

  // The root's self time excludes its child: 10 ms - 3 ms.
  panel.showSpan(trace, tree, 0, details);
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Self time")),
           QStringLiteral("7 ms"));
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Parent span id")),
           QStringLiteral("(root)"));
}

void TstSpanDetails::missingDetailsStillShowSpan() {
  const LoadedTrace trace = twoSpanTrace();
  const TraceTree tree = buildTraceTree(trace);
  SpanDetailsPanel panel;
  panel.showSpan(trace, tree, 0, std::nullopt);
  QCOMPARE(panel.valueOf(QStringLiteral("Span"), QStringLiteral("Name")),
           QStringLiteral("POST /pay"));
  QCOMPARE(panel.valueOf(QStringLiteral("Attributes"), QStringLiteral("anything")), QString());
  panel.showSpan(trace, tree, 5, std::nullopt);
  QCOMPARE(panel.tree()->topLevelItemCount(), 0);
}

void TstSpanDetails::copiesSelection() {
  const LoadedTrace trace = twoSpanTrace();
  const TraceTree tree = buildTraceTree(trace);
  SpanDetailsPanel panel;
  panel.show();
  QVERIFY(QTest::qWaitForWindowActive(&panel));
  panel.showSpan(trace, tree, 1, SpanDetails{});
  QTreeWidgetItem* span = panel.tree()->topLevelItem(0);
  span->child(0)->setSelected(true);  // Name
  span->child(1)->setSelected(true);  // Service
  QCOMPARE(panel.selectionText(), QStringLiteral("Name\tcharge\nService\tpayment"));
  panel.tree()->setFocus();
  QTest::keySequence(panel.tree(), QKeySequence::Copy);
  QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Name\tcharge\nService\tpayment"));
}

void TstSpanDetails::statisticsModelSortsNumbers() {
  TraceStatisticsModel model;
  OperationStatistics slow;
  slow.service = "db";
  slow.operation = "SELECT";
  slow.count = 12;
  slow.totalDurationNs = 10'000'000'000;
  slow.percentOfTrace = 80;
  OperationStatistics fast = slow;
  fast.operation = "INSERT";
  fast.count = 9;
  fast.totalDurationNs = 900'000'000;
  fast.percentOfTrace = 5.25;
  model.setStatistics({fast, slow});
  QCOMPARE(model.index(0, TraceStatisticsModel::PercentOfTraceColumn).data().toString(),
           QStringLiteral("5.3%"));
  QCOMPARE(model.index(1, TraceStatisticsModel::TotalDurationColumn).data().toString(),
           QStringLiteral("10 s"));
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  proxy.setSortRole(TraceStatisticsModel::SortRole);
  proxy.sort(TraceStatisticsModel::TotalDurationColumn, Qt::DescendingOrder);
  QCOMPARE(proxy.index(0, TraceStatisticsModel::OperationColumn).data().toString(),
           QStringLiteral("SELECT"));
  proxy.sort(TraceStatisticsModel::CountColumn, Qt::AscendingOrder);
  QCOMPARE(proxy.index(0, TraceStatisticsModel::CountColumn).data().toString(),
           QStringLiteral("9"));
}

QTEST_MAIN(TstSpanDetails)
#include "tst_span_details.moc"
