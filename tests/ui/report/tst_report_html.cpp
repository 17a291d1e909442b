#include <QSet>
#include <QXmlStreamReader>
#include <QtTest>

#include "ui/report/report_figures.h"
#include "ui/report/report_html.h"
#include "ui/report/report_text.h"

using namespace sightline;

namespace {

// Names that try to leave the text they are put in, in every place a report shows data.
std::vector<std::string> hostileNames() {
  return {
      "</script><script>alert(1)</script>",
      "<img src=x onerror=alert(2)>",
      "\"><svg onload=alert(3)>",
      "' onmouseover='alert(4)",
      "javascript:alert(5)",
      "</style><style>body{display:none}</style>",
      "<!-- comment -->",
      "line\u2028separator",
      "right\u202Eto-left",
      std::string("nul\0byte", 8),
      "bell\x07 and DEL\x7F",
      "invalid \xff\xfe utf-8",
      "支付服务 · 欺诈检查",
      "&amp; &lt;already escaped&gt;",
  };
}

QSet<QString> setOf(std::initializer_list<const char*> names) {
  QSet<QString> set;
  for (const char* name : names)
    set.insert(QString::fromLatin1(name));
  return set;
}

const QSet<QString> kAllowedElements =
    setOf({"html",    "head",    "meta", "title", "style", "body", "main", "header", "section",
           "h1",      "h2",      "h3",   "p",     "dl",    "dt",   "dd",   "table",  "thead",
           "tbody",   "tr",      "th",   "td",    "div",   "span", "ul",   "li",     "article",
           "details", "summary", "pre",  "svg",   "g",     "rect", "text", "line"});
const QSet<QString> kAllowedAttributes =
    setOf({"lang",  "charset",     "http-equiv", "content",    "name",   "class", "id",
           "title", "xmlns",       "viewBox",    "width",      "height", "role",  "font-size",
           "x",     "y",           "x1",         "y1",         "x2",     "y2",    "stroke",
           "fill",  "text-anchor", "version",    "font-family"});

ReportContent hostileContent(bool withBaseline) {
  const std::vector<std::string> names = hostileNames();
  ReportContent content;
  content.title = names[0] + " review";
  std::int64_t id = 0;
  for (const std::string& name : names) {
    ReportSource source;
    source.id = ++id;
    source.path = "/data/" + name + ".otlp.pb";
    source.kind = name;
    source.sha256 = name;
    source.status = id == 3 ? name : "ok";
    source.spans = 10;
    content.sources.push_back(source);

    ReportEndpoint endpoint;
    endpoint.service = name;
    endpoint.operation = "GET /" + name;
    EndpointFigures figures;
    figures.latency.count = 100;
    figures.latency.p50Ns = 1'000'000;
    figures.latency.p95Ns = 2'140'000'000;
    figures.latency.p99Ns = 3'000'000'000;
    figures.requestsPerSecond = 1.5;
    endpoint.target = figures;
    if (withBaseline) {
      endpoint.baseline = figures;
      endpoint.target->latency.p95Ns = 412'000'000;
    }
    content.endpoints.push_back(endpoint);

    ReportFinding row;
    Finding& f = row.finding;
    f.rule = name;
    f.severity = Severity::High;
    f.title = name;
    f.explanation = "because " + name;
    f.service = name;
    f.operation = name;
    f.function = name;
    f.series = {name};
    f.impactNs = 5'000'000;
    f.count = 3;
    FindingEvidence span;
    span.role = name;
    f.evidence.push_back(span);
    FindingEvidence function;
    function.kind = FindingEvidence::Kind::ProfileFunction;
    function.role = name;
    function.function = name;
    f.evidence.push_back(function);
    FindingEvidence series;
    series.kind = FindingEvidence::Kind::MetricSeries;
    series.role = name;
    series.series = name;
    f.evidence.push_back(series);
    row.presence = withBaseline ? FindingPresence::FixedInTarget : FindingPresence::Everywhere;
    TraceExcerpt excerpt;
    excerpt.startUnixNano = 1000;
    excerpt.endUnixNano = 5000;
    excerpt.spans = 7;
    for (int depth = 0; depth < 2; ++depth) {
      TraceExcerptRow span;
      span.depth = depth;
      span.service = name;
      span.name = name;
      span.startUnixNano = 1000 + 1000 * static_cast<std::uint64_t>(depth);
      span.endUnixNano = 5000;
      span.onCriticalPath = true;
      span.evidence = depth == 1;
      excerpt.rows.push_back(span);
    }
    excerpt.notDrawn = 5;
    row.trace = excerpt;
    content.findings.push_back(row);
  }
  content.hasBaseline = withBaseline;
  if (withBaseline) {
    // A differential flame graph whose functions are the hostile names: a root and one child
    // per name, each a leaf.
    ReportDiffFlame flame;
    flame.sampleType = names[1];
    flame.baseline.sourcePath = "/p/" + names[2];
    flame.target.sourcePath = "/p/" + names[3];
    CallTree& tree = flame.tree;
    tree.sampleType = {"cpu", "nanoseconds"};
    tree.differential = true;
    CallTreeNode root;
    root.firstChild = 1;
    root.childCount = static_cast<std::uint32_t>(names.size());
    root.total = static_cast<std::int64_t>(names.size()) * 100;
    tree.names.push_back("root");
    tree.nodes.push_back(root);
    tree.baseTotals.push_back(root.total);
    tree.baseSelfs.push_back(0);
    for (std::size_t i = 0; i < names.size(); ++i) {
      CallTreeNode node;
      node.parent = 0;
      node.depth = 1;
      node.name = static_cast<std::uint32_t>(tree.names.size());
      node.total = node.self = 100;
      tree.names.push_back(names[i]);
      tree.nodes.push_back(node);
      tree.baseTotals.push_back(i % 2 ? 50 : 150);
      tree.baseSelfs.push_back(i % 2 ? 50 : 150);
    }
    tree.maxDepth = 1;
    content.diffFlame = flame;
  }
  content.rulesJson = "{\"x\": \"" + names[0] + "\"}";
  return content;
}

struct Parsed {
  bool wellFormed = false;
  QString error;
  QSet<QString> elements;
  QSet<QString> attributes;
  QString text;  // every text node, joined by newlines
  QStringList attributeValues;
};

Parsed parse(const QString& html) {
  Parsed parsed;
  QXmlStreamReader xml(html);
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement()) {
      parsed.elements.insert(xml.name().toString());
      for (const QXmlStreamAttribute& a : xml.attributes()) {
        parsed.attributes.insert(a.name().toString());
        parsed.attributeValues << a.value().toString();
      }
    } else if (xml.isCharacters()) {
      parsed.text += xml.text().toString() + QLatin1Char('\n');
    }
  }
  parsed.wellFormed = !xml.hasError();
  parsed.error = xml.errorString();
  return parsed;
}

}  // namespace

class TestReportHtml : public QObject {
  Q_OBJECT

 private slots:
  void textIsMadeVisibleAndCut() {
    QCOMPARE(reportText(std::string("a\0b", 3)), QStringLiteral("a␀b"));
    QCOMPARE(reportText(std::string("tab\there")), QStringLiteral("tab␉here"));
    QCOMPARE(reportText(std::string("tab\there"), 300, true), QStringLiteral("tab\there"));
    QCOMPARE(reportText(std::string("x\u202Ey")), QStringLiteral("x⟨U+202E⟩y"));
    QCOMPARE(reportText(std::string("x\u2028y")), QStringLiteral("x⟨U+2028⟩y"));
    QCOMPARE(reportText(std::string("x\u2066y")), QStringLiteral("x⟨U+2066⟩y"));
    QCOMPARE(reportText(std::string("\xff")), QString(QChar(0xFFFD)));
    QString lone;
    lone.append(QChar(0xD800));
    lone.append(QLatin1Char('z'));
    QCOMPARE(reportText(lone), QString(QChar(0xFFFD)) + QLatin1Char('z'));
    QCOMPARE(reportText(std::string("支付")), QStringLiteral("支付"));
    // A pair is one character and is never split.
    const QString emoji = QString::fromUtf8("😀😀😀");
    QCOMPARE(reportText(emoji, 2), QString::fromUtf8("😀😀…"));
    const std::string huge(1 << 20, 'a');
    const QString cut = reportText(huge);
    QCOMPARE(cut.size(), kReportNameLimit + 1);
    QVERIFY(cut.endsWith(QChar(0x2026)));
  }

  void hostileNamesStayText_data() {
    QTest::addColumn<bool>("withBaseline");
    QTest::newRow("single") << false;
    QTest::newRow("before-after") << true;
  }

  void hostileNamesStayText() {
    QFETCH(bool, withBaseline);
    ReportContent content = hostileContent(withBaseline);
    const std::string huge(1 << 20, 'A');
    content.findings.front().finding.title = huge;
    HtmlReportOptions options;
    options.generator = QStringLiteral("Sightline test");
    options.findingsJson = "[\"" + hostileNames()[0] + "\"]";
    const QString html = renderHtmlReport(content, options);

    const Parsed parsed = parse(html);
    QVERIFY2(parsed.wellFormed, qPrintable(parsed.error));
    const QSet<QString> strayElements = parsed.elements - kAllowedElements;
    QVERIFY2(strayElements.isEmpty(),
             qPrintable(QStringList(strayElements.values()).join(QLatin1Char(','))));
    const QSet<QString> strayAttributes = parsed.attributes - kAllowedAttributes;
    QVERIFY2(strayAttributes.isEmpty(),
             qPrintable(QStringList(strayAttributes.values()).join(QLatin1Char(','))));
    // Every attribute value is the code's own or a data name in a title: none is a URL.
    for (const QString& value : parsed.attributeValues)
      QVERIFY2(!value.startsWith(QStringLiteral("javascript:")), qPrintable(value));

    // The names are there, as text.
    QVERIFY(parsed.text.contains(QStringLiteral("</script><script>alert(1)</script>")));
    QVERIFY(parsed.text.contains(QStringLiteral("<img src=x onerror=alert(2)>")));
    QVERIFY(parsed.text.contains(QStringLiteral("\"><svg onload=alert(3)>")));
    QVERIFY(parsed.text.contains(QStringLiteral("' onmouseover='alert(4)")));
    QVERIFY(parsed.text.contains(QStringLiteral("</style><style>body{display:none}</style>")));
    QVERIFY(parsed.text.contains(QStringLiteral("<!-- comment -->")));
    QVERIFY(parsed.text.contains(QStringLiteral("line⟨U+2028⟩separator")));
    QVERIFY(parsed.text.contains(QStringLiteral("right⟨U+202E⟩to-left")));
    QVERIFY(parsed.text.contains(QStringLiteral("nul␀byte")));
    QVERIFY(parsed.text.contains(QStringLiteral("bell␇ and DEL␡")));
    QVERIFY(parsed.text.contains(QStringLiteral("支付服务 · 欺诈检查")));
    QVERIFY(parsed.text.contains(QStringLiteral("&amp; &lt;already escaped&gt;")));
    QVERIFY(parsed.text.contains(QString(kReportNameLimit, QLatin1Char('A')) + QChar(0x2026)));
    QVERIFY(parsed.text.contains(QStringLiteral("5 of the trace's 7 spans not drawn")));
    if (withBaseline) {
      // The flame graph's tooltips name the hostile functions, as text.
      QVERIFY(html.contains(QStringLiteral("class=\"flame\"")));
      QVERIFY(parsed.text.contains(QStringLiteral("<img src=x onerror=alert(2)>\ntotal")));
    }
    QVERIFY(!parsed.text.contains(QString(kReportNameLimit + 1, QLatin1Char('A'))));
    // Raw, the file holds none of the characters that would reorder or break it.
    for (char16_t c : {u'\u202E', u'\u2028', u'\0'})
      QVERIFY(!html.contains(QChar(c)));
    QVERIFY(!html.contains(QStringLiteral("<script")));
    QVERIFY(!html.contains(QStringLiteral("<img")));
    // The single quote is escaped in attribute values and text alike.
    QVERIFY(!html.contains(QStringLiteral("' onmouseover='")));
    QVERIFY(html.contains(QStringLiteral("&#39; onmouseover=&#39;")));
  }

  void contentSecurityPolicyForbidsEverythingButInlineStyle() {
    const QString html = renderHtmlReport(hostileContent(false), HtmlReportOptions{});
    QVERIFY(html.contains(QStringLiteral(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; "
        "style-src &#39;unsafe-inline&#39;; img-src data:\"/>")));
    QCOMPARE(html.count(QStringLiteral("<style>")), 1);
    QCOMPARE(html.count(QStringLiteral("</style>")), 1);
  }

  void beforeAfterTableHasTheReviewersShape() {
    const QString html = renderHtmlReport(hostileContent(true), HtmlReportOptions{});
    const Parsed parsed = parse(html);
    QVERIFY(parsed.text.contains(QStringLiteral("2140 ms → 412 ms, ↓80.7 %")));
    QVERIFY(parsed.text.contains(QStringLiteral("Gone after the change (14)")));
  }

  void durationsReadAsReviewersWriteThem() {
    QCOMPARE(reportDuration(2'140'000'000), QStringLiteral("2140 ms"));
    QCOMPARE(reportDuration(412'000'000), QStringLiteral("412 ms"));
    QCOMPARE(reportDuration(6'290'000), QStringLiteral("6.29 ms"));
    QCOMPARE(reportDuration(41'500), QStringLiteral("41.5 µs"));
    QCOMPARE(reportDuration(31'700'000'000), QStringLiteral("31.7 s"));
    QCOMPARE(reportDuration(999), QStringLiteral("999 ns"));
    QCOMPARE(relativeChange(2140, 412), QStringLiteral("↓80.7 %"));
    QCOMPARE(relativeChange(100, 112), QStringLiteral("↑12.0 %"));
    QCOMPARE(relativeChange(100, 100), QStringLiteral("±0 %"));
    QCOMPARE(relativeChange(10, 400), QStringLiteral("↑3900 %"));
    QVERIFY(relativeChange(0, 5).isEmpty());
  }

  void sectionsCanBeLeftOut() {
    HtmlReportOptions options;
    options.sections = {ReportSection::Kpis};
    const QString html = renderHtmlReport(hostileContent(false), options);
    QVERIFY(html.contains(QStringLiteral("id=\"kpis\"")));
    QVERIFY(!html.contains(QStringLiteral("id=\"findings\"")));
    QVERIFY(!html.contains(QStringLiteral("id=\"appendix\"")));
    QVERIFY(!html.contains(QStringLiteral("id=\"cover\"")));
    std::set<ReportSection> parsedSections;
    QString error;
    QVERIFY(parseReportSections(QStringLiteral("cover, Findings"), &parsedSections, &error));
    QCOMPARE(parsedSections.size(), 2u);
    QVERIFY(!parseReportSections(QStringLiteral("cover,flames"), &parsedSections, &error));
    QVERIFY(error.contains(QStringLiteral("flames")));
  }
};

QTEST_GUILESS_MAIN(TestReportHtml)
#include "tst_report_html.moc"
