// The waterfall's row list under collapse, ancestor expansion, search and hit testing, on
// small hand-built trees.
#include <set>

#include <QTest>

#include "model/traces/trace_tree.h"
#include "ui/traces/waterfall_layout.h"
#include "ui/widgets/service_colors.h"

using namespace sightline;

namespace {

struct SpanSpec {
  int parent;  // index into the spec list, -1 for a root
  std::uint64_t start;
  std::uint64_t end;
  std::uint32_t service;
  const char* name;
};

SpanId idFor(int i) {
  SpanId id;
  id.bytes[7] = static_cast<std::uint8_t>(i + 1);
  id.bytes[0] = 0xab;
  return id;
}

LoadedTrace makeTrace(const std::vector<SpanSpec>& specs) {
  LoadedTrace trace;
  trace.services = {"frontend", "checkout", "Postgres"};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    LoadedSpan s;
    s.rowId = static_cast<std::int64_t>(i + 1);
    s.spanId = idFor(static_cast<int>(i));
    if (specs[i].parent >= 0)
      s.parentSpanId = idFor(specs[i].parent);
    s.startUnixNano = 1000000 + specs[i].start;
    s.endUnixNano = 1000000 + specs[i].end;
    s.serviceIndex = specs[i].service;
    s.name = specs[i].name;
    trace.spans.push_back(s);
  }
  return trace;
}

// 0 root [0,100]
//   1 child [10,60]
//     2 grandchild [20,30]
//     3 grandchild [35,55]
//   4 child [60,90]
//     5 grandchild [70,80]
const std::vector<SpanSpec> kSpecs = {
    {-1, 0, 100, 0, "GET /checkout"},   {0, 10, 60, 1, "PlaceOrder"},
    {1, 20, 30, 2, "SELECT orders"},    {1, 35, 55, 2, "INSERT orders"},
    {0, 60, 90, 1, "SendConfirmation"}, {4, 70, 80, 0, "render email"},
};

std::vector<std::int32_t> ints(std::initializer_list<int> values) {
  return std::vector<std::int32_t>(values.begin(), values.end());
}

}  // namespace

class TestWaterfallLayout : public QObject {
  Q_OBJECT

 private slots:
  void visibleRows_data() {
    QTest::addColumn<QList<int>>("collapsedSpans");
    QTest::addColumn<QList<int>>("rows");
    QTest::newRow("all expanded") << QList<int>{} << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("root collapsed") << QList<int>{0} << QList<int>{0};
    QTest::newRow("first child collapsed") << QList<int>{1} << QList<int>{0, 1, 4, 5};
    QTest::newRow("second child collapsed") << QList<int>{4} << QList<int>{0, 1, 2, 3, 4};
    QTest::newRow("both children") << QList<int>{1, 4} << QList<int>{0, 1, 4};
    QTest::newRow("leaf flag ignored") << QList<int>{2} << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("nested inside collapsed") << QList<int>{0, 1} << QList<int>{0};
  }
  void visibleRows() {
    QFETCH(QList<int>, collapsedSpans);
    QFETCH(QList<int>, rows);
    const LoadedTrace trace = makeTrace(kSpecs);
    const TraceTree tree = buildTraceTree(trace);
    std::vector<std::uint8_t> collapsed(trace.spans.size(), 0);
    for (int span : collapsedSpans)
      collapsed[static_cast<std::size_t>(span)] = 1;
    const std::vector<std::int32_t> visible = visibleSpanRows(tree, collapsed);
    QCOMPARE(QList<int>(visible.begin(), visible.end()), rows);

    std::vector<std::int32_t> rowOfSpan;
    indexSpanRows(visible, trace.spans.size(), rowOfSpan);
    for (std::size_t span = 0; span < trace.spans.size(); ++span) {
      const auto it = std::find(visible.begin(), visible.end(), static_cast<std::int32_t>(span));
      QCOMPARE(rowOfSpan[span], it == visible.end() ? -1 : static_cast<int>(it - visible.begin()));
    }
  }

  void twoRootsKeepTheirOrder() {
    std::vector<SpanSpec> specs = kSpecs;
    specs.push_back({-1, 95, 120, 0, "late root"});
    specs.push_back({6, 100, 110, 0, "child of late root"});
    const LoadedTrace trace = makeTrace(specs);
    const TraceTree tree = buildTraceTree(trace);
    std::vector<std::uint8_t> collapsed(trace.spans.size(), 0);
    collapsed[0] = 1;
    QCOMPARE(visibleSpanRows(tree, collapsed), ints({0, 6, 7}));
  }

  void expandAncestorsOpensThePath() {
    const LoadedTrace trace = makeTrace(kSpecs);
    const TraceTree tree = buildTraceTree(trace);
    std::vector<std::uint8_t> collapsed(trace.spans.size(), 0);
    collapsed[0] = 1;
    collapsed[1] = 1;
    collapsed[4] = 1;
    QVERIFY(expandAncestors(tree, collapsed, 3));
    QCOMPARE(collapsed, (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 0}));
    QVERIFY(!expandAncestors(tree, collapsed, 3));
    QCOMPARE(visibleSpanRows(tree, collapsed), ints({0, 1, 2, 3, 4}));
  }

  void search_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("matches");
    QTest::newRow("name substring") << QStringLiteral("orders") << QList<int>{2, 3};
    QTest::newRow("case-insensitive") << QStringLiteral("ORDER") << QList<int>{1, 2, 3};
    QTest::newRow("service") << QStringLiteral("postgres") << QList<int>{2, 3};
    QTest::newRow("service prefix") << QStringLiteral("check") << QList<int>{0, 1, 4};
    QTest::newRow("span id") << QStringLiteral("ab00000000000004") << QList<int>{3};
    QTest::newRow("span id, upper case") << QStringLiteral("AB00000000000006") << QList<int>{5};
    QTest::newRow("nothing") << QStringLiteral("kafka") << QList<int>{};
    QTest::newRow("empty") << QString() << QList<int>{};
  }
  void search() {
    QFETCH(QString, query);
    QFETCH(QList<int>, matches);
    const LoadedTrace trace = makeTrace(kSpecs);
    const TraceTree tree = buildTraceTree(trace);
    const QByteArray utf8 = query.toUtf8();
    const auto found = findSpans(trace, tree, std::string_view(utf8.constData(), utf8.size()));
    QCOMPARE(QList<int>(found.begin(), found.end()), matches);
  }

  void serviceColorsAreStableAndDistinct() {
    QCOMPARE(serviceColor("checkout"), serviceColor(std::string("checkout")));
    QVERIFY(serviceColorCount() >= 12);
    std::set<QRgb> distinct;
    for (const char* service :
         {"frontend", "checkout", "cart", "payments", "postgres", "redis", "inventory", "shipping",
          "email", "ads", "recommendation", "currency"}) {
      const QColor color = serviceColor(service);
      distinct.insert(color.rgb());
      // Red is reserved for errors: no service colour is a saturated red.
      QVERIFY(!(color.red() > 180 && color.green() < 90 && color.blue() < 90));
    }
    QVERIFY2(distinct.size() >= 7, qPrintable(QString::number(distinct.size())));
  }

  void indentation() {
    WaterfallMetrics m;
    QVERIFY(toggleLeft(1, m) - toggleLeft(0, m) == m.indent);
    QVERIFY(swatchLeft(3, m) > toggleLeft(3, m) + m.toggleSize - 1);
    QVERIFY(labelTextLeft(3, m) > swatchLeft(3, m) + m.swatchSize - 1);
    // Very deep spans stop indenting so their labels stay on screen.
    QCOMPARE(labelTextLeft(m.maxIndentDepth + 50, m), labelTextLeft(m.maxIndentDepth, m));
  }

  void barExtent() {
    const TimeAxis axis{{0, 100}, 400, 1000};
    const BarExtent wide = sightline::barExtent(axis, 10, 60);
    QCOMPARE(wide.left, 500.0);
    QCOMPARE(wide.right, 1000.0);
    const BarExtent tiny = sightline::barExtent(axis, 10, 10.01, 2.0);
    QCOMPARE(tiny.left, 500.0);
    QCOMPARE(tiny.right, 502.0);
  }

  void hitTest_data() {
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("span");
    QTest::addColumn<int>("part");
    const WaterfallMetrics m;
    // Bars: axis from x = 400 over 1000 px for 100 ns, so 10 px per ns.
    QTest::newRow("root toggle") << toggleLeft(0, m) + 2 << 5 << 0 << 0
                                 << int(WaterfallPart::Toggle);
    QTest::newRow("root label") << 200 << 5 << 0 << 0 << int(WaterfallPart::Label);
    QTest::newRow("child toggle") << toggleLeft(1, m) + 1 << 25 << 1 << 1
                                  << int(WaterfallPart::Toggle);
    QTest::newRow("leaf has no toggle")
        << toggleLeft(2, m) + 1 << 45 << 2 << 2 << int(WaterfallPart::Label);
    QTest::newRow("on the bar of row 2") << 400 + 250 << 45 << 2 << 2 << int(WaterfallPart::Bar);
    QTest::newRow("just past the bar end") << 400 + 301 << 45 << 2 << 2 << int(WaterfallPart::Bar);
    QTest::newRow("beside the bar")
        << 400 + 700 << 45 << 2 << 2 << int(WaterfallPart::RowBackground);
    QTest::newRow("below the rows") << 600 << 6 * 20 + 3 << -1 << -1 << int(WaterfallPart::None);
  }
  void hitTest() {
    QFETCH(int, x);
    QFETCH(int, y);
    QFETCH(int, row);
    QFETCH(int, span);
    QFETCH(int, part);
    const LoadedTrace trace = makeTrace(kSpecs);
    const TraceTree tree = buildTraceTree(trace);
    std::vector<std::uint8_t> collapsed(trace.spans.size(), 0);
    const auto rows = visibleSpanRows(tree, collapsed);
    WaterfallMetrics m;
    m.labelWidth = 400;
    const TimeAxis axis{{0, 100}, 400, 1000};
    const WaterfallHit hit =
        hitTestWaterfall(x, y, 0, m, axis, rows, tree, trace, trace.spans[0].startUnixNano);
    QCOMPARE(hit.row, row);
    QCOMPARE(hit.span, span);
    QCOMPARE(int(hit.part), part);
  }

  void hitTestScrolled() {
    const LoadedTrace trace = makeTrace(kSpecs);
    const TraceTree tree = buildTraceTree(trace);
    const auto rows = visibleSpanRows(tree, std::vector<std::uint8_t>(trace.spans.size(), 0));
    WaterfallMetrics m;
    const TimeAxis axis{{0, 100}, double(m.labelWidth), 1000};
    const WaterfallHit hit = hitTestWaterfall(10, 5, 3 * m.rowHeight, m, axis, rows, tree, trace,
                                              trace.spans[0].startUnixNano);
    QCOMPARE(hit.row, 3);
    QCOMPARE(hit.span, 3);
  }
};

QTEST_APPLESS_MAIN(TestWaterfallLayout)
#include "tst_waterfall_layout.moc"
