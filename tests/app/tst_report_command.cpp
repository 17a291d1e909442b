// `sightline report` on the demo (resources/demo): what the HTML holds is checked against the
// workspace through other verbs (`findings --json`, `sql`) and the files themselves.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "model/diagnosis/compare_side.h"
#include "model/report/report_content.h"
#include "model/report/report_health.h"
#include "model/store/workspace.h"
#include "tests/app/cli_in_process_runner.h"
#include "tests/app/report_test_helpers.h"

using namespace sightline;
using sightline::test::CommandRun;
using sightline::test::run;
using namespace sightline::test;

namespace {

QString sha256Of(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return QString();
  return QString::fromLatin1(
      QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

// The value and time (Unix ms) of the sample `name{labels}` in a Prometheus text file.
std::pair<double, qint64> promSample(const QString& path, const QString& name,
                                     const QString& labels) {
  const QRegularExpression line(QStringLiteral("^") + QRegularExpression::escape(name) +
                                    QStringLiteral("\\{") + QRegularExpression::escape(labels) +
                                    QStringLiteral("\\} (\\S+) (\\d+)$"),
                                QRegularExpression::MultilineOption);
  const QRegularExpressionMatch match = line.match(readAll(path));
  return match.hasMatch() ? std::pair{match.captured(1).toDouble(), match.captured(2).toLongLong()}
                          : std::pair{-1.0, qint64(-1)};
}

// The reading of a series at `offsetNs` into its side, or -1.
double valueAt(const std::vector<HealthPoint>& points, std::uint64_t offsetNs) {
  for (const HealthPoint& point : points) {
    if (point.offsetNs == offsetNs)
      return point.value;
  }
  return -1;
}

}  // namespace

class TstReportCommand : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(s("demo.sightline"));
    m_files =
        QStringList{kDemo + s("shop-traces.otlp.pb.gz"), kDemo + s("profiles/payment-cpu.pb.gz"),
                    kDemo + s("metrics/shop-2026-11-20T14-05-30Z.prom")};
    const CommandRun imported = run(QStringList{s("import"), s("--db"), m_db} + m_files);
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
  }

  void reportOfTheWorkspace() {
    const QString out = m_dir.filePath(s("report.html"));
    const CommandRun result = run({s("report"), s("--db"), m_db, s("--out"), out});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    QVERIFY(result.out.startsWith(s("report: ")));
    const QString html = readAll(out);
    QXmlStreamReader xml(html);
    while (!xml.atEnd())
      xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));

    // Provenance: every file with its SHA-256.
    for (const QString& file : m_files)
      QVERIFY2(html.contains(sha256Of(file)), qPrintable(file));
    // As many finding cards as `sightline findings` finds.
    const CommandRun findings = run({s("findings"), s("--db"), m_db, s("--json")});
    QCOMPARE(findings.code, 0);
    const QJsonArray all =
        QJsonDocument::fromJson(findings.out.toUtf8()).object()[s("findings")].toArray();
    QVERIFY(all.size() > 5);
    QCOMPARE(textsOf(html, s("article"), s("finding")).size(), all.size());
    const QStringList rules = textsOf(html, s("span"), s("rule"));
    QCOMPARE(rules.size(), all.size());
    for (qsizetype i = 0; i < all.size(); ++i)
      QCOMPARE(rules[i], all[i][s("rule")].toString());
    // One KPI row per root operation of the traces.
    const CommandRun roots = run({s("sql"), s("--db"), m_db,
                                  s("SELECT count(*) FROM (SELECT DISTINCT root_service_id, "
                                    "root_name_id FROM traces)")});
    QCOMPARE(roots.code, 0);
    const int endpoints = roots.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last().toInt();
    QVERIFY(endpoints > 5);
    // The critical paths come with the diagnosis stored at import: one group per endpoint
    // (at most eight drawn).
    QCOMPARE(html.count(s("class=\"path-group\"")), std::min<qsizetype>(endpoints, 8));
    QVERIFY2(result.out.contains(QStringLiteral("%1 endpoints").arg(endpoints)),
             qPrintable(result.out));
  }

  // The first three minutes against the next seven: the fraud check's slowness (after 14:03)
  // shows in its callers' p95, and the checkout endpoint's row holds the change.
  void beforeAfterReport() {
    const QString out = m_dir.filePath(s("before-after.html"));
    const CommandRun result =
        run({s("report"), s("--db"), m_db, s("--out"), out, s("--baseline"),
             s("2026-11-20T14:00Z..2026-11-20T14:03Z"), s("--target"),
             s("2026-11-20T14:03Z..2026-11-20T14:10Z"), s("--title"), s("Fraud model 3.1.0")});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QString html = readAll(out);
    QVERIFY(html.contains(s("<h1>Fraud model 3.1.0</h1>")));
    QVERIFY(html.contains(s("Verdict: before → after")));
    // The compare verb's p95 of the checkout endpoint, in the table's "a → b, ↑x %" shape.
    const CommandRun compared = run({s("compare"), s("--db"), m_db, s("--baseline"),
                                     s("2026-11-20T14:00Z..2026-11-20T14:03Z"), s("--target"),
                                     s("2026-11-20T14:03Z..2026-11-20T14:10Z"), s("--json")});
    QCOMPARE(compared.code, 0);
    bool found = false;
    for (const QJsonValue& row :
         QJsonDocument::fromJson(compared.out.toUtf8()).object()[s("operations")].toArray()) {
      if (row[s("service")].toString() == s("frontend") &&
          row[s("operation")].toString() == s("POST /api/checkout")) {
        const double before = row[s("baseline")][s("p95_ns")].toDouble();
        const double after = row[s("target")][s("p95_ns")].toDouble();
        const QString arrow = (after < before ? s("↓") : s("↑"));
        const QString percent = QString::number(std::abs(after / before - 1) * 100, 'f',
                                                std::abs(after / before - 1) < 1 ? 1 : 0);
        QVERIFY2(html.contains(arrow + percent + s(" %")), qPrintable(arrow + percent));
        found = true;
      }
    }
    QVERIFY(found);
  }

  // The demo's two runs (resources/demo/README.md "The after run"): the recorded one against
  // the one with the N+1 and the fraud check fixed, each side diagnosed on its own. The fixed
  // bottlenecks are gone, the others stay, and the CPU profiles make the flame graph.
  void demoBeforeAfter() {
    const QString db = m_dir.filePath(s("before-after.sightline"));
    const QString after = kDemo + s("after/");
    const CommandRun imported =
        run({s("import"), s("--db"), db, kDemo + s("shop-traces.otlp.pb.gz"),
             kDemo + s("profiles/payment-cpu.pb.gz"), after + s("shop-after-traces.otlp.pb.gz"),
             after + s("profiles/payment-after-cpu.pb.gz")});
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    const QString out = m_dir.filePath(s("demo.html"));
    const CommandRun result =
        run({s("report"), s("--db"), db, s("--out"), out, s("--baseline"),
             s("shop-traces.otlp.pb.gz"), s("--target"), s("shop-after-traces.otlp.pb.gz")});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QString html = readAll(out);
    // Cards in their groups: the heading of a group comes before its cards.
    const qsizetype gone = html.indexOf(s("Gone after the change"));
    const qsizetype still = html.indexOf(s("Still present"));
    QVERIFY(gone > 0 && still > gone);
    const QString goneCards = html.mid(gone, still - gone);
    const QString stillCards = html.mid(still);
    QVERIFY(goneCards.contains(s(">n-plus-one-db<")));
    QVERIFY(goneCards.contains(s("main.computeFraudScore")));
    QVERIFY(!stillCards.contains(s(">n-plus-one-db<")));
    for (const char* rule : {">deep-chain<", ">parallelizable-calls<", ">slow-query<"})
      QVERIFY2(stillCards.contains(s(rule)), rule);
    // The differential flame graph of the two CPU profiles.
    QVERIFY(html.contains(s("class=\"flame\"")));
    QVERIFY(html.contains(s("main.computeFraudScore")));

    // Critical path per endpoint: the checkout's time in payment (the fraud check) and the
    // product list's in inventory (the N+1) fell; every endpoint of the demo is drawn.
    QVERIFY(html.contains(s("id=\"paths\"")));
    QCOMPARE(html.count(s("class=\"path-group\"")), 7);
    Status status;
    auto workspace = Workspace::open(db.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY2(workspace, status.message().c_str());
    ReportOptions options;
    std::string error;
    options.baseline = parseCompareSide("shop-traces.otlp.pb.gz", &error);
    options.target = parseCompareSide("shop-after-traces.otlp.pb.gz", &error);
    const auto content = readReportContent(*workspace, options, &status);
    QVERIFY2(content, status.message().c_str());
    auto perRequest = [](const std::vector<EndpointCriticalPath>& paths, const char* operation,
                         const char* service) {
      for (const EndpointCriticalPath& path : paths) {
        if (path.service != "frontend" || path.operation != operation)
          continue;
        std::uint64_t total = 0;
        double ns = 0;
        for (const auto& share : path.services) {
          total += share.pathNs;
          if (share.service == service)
            ns = static_cast<double>(share.pathNs) / path.traces;
        }
        // A path partitions its root span: the shares add up to at most the traces' durations
        // (less what ran after a root returned: the checkout's Kafka consumers).
        return total <= path.durationNs && total == path.pathNs() ? ns : -1.0;
      }
      return -2.0;
    };
    const double paymentBefore =
        perRequest(content->baselinePaths, "POST /api/checkout", "payment");
    const double paymentAfter = perRequest(content->targetPaths, "POST /api/checkout", "payment");
    QVERIFY2(paymentAfter > 0 && paymentBefore > 2 * paymentAfter,
             qPrintable(QStringLiteral("%1 → %2").arg(paymentBefore).arg(paymentAfter)));
    const double inventoryBefore =
        perRequest(content->baselinePaths, "GET /api/products", "inventory");
    const double inventoryAfter =
        perRequest(content->targetPaths, "GET /api/products", "inventory");
    QVERIFY2(inventoryAfter > 0 && inventoryBefore > 1.5 * inventoryAfter,
             qPrintable(QStringLiteral("%1 → %2").arg(inventoryBefore).arg(inventoryAfter)));
  }

  // Section 6 on the demo's two runs with their metric snapshots: RED from the root spans of
  // each run in 60 buckets, both on one relative axis, and the processes' series read back from
  // the .prom files.
  void demoServiceHealth() {
    const QString db = m_dir.filePath(s("health.sightline"));
    QStringList files{kDemo + s("shop-traces.otlp.pb.gz"),
                      kDemo + s("after/shop-after-traces.otlp.pb.gz")};
    for (const QString& folder : QStringList{kDemo + s("metrics"), kDemo + s("after/metrics")}) {
      for (const QString& name : QDir(folder).entryList({s("*.prom")}, QDir::Files, QDir::Name))
        files << folder + QLatin1Char('/') + name;
    }
    QCOMPARE(files.size(), 22);
    const CommandRun imported = run(QStringList{s("import"), s("--db"), db} + files);
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    const QStringList sides{s("--baseline"), s("shop-traces.otlp.pb.gz"),
                            s("--target"),   s("shop-after-traces.otlp.pb.gz"),
                            s("--sections"), s("health")};
    const QString out = m_dir.filePath(s("health.html"));
    const CommandRun result = run(QStringList{s("report"), s("--db"), db, s("--out"), out} + sides);
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QString html = readAll(out);
    QXmlStreamReader xml(html);
    while (!xml.atEnd())
      xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(html.contains(s("id=\"health\"")));
    QVERIFY(!html.contains(s("id=\"kpis\"")));
    // All requests and three endpoints; four of the five jobs, the fifth named.
    QCOMPARE(html.count(s("class=\"health-row\"")), 8);
    QVERIFY(html.contains(s("1 more job using less CPU is not drawn")));
    QVERIFY(html.contains(s("budget 0.1 %")));  // the slo-burn rule's objective, 99.9 %

    Status status;
    auto workspace = Workspace::open(db.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY2(workspace, status.message().c_str());
    ReportOptions options;
    std::string error;
    options.baseline = parseCompareSide("shop-traces.otlp.pb.gz", &error);
    options.target = parseCompareSide("shop-after-traces.otlp.pb.gz", &error);
    const auto content = readReportContent(*workspace, options, &status);
    QVERIFY2(content, status.message().c_str());
    const ReportHealth& health = content->health;
    // Two ten-minute runs: 60 buckets each; every trace of a side is one request of it.
    QCOMPARE(health.axisNs,
             std::max(content->baselineSide.lastEndNs - content->baselineSide.firstStartNs,
                      content->targetSide.lastEndNs - content->targetSide.firstStartNs));
    for (const auto& [side, summary] : {std::pair{&health.baseline, &content->baselineSide},
                                        std::pair{&health.target, &content->targetSide}}) {
      QCOMPARE(side->red.size(), 4u);
      QCOMPARE(side->red[0].size(), kHealthBuckets);
      std::uint64_t requests = 0;
      std::uint64_t endpoints = 0;
      for (const HealthBucket& bucket : side->red[0])
        requests += bucket.requests;
      for (std::size_t e = 1; e < side->red.size(); ++e)
        for (const HealthBucket& bucket : side->red[e])
          endpoints += bucket.requests;
      QCOMPARE(requests, summary->traces);
      QVERIFY(endpoints > 0 && endpoints < requests);
    }
    QCOMPARE(health.endpoints[1].service, content->endpoints[0].service);
    QCOMPARE(health.endpoints[1].operation, content->endpoints[0].operation);

    // The payment job's goroutines at 14:05:30 and its CPU rate over the minute before, as
    // the snapshots of the first run hold them.
    const auto job = std::find_if(health.jobs.begin(), health.jobs.end(),
                                  [](const ReportHealth::Job& j) { return j.job == "payment"; });
    QVERIFY(job != health.jobs.end());
    const HealthJobSeries& payment =
        health.baseline.jobs[static_cast<std::size_t>(job - health.jobs.begin())];
    const QString labels = s("instance=\"10.42.0.23:8080\",job=\"payment\"");
    const auto [goroutines, at] =
        promSample(kDemo + s("metrics/shop-2026-11-20T14-05-30Z.prom"), s("go_goroutines"), labels);
    QVERIFY(at > 0);
    const std::uint64_t offset =
        static_cast<std::uint64_t>(at) * 1000000ULL - content->baselineSide.firstStartNs;
    QCOMPARE(valueAt(payment.goroutines, offset), goroutines);
    const auto [cpuBefore, from] = promSample(kDemo + s("metrics/shop-2026-11-20T14-04-30Z.prom"),
                                              s("process_cpu_seconds_total"), labels);
    const auto [cpuAfter, to] = promSample(kDemo + s("metrics/shop-2026-11-20T14-05-30Z.prom"),
                                           s("process_cpu_seconds_total"), labels);
    QVERIFY(from > 0 && to == at);
    QVERIFY(qFuzzyCompare(valueAt(payment.cpuCores, offset),
                          (cpuAfter - cpuBefore) / (static_cast<double>(to - from) / 1000)));
    // Ten snapshots per run: ten readings of a gauge, nine rates.
    QCOMPARE(payment.goroutines.size(), 10u);
    QCOMPARE(payment.cpuCores.size(), 9u);
    QCOMPARE(job->memoryMetric, std::string("process_resident_memory_bytes"));

    // The PDF: the section's text, and its charts painted as vectors, no image.
    const QString pdf = m_dir.filePath(s("health.pdf"));
    const CommandRun printed =
        run(QStringList{s("report"), s("--db"), db, s("--out"), pdf} + sides);
    QVERIFY2(printed.code == 0, qPrintable(printed.err));
    const QString pdfimages = QStandardPaths::findExecutable(s("pdfimages"));
    const QString pdftotext = QStandardPaths::findExecutable(s("pdftotext"));
    if (pdfimages.isEmpty() || pdftotext.isEmpty())
      QSKIP("poppler-utils (pdfimages, pdftotext) not installed");
    QProcess images;
    images.start(pdfimages, {s("-list"), pdf});
    QVERIFY(images.waitForFinished());
    QCOMPARE(
        QString::fromUtf8(images.readAllStandardOutput()).trimmed().split(QLatin1Char('\n')).size(),
        2);  // the two header lines only
    QProcess text;
    text.start(pdftotext, {pdf, s("-")});
    QVERIFY(text.waitForFinished());
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    for (const char* expected : {"Service health over time", "Requests per second", "Goroutines",
                                 "job payment", "orders-worker"})
      QVERIFY2(words.contains(s(expected)), expected);
  }

  // The whole before → after report as poppler sees it: the verdict's key figure as text,
  // findings.json attached, every font embedded, no image.
  void pdfAsPopplerSeesIt() {
    const QString db = m_dir.filePath(s("poppler.sightline"));
    const CommandRun imported =
        run({s("import"), s("--db"), db, kDemo + s("shop-traces.otlp.pb.gz"),
             kDemo + s("after/shop-after-traces.otlp.pb.gz")});
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    const QString pdf = m_dir.filePath(s("poppler.pdf"));
    const CommandRun printed =
        run({s("report"), s("--db"), db, s("--out"), pdf, s("--baseline"),
             s("shop-traces.otlp.pb.gz"), s("--target"), s("shop-after-traces.otlp.pb.gz")});
    QVERIFY2(printed.code == 0, qPrintable(printed.err));
    QStringList tools;
    for (const char* name : {"pdftotext", "pdfdetach", "pdffonts", "pdfimages"})
      tools << QStandardPaths::findExecutable(s(name));
    if (tools.contains(QString()))
      QSKIP("poppler-utils not installed");
    auto output = [](const QString& tool, const QStringList& arguments) -> QString {
      QProcess process;
      process.start(tool, arguments);
      process.waitForFinished();
      return QString::fromUtf8(process.readAllStandardOutput());
    };
    const QString words = output(tools[0], {pdf, s("-")});
    QVERIFY(words.contains(s("p95 of frontend · POST /api/checkout: 1355 ms → 285 ms")));
    const QString attached = output(tools[1], {s("-list"), pdf});
    QVERIFY2(attached.contains(s("1 embedded files")) && attached.contains(s("1: findings.json")),
             qPrintable(attached));
    const QStringList fontLines = output(tools[2], {pdf}).trimmed().split(QLatin1Char('\n'));
    QVERIFY(fontLines.size() > 2);  // two header lines, then one per font
    for (qsizetype i = 2; i < fontLines.size(); ++i) {
      // From the end: emb, sub, uni, object number, generation.
      const QStringList columns = fontLines[i].simplified().split(QLatin1Char(' '));
      QVERIFY2(columns.size() >= 6 && columns[columns.size() - 5] == s("yes"),
               qPrintable(fontLines[i]));
    }
    QCOMPARE(output(tools[3], {s("-list"), pdf}).trimmed().split(QLatin1Char('\n')).size(),
             2);  // the two header lines only
  }

  void sectionsOption() {
    const QString out = m_dir.filePath(s("kpis.html"));
    QCOMPARE(run({s("report"), s("--db"), m_db, s("--out"), out, s("--sections"), s("kpis")}).code,
             0);
    const QString html = readAll(out);
    QVERIFY(html.contains(s("id=\"kpis\"")));
    QVERIFY(!html.contains(s("id=\"findings\"")));
  }

  // The PDF: a PDF file whose incremental update attaches the same findings JSON that
  // `findings --json` prints, as findings.json.
  void pdfReport() {
    const QString out = m_dir.filePath(s("report.pdf"));
    const CommandRun result = run({s("report"), s("--db"), m_db, s("--out"), out});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY(pdf.contains("/EmbeddedFiles"));
    QVERIFY(pdf.contains("(findings.json)"));
    const CommandRun findings = run({s("findings"), s("--db"), m_db, s("--json")});
    QCOMPARE(findings.code, 0);
    const QByteArray json = findings.out.toUtf8().trimmed();
    QVERIFY(json.size() > 1000);
    const qsizetype at = pdf.indexOf(json.left(200));
    QVERIFY(at > 0);
    QCOMPARE(pdf.mid(at, json.size()), json);
  }

  // Chinese service and span names print: the PDF embeds the CJK font they fell back to.
  void pdfEmbedsTheCjkFont() {
    const QString json = m_dir.filePath(s("cjk.json"));
    QFile file(json);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":)"
               R"({"stringValue":"支付服务"}}]},"scopeSpans":[{"scope":{"name":"t"},"spans":[)"
               R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708",)"
               R"("name":"欺诈检查","kind":2,"startTimeUnixNano":"1795183200000000000",)"
               R"("endTimeUnixNano":"1795183201000000000"}]}]}]})");
    file.close();
    const QString db = m_dir.filePath(s("cjk.sightline"));
    QCOMPARE(run({s("import"), s("--db"), db, json}).code, 0);
    const QString out = m_dir.filePath(s("cjk.pdf"));
    const CommandRun result = run({s("report"), s("--db"), db, s("--out"), out});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    QFile pdf(out);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.contains("NotoSansCJKsc"));
    QVERIFY(bytes.contains("/FontFile2"));  // embedded, not only named
  }

  void refusesBadInput() {
    const QString out = m_dir.filePath(s("bad.html"));
    QCOMPARE(run({s("report"), s("--db"), m_db}).code, 2);
    QCOMPARE(run({s("report"), s("--db"), m_db, s("--out"), m_dir.filePath(s("x.txt"))}).code, 2);
    QCOMPARE(run({s("report"), s("--db"), m_db, s("--out"), out, s("--baseline"), s("1")}).code, 2);
    QCOMPARE(run({s("report"), s("--db"), m_db, s("--out"), out, s("--sections"), s("nope")}).code,
             2);
    QCOMPARE(run({s("report"), s("--db"), m_db, s("--out"), out, s("--baseline"), s("source:99"),
                  s("--target"), s("1")})
                 .code,
             1);
    QVERIFY(!QFile::exists(out));
    // A directory that does not exist: an error, nothing written.
    const QString nowhere = m_dir.filePath(s("no/such/dir/r.html"));
    const CommandRun unwritable = run({s("report"), s("--db"), m_db, s("--out"), nowhere});
    QCOMPARE(unwritable.code, 1);
    QVERIFY(unwritable.err.contains(s("cannot write")));
    QVERIFY(!QFile::exists(nowhere));
  }

 private:
  QTemporaryDir m_dir;
  QString m_db;
  QStringList m_files;
};

QTEST_MAIN(TstReportCommand)
#include "tst_report_command.moc"
