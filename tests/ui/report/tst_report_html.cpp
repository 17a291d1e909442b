#include <QSet>
#include <QXmlStreamReader>
#include <QtTest>

#include "tests/ui/report/hostile_report.h"
#include "ui/report/html/report_html.h"
#include "ui/report/report_figures.h"
#include "ui/report/report_text.h"

using namespace sightline;
using sightline::test::hostileContent;
using sightline::test::hostileNames;

namespace {

QSet<QString> setOf(std::initializer_list<const char*> names) {
  QSet<QString> set;
  for (const char* name : names)
    set.insert(QString::fromLatin1(name));
  return set;
}

const QSet<QString> kAllowedElements = setOf(
    {"html", "head", "meta", "title", "style", "body",     "main",    "header",  "section", "h1",
     "h2",   "h3",   "p",    "dl",    "dt",    "dd",       "table",   "thead",   "tbody",   "tr",
     "th",   "td",   "div",  "span",  "ul",    "li",       "article", "details", "summary", "pre",
     "svg",  "g",    "rect", "text",  "line",  "polyline", "strong"});
const QSet<QString> kAllowedAttributes = setOf(
    {"lang",  "charset",     "http-equiv", "content",     "name",   "class",       "id",
     "title", "xmlns",       "viewBox",    "width",       "height", "role",        "font-size",
     "x",     "y",           "x1",         "y1",          "x2",     "y2",          "stroke",
     "fill",  "text-anchor", "version",    "font-family", "points", "stroke-width"});

struct Parsed {
  bool wellFormed = false;
  QString error;
  QSet<QString> elements;
  QSet<QString> attributes;
  QString text;       // every text node, joined by newlines
  QStringList cells;  // the text of every table cell, its elements' text included
  QStringList attributeValues;
};

Parsed parse(const QString& html) {
  Parsed parsed;
  int cellDepth = 0;  // inside a <td> when positive
  QXmlStreamReader xml(html);
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement()) {
      parsed.elements.insert(xml.name().toString());
      if (xml.name() == QLatin1String("td")) {
        cellDepth = 1;
        parsed.cells << QString();
      } else if (cellDepth > 0) {
        ++cellDepth;
      }
      for (const QXmlStreamAttribute& a : xml.attributes()) {
        parsed.attributes.insert(a.name().toString());
        parsed.attributeValues << a.value().toString();
      }
    } else if (xml.isEndElement()) {
      if (cellDepth > 0)
        --cellDepth;
    } else if (xml.isCharacters()) {
      parsed.text += xml.text().toString() + QLatin1Char('\n');
      if (cellDepth > 0)
        parsed.cells.last() += xml.text();
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
    ReportRenderOptions options;
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
    const QString html = renderHtmlReport(hostileContent(false), ReportRenderOptions{});
    QVERIFY(html.contains(QStringLiteral(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; "
        "style-src &#39;unsafe-inline&#39;; img-src data:\"/>")));
    QCOMPARE(html.count(QStringLiteral("<style>")), 1);
    QCOMPARE(html.count(QStringLiteral("</style>")), 1);
  }

  void beforeAfterTableHasTheReviewersShape() {
    const QString html = renderHtmlReport(hostileContent(true), ReportRenderOptions{});
    const Parsed parsed = parse(html);
    QVERIFY(parsed.cells.contains(QStringLiteral("2140 ms → 412 ms, ↓80.7 %")));
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
    ReportRenderOptions options;
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
