// Section 6 of the report, service health over time, laid out: the charts' scales and ticks,
// the SLO lines, and the HTML and PDF of a health section whose endpoints and jobs carry the
// hostile names of hostile_report.h.
#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "tests/ui/report/hostile_report.h"
#include "ui/report/html/report_html.h"
#include "ui/report/pdf/report_pdf.h"
#include "ui/report/report_health_charts.h"

using namespace sightline;

namespace {

constexpr std::uint64_t kSecond = 1'000'000'000ULL;

// Two ten-minute sides: 60 buckets of 10 s, the target failing 5 % in its last minute; one
// job per hostile name with a reading a minute.
ReportContent healthContent() {
  ReportContent content = test::hostileContent(true);
  ReportHealth& health = content.health;
  health.hasBaseline = true;
  health.axisNs = 600 * kSecond;
  health.bucketNs = 10 * kSecond;
  health.slo = HealthSlo{0.999, 14.4, kSecond};
  health.endpoints.push_back({});
  for (const std::string& name : test::hostileNames()) {
    if (health.endpoints.size() <= kHealthEndpoints)
      health.endpoints.push_back({name, "GET /" + name});
    else
      ++health.omittedEndpoints;
    health.jobs.push_back({name, "go_memstats_heap_inuse_bytes", 1});
  }
  for (HealthSide* side : {&health.baseline, &health.target}) {
    side->windowNs = 600 * kSecond;
    for (std::size_t e = 0; e < health.endpoints.size(); ++e) {
      std::vector<HealthBucket> buckets = healthBuckets(side->windowNs, health.bucketNs);
      for (std::size_t b = 0; b < buckets.size(); ++b) {
        buckets[b].requests = 20;
        buckets[b].errors = side == &health.target && b >= 54 ? 1 : 0;
        buckets[b].p95Ns = (side == &health.target ? 200 : 400) * 1'000'000ULL;
      }
      // A bucket without requests breaks the lines.
      buckets[30].requests = 0;
      side->red.push_back(buckets);
      side->requests += 59 * 20;
    }
    for (std::size_t j = 0; j < health.jobs.size(); ++j) {
      HealthJobSeries& series = side->jobs.emplace_back();
      for (std::uint64_t minute = 0; minute < 10; ++minute) {
        series.goroutines.push_back({minute * 60 * kSecond, 30.0 + static_cast<double>(j)});
        series.memoryBytes.push_back({minute * 60 * kSecond, 80.0 * (1 << 20)});
        if (minute > 0)
          series.cpuCores.push_back({minute * 60 * kSecond, 0.25});
      }
    }
  }
  health.omittedJobs = {"</script><script>alert(6)</script>"};
  return content;
}

}  // namespace

class TstReportHealthCharts : public QObject {
  Q_OBJECT

 private slots:
  void ticks_data() {
    QTest::addColumn<double>("max");
    QTest::addColumn<QList<double>>("ticks");
    QTest::newRow("rate") << 3.9 << QList<double>{0, 1, 2, 3, 4};
    QTest::newRow("share") << 0.0144 << QList<double>{0, 0.005, 0.01, 0.015};
    QTest::newRow("round") << 100.0 << QList<double>{0, 25, 50, 75, 100};
    QTest::newRow("nothing") << 0.0 << QList<double>{0, 1};
  }

  void ticks() {
    QFETCH(double, max);
    QFETCH(QList<double>, ticks);
    const std::vector<double> got = healthTicks(max, 4);
    QCOMPARE(QList<double>(got.begin(), got.end()), ticks);
  }

  void offsetsAndValues() {
    QCOMPARE(healthOffset(0), QStringLiteral("0"));
    QCOMPARE(healthOffset(45), QStringLiteral("45 s"));
    QCOMPARE(healthOffset(150), QStringLiteral("2 min 30 s"));
    QCOMPARE(healthOffset(3900), QStringLiteral("1 h 5 min"));
    QCOMPARE(healthOffset(2.5), QStringLiteral("2.5 s"));
    QCOMPARE(healthValue(0.0144, HealthUnit::Share), QStringLiteral("1.44 %"));
    QCOMPARE(healthValue(12.5, HealthUnit::PerSecond), QStringLiteral("12.5 /s"));
    QCOMPARE(healthAxisValue(0.0025, HealthUnit::Cores), QStringLiteral("0.0025"));
    QCOMPARE(healthValue(410'000'000, HealthUnit::Duration), QStringLiteral("410 ms"));
    const std::vector<double> minutes = healthTimeTicks(600.2, 5);
    QCOMPARE(QList<double>(minutes.begin(), minutes.end()),
             (QList<double>{0, 120, 240, 360, 480, 600}));
  }

  // The charts of the section: a row per endpoint and per job, a line per side broken at the
  // empty bucket (the rate at 0), the paging line drawn and the error budget on the floor named.
  void charts() {
    const HealthCharts charts = healthCharts(healthContent());
    QCOMPARE(charts.requests.size(), kHealthEndpoints + 1);
    QCOMPARE(charts.processes.size(), test::hostileNames().size());
    QCOMPARE(charts.legend.size(), 2u);
    QCOMPARE(charts.legend[0].second, kHealthBefore);
    const HealthChart& rate = charts.requests[0].charts[0];
    QCOMPARE(rate.lines.size(), 2u);
    QCOMPARE(rate.lines[1].side, QStringLiteral("after"));
    // A rate of 0 where no request came; 20 requests in 10 s elsewhere, mid-bucket.
    QCOMPARE(rate.lines[1].runs.size(), 1u);
    QCOMPARE(rate.lines[1].runs[0].size(), 60u);
    QCOMPARE(rate.lines[1].runs[0][0].at, QPointF(5, 2));
    QCOMPARE(rate.lines[1].runs[0][30].at, QPointF(305, 0));
    const HealthChart& errors = charts.requests[0].charts[1];
    // Error rate and p95 have no value there: the lines break (0…29, 31…59).
    QCOMPARE(errors.lines[1].runs.size(), 2u);
    QCOMPARE(errors.lines[1].runs[0].size() + errors.lines[1].runs[1].size(), 59u);
    QCOMPARE(errors.lines[1].runs[1].back().at.y(), 0.05);
    QCOMPARE(errors.yMax, 0.06);        // ticks of 2 %
    QCOMPARE(errors.rules.size(), 1u);  // the page line at 1.44 %; the budget is on the floor
    QCOMPARE(errors.rules[0].y, 0.0144);
    QVERIFY(errors.offScale.contains(QStringLiteral("budget 0.1 %")));
    const HealthChart& p95 = charts.requests[0].charts[2];
    // 1 s is within three times the data (400 ms): the scale reaches it.
    QCOMPARE(p95.rules.size(), 1u);
    QCOMPARE(p95.yMax, 1e9);
    QVERIFY(p95.offScale.isEmpty());
    const HealthChart& cpu = charts.processes[0].charts[0];
    QCOMPARE(cpu.lines[0].runs[0].size(), 9u);
    QVERIFY(cpu.lines[0].dots);
    QCOMPARE(charts.omitted.size(), 2);
  }

  void htmlKeepsNamesAsText() {
    ReportRenderOptions options;
    options.sections = {ReportSection::Health};
    const QString html = renderHtmlReport(healthContent(), options);
    QXmlStreamReader xml(html);
    QSet<QString> elements;
    QString text;
    int polylines = 0;
    while (!xml.atEnd()) {
      xml.readNext();
      if (xml.isStartElement()) {
        elements << xml.name().toString();
        polylines += xml.name() == QStringLiteral("polyline");
        for (const QXmlStreamAttribute& attribute : xml.attributes()) {
          const QString name = attribute.name().toString();
          QVERIFY2(!name.startsWith(QStringLiteral("on")) && name != QStringLiteral("href") &&
                       name != QStringLiteral("style"),
                   qPrintable(name));
        }
      }
      if (xml.isCharacters())
        text += xml.text();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    const QSet<QString> allowed{
        QStringLiteral("html"),     QStringLiteral("head"),    QStringLiteral("meta"),
        QStringLiteral("title"),    QStringLiteral("style"),   QStringLiteral("body"),
        QStringLiteral("main"),     QStringLiteral("section"), QStringLiteral("h2"),
        QStringLiteral("h3"),       QStringLiteral("p"),       QStringLiteral("strong"),
        QStringLiteral("ul"),       QStringLiteral("li"),      QStringLiteral("div"),
        QStringLiteral("svg"),      QStringLiteral("line"),    QStringLiteral("text"),
        QStringLiteral("polyline"), QStringLiteral("circle")};
    QVERIFY2((elements - allowed).isEmpty(),
             qPrintable(QStringList((elements - allowed).values()).join(QLatin1Char(','))));
    QVERIFY(!html.contains(QStringLiteral("<script")));
    QVERIFY(text.contains(QStringLiteral("</script><script>alert(1)</script>: GET /")));
    QVERIFY(text.contains(QStringLiteral("job <img src=x onerror=alert(2)>")));
    QVERIFY(text.contains(QStringLiteral("</script><script>alert(6)</script>")));
    QVERIFY(text.contains(QStringLiteral("after, at 35 s: 2 /s (20 requests in 10 s)")));
    // Per request row and side one rate line and the two runs of the error rate and p95;
    // per job two sides × three charts.
    const int jobs = static_cast<int>(test::hostileNames().size());
    QCOMPARE(polylines, static_cast<int>(kHealthEndpoints + 1) * 2 * 5 + jobs * 2 * 3);
  }

  // The PDF: painted, not imaged; the names as text.
  void pdfIsVectors() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("health.pdf"));
    ReportRenderOptions options;
    options.sections = {ReportSection::Health};
    QVERIFY(writePdfReport(healthContent(), options, path));
    const QString pdfimages = QStandardPaths::findExecutable(QStringLiteral("pdfimages"));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdfimages.isEmpty() || pdftotext.isEmpty())
      QSKIP("poppler-utils (pdfimages, pdftotext) not installed");
    QProcess images;
    images.start(pdfimages, {QStringLiteral("-list"), path});
    QVERIFY(images.waitForFinished());
    QCOMPARE(QString::fromUtf8(images.readAllStandardOutput()).trimmed().count(QLatin1Char('\n')),
             1);  // the header's two lines only
    QProcess text;
    text.start(pdftotext, {path, QStringLiteral("-")});
    QVERIFY(text.waitForFinished());
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY(words.contains(QStringLiteral("Service health over time")));
    QVERIFY(words.contains(QStringLiteral("Heap in use")));
    QVERIFY(words.contains(QStringLiteral("job <img src=x onerror=alert(2)>")));
  }
};

QTEST_MAIN(TstReportHealthCharts)
#include "tst_report_health_charts.moc"
