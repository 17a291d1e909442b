// The HTML report with the hostile corpus, opened by a real browser: headless Chromium's DOM
// (--dump-dom) must hold exactly the elements our own markup has, so no name became an
// element, an attribute or a script. Skipped where Chromium is not installed (installer/
// install-deps.sh installs it).
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "tests/ui/report/hostile_report.h"
#include "ui/report/html/report_html.h"

using namespace sightline;

namespace {

struct Markup {
  QMap<QString, int> elements;  // lower-case name → count
  QSet<QString> attributes;     // lower-case names
  int scripts = 0;
};

// Our markup, read as XML.
Markup ours(const QString& html) {
  Markup markup;
  QXmlStreamReader xml(html);
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement())
      continue;
    ++markup.elements[xml.name().toString().toLower()];
    for (const QXmlStreamAttribute& a : xml.attributes())
      markup.attributes.insert(a.qualifiedName().toString().toLower());
    // The XML reader reports xmlns as a namespace declaration, a browser as an attribute.
    if (!xml.namespaceDeclarations().isEmpty())
      markup.attributes.insert(QStringLiteral("xmlns"));
  }
  return markup;
}

// Chromium's serialized DOM, tokenized: a '<' outside a tag starts a tag (the serializer
// escapes '<' in text), a quoted attribute value runs to its closing quote whatever it holds.
Markup browsers(const QString& dom) {
  Markup markup;
  qsizetype i = 0;
  const qsizetype n = dom.size();
  while (i < n) {
    if (dom[i] != QLatin1Char('<')) {
      ++i;
      continue;
    }
    if (dom.mid(i, 4) == QLatin1String("<!--")) {
      const qsizetype end = dom.indexOf(QLatin1String("-->"), i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    ++i;
    if (i < n && (dom[i] == QLatin1Char('/') || dom[i] == QLatin1Char('!'))) {
      while (i < n && dom[i] != QLatin1Char('>'))
        ++i;
      continue;
    }
    qsizetype start = i;
    while (i < n && !dom[i].isSpace() && dom[i] != QLatin1Char('>') && dom[i] != QLatin1Char('/'))
      ++i;
    const QString name = dom.mid(start, i - start).toLower();
    ++markup.elements[name];
    if (name == QLatin1String("script"))
      ++markup.scripts;
    while (i < n && dom[i] != QLatin1Char('>')) {
      if (dom[i].isSpace() || dom[i] == QLatin1Char('/')) {
        ++i;
        continue;
      }
      start = i;
      while (i < n && !dom[i].isSpace() && dom[i] != QLatin1Char('=') && dom[i] != QLatin1Char('>'))
        ++i;
      markup.attributes.insert(dom.mid(start, i - start).toLower());
      if (i < n && dom[i] == QLatin1Char('=')) {
        ++i;
        if (i < n && (dom[i] == QLatin1Char('"') || dom[i] == QLatin1Char('\''))) {
          const QChar quote = dom[i];
          const qsizetype close = dom.indexOf(quote, i + 1);
          i = close < 0 ? n : close + 1;
        } else {
          while (i < n && !dom[i].isSpace() && dom[i] != QLatin1Char('>'))
            ++i;
        }
      }
    }
    ++i;
  }
  return markup;
}

}  // namespace

class TestReportChromium : public QObject {
  Q_OBJECT

 private slots:
  void browserBuildsNoElementFromData_data() {
    QTest::addColumn<bool>("withBaseline");
    QTest::newRow("single") << false;
    QTest::newRow("before-after") << true;
  }

  void browserBuildsNoElementFromData() {
    QFETCH(bool, withBaseline);
    const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
    if (chromium.isEmpty())
      QSKIP("chromium is not installed (installer/install-deps.sh installs it)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString html =
        renderHtmlReport(test::hostileContent(withBaseline), ReportRenderOptions{});
    const QString path = dir.filePath(QStringLiteral("hostile.html"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(html.toUtf8());
    file.close();

    QProcess browser;
    browser.setProcessChannelMode(QProcess::SeparateChannels);
    browser.start(chromium,
                  {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
                   QStringLiteral("--disable-gpu"),
                   QStringLiteral("--user-data-dir=") + dir.filePath(QStringLiteral("profile")),
                   QStringLiteral("--dump-dom"), QStringLiteral("file://") + path});
    QVERIFY2(browser.waitForFinished(90000), "chromium did not finish in 90 s");
    QCOMPARE(browser.exitCode(), 0);
    const QString dom = QString::fromUtf8(browser.readAllStandardOutput());
    QVERIFY2(dom.contains(QStringLiteral("<main>")), qPrintable(dom.left(500)));

    const Markup expected = ours(html);
    const Markup actual = browsers(dom);
    QCOMPARE(actual.scripts, 0);
    // Every element the browser made is one we wrote, as many times.
    QCOMPARE(actual.elements, expected.elements);
    for (const QString& attribute : actual.attributes) {
      QVERIFY2(expected.attributes.contains(attribute), qPrintable(attribute));
      QVERIFY2(!attribute.startsWith(QStringLiteral("on")), qPrintable(attribute));
    }
    // The names are there as text.
    QVERIFY(dom.contains(QStringLiteral("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")));
    QVERIFY(dom.contains(QStringLiteral("&lt;img src=x onerror=alert(2)&gt;")));
    QVERIFY(dom.contains(QStringLiteral("支付服务 · 欺诈检查")));
  }
};

QTEST_GUILESS_MAIN(TestReportChromium)
#include "tst_report_chromium.moc"
