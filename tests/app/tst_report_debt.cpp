// Report section 7, the tech-debt heatmap (`--sections debt`): on the demo with its debt inputs
// (resources/demo/debt/) the rows and figures are those of `sightline debt --json`, ranked by
// score; a workspace without debt data says so; with a baseline the heatmap is of the whole
// workspace; more than kDebtGridRows services are cut with a count; names from the data are
// escaped.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <algorithm>
#include <cmath>

#include "model/report/report_debt.h"
#include "tests/app/cli_in_process_runner.h"
#include "tests/app/report_test_helpers.h"
#include "ui/report/html/report_html.h"
#include "ui/report/report_debt_grid.h"

using namespace sightline;
using sightline::test::CommandRun;
using sightline::test::run;
using namespace sightline::test;

namespace {

bool wellFormed(const QString& html) {
  QXmlStreamReader xml(html);
  while (!xml.atEnd())
    xml.readNext();
  return !xml.hasError();
}

// `sightline debt --json`'s services in the model's ranking: score first, no score last,
// then by name.
QList<QJsonObject> rankedServices(const QString& db) {
  const CommandRun debt = run({s("debt"), s("--db"), db, s("--json")});
  QList<QJsonObject> services;
  if (debt.code != 0)
    return services;
  for (const QJsonValue& value :
       QJsonDocument::fromJson(debt.out.toUtf8()).object()[s("services")].toArray())
    services << value.toObject();
  std::stable_sort(services.begin(), services.end(),
                   [](const QJsonObject& a, const QJsonObject& b) {
                     const QJsonValue x = a[s("score")];
                     const QJsonValue y = b[s("score")];
                     if (x.isNull() != y.isNull())
                       return !x.isNull();
                     if (!x.isNull() && x.toDouble() != y.toDouble())
                       return x.toDouble() > y.toDouble();
                     return a[s("service")].toString() < b[s("service")].toString();
                   });
  return services;
}

// "75.2 %" → 75.2, "3" → 3, "–" → NaN (no figure).
double numberIn(const QString& text) {
  QString digits = text;
  digits.remove(s(" %"));
  bool ok = false;
  const double value = digits.toDouble(&ok);
  return ok ? value : std::nan("");
}

// Whether a cell's text says the JSON figure: "–" for null, else the value within the
// rounding of the text (`scale` 100 for a share shown as a percentage).
bool says(const QString& text, const QJsonValue& figure, double scale, double tolerance) {
  if (figure.isNull())
    return text == s("–");
  const double shown = numberIn(text);
  const double value = figure.toDouble() * scale;
  return std::abs(shown - value) <= tolerance * std::max(1.0, std::abs(value));
}

QStringList demoFiles() {
  QStringList files{kDemo + s("shop-traces.otlp.pb.gz"), kDemo + s("profiles/payment-cpu.pb.gz")};
  const QDir debt(kDemo + s("debt"));
  for (const QString& name : debt.entryList(QDir::Files, QDir::Name)) {
    if (name != s("README.md"))
      files << debt.filePath(name);
  }
  const QDir sonar(kDemo + s("debt/sonarqube"));
  for (const QString& name : sonar.entryList({s("*.json")}, QDir::Files, QDir::Name))
    files << sonar.filePath(name);
  return files;
}

}  // namespace

class TstReportDebt : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(s("demo.sightline"));
    const CommandRun imported = run(QStringList{s("import"), s("--db"), m_db} + demoFiles());
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    m_bare = m_dir.filePath(s("bare.sightline"));
    const CommandRun bare =
        run({s("import"), s("--db"), m_bare, kDemo + s("shop-traces.otlp.pb.gz")});
    QVERIFY2(bare.code == 0, qPrintable(bare.err));
  }

  // The rows and cells are `sightline debt --json`'s services, best score first.
  void heatmapIsTheDebtVerbs() {
    const QString out = m_dir.filePath(s("debt.html"));
    const CommandRun result =
        run({s("report"), s("--db"), m_db, s("--out"), out, s("--sections"), s("debt")});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QString html = readAll(out);
    QVERIFY(wellFormed(html));
    QVERIFY(html.contains(s("id=\"debt\"")));
    QVERIFY(!html.contains(s("id=\"findings\"")));
    QVERIFY(!html.contains(s("No tech-debt data")));

    const QList<QJsonObject> services = rankedServices(m_db);
    QCOMPARE(services.size(), 5);  // the demo's five services
    const QStringList names = textsOf(html, s("text"), s("debt-service"));
    const QStringList cells = textsOf(html, s("text"), s("debt-value"));
    const qsizetype columns = kDebtColumnCount + 1;  // the figures, then the score
    QCOMPARE(names.size(), std::min<qsizetype>(services.size(), kDebtGridRows));
    QCOMPARE(cells.size(), names.size() * columns);
    // The demo's story: payment is red and hot (resources/demo/debt/README.md).
    QCOMPARE(names.first(), s("payment"));
    for (qsizetype row = 0; row < names.size(); ++row) {
      const QJsonObject& figures = services[row];
      QCOMPARE(names[row], figures[s("service")].toString());
      const QStringList line = cells.mid(row * columns, columns);
      auto check = [&](DebtColumn column, const char* key, double scale, double tolerance) {
        const QString& text = line[static_cast<int>(column)];
        QVERIFY2(says(text, figures[s(key)], scale, tolerance),
                 qPrintable(names[row] + s(" ") + s(key) + s(": ") + text));
      };
      check(DebtColumn::Coverage, "coverage", 1, 0.06);
      check(DebtColumn::Duplication, "duplication", 1, 0.06);
      check(DebtColumn::CodeSmells, "code_smells", 1, 0.5);
      check(DebtColumn::Churn, "churn", 1, 0.5);
      check(DebtColumn::ErrorRate, "error_rate", 100, 0.06);
      check(DebtColumn::CriticalPathShare, "critical_path_share", 100, 0.06);
      check(DebtColumn::CpuShare, "cpu_share", 100, 0.06);
      check(DebtColumn::Findings, "findings", 1, 0);
      const QJsonValue density = figures[s("vulnerability_density")];
      QVERIFY(says(line[static_cast<int>(DebtColumn::VulnerabilityDensity)],
                   density.isNull() ? figures[s("vulnerabilities")] : density, 1, 0.005));
      QCOMPARE(line[static_cast<int>(DebtColumn::P99)] == s("–"), figures[s("p99_ns")].isNull());
      QVERIFY2(says(line.last(), figures[s("score")], 1, 0.005), qPrintable(line.last()));
    }
    // payment's coverage (75.2 %) is past the "Sonar way" gate: the cell has the bad fill and
    // its tooltip, the Tech debt page's, the gate.
    QVERIFY(
        html.contains(s("<title>payment: coverage 75.2 % — gate ≥ 80 %; amber within 10 % of "
                        "it</title><rect")));
    const qsizetype at = html.indexOf(s("<title>payment: coverage 75.2 %"));
    QVERIFY(html.mid(at, 200).contains(s("fill=\"") + debtStatusFill(DebtCellStatus::Bad).name() +
                                       s("\"")));
    QVERIFY(!html.contains(s("whole workspace")));
  }

  // Debt data has no time window: with a baseline the same rows, and the report says so.
  void baselineIsTheWholeWorkspace() {
    const QString out = m_dir.filePath(s("before-after.html"));
    const CommandRun result =
        run({s("report"), s("--db"), m_db, s("--out"), out, s("--sections"), s("debt"),
             s("--baseline"), s("2026-11-20T14:00Z..2026-11-20T14:03Z"), s("--target"),
             s("2026-11-20T14:03Z..2026-11-20T14:10Z")});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QString html = readAll(out);
    QVERIFY(html.contains(s("the heatmap is of the whole workspace")));
    QStringList expected;
    for (const QJsonObject& service : rankedServices(m_db))
      expected << service[s("service")].toString();
    QCOMPARE(textsOf(html, s("text"), s("debt-service")), expected);
  }

  // The PDF: painted vectors (no image), the section's text.
  void pdfIsVectors() {
    const QString out = m_dir.filePath(s("debt.pdf"));
    const CommandRun result =
        run({s("report"), s("--db"), m_db, s("--out"), out, s("--sections"), s("debt")});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("%PDF-"));
    const QString pdfimages = QStandardPaths::findExecutable(s("pdfimages"));
    const QString pdftotext = QStandardPaths::findExecutable(s("pdftotext"));
    if (pdfimages.isEmpty() || pdftotext.isEmpty())
      QSKIP("poppler-utils (pdfimages, pdftotext) not installed");
    QProcess images;
    images.start(pdfimages, {s("-list"), out});
    QVERIFY(images.waitForFinished());
    // The header's two lines and no image.
    QCOMPARE(
        QString::fromUtf8(images.readAllStandardOutput()).trimmed().split(QLatin1Char('\n')).size(),
        2);
    QProcess text;
    text.start(pdftotext, {s("-layout"), out, s("-")});
    QVERIFY(text.waitForFinished());
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY(words.contains(s("Tech-debt heatmap")));
    for (const QJsonObject& service : rankedServices(m_db))
      QVERIFY2(words.contains(service[s("service")].toString()),
               qPrintable(service[s("service")].toString()));
    QVERIFY(words.contains(s("75.2 %")));
  }

  // No debt_measures or debt_issues: a paragraph instead of the heatmap, in both forms.
  void noDebtData() {
    const QString out = m_dir.filePath(s("bare.html"));
    const CommandRun result =
        run({s("report"), s("--db"), m_bare, s("--out"), out, s("--sections"), s("debt")});
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QString html = readAll(out);
    QVERIFY(wellFormed(html));
    QVERIFY(html.contains(s("id=\"debt\"")));
    QVERIFY(html.contains(s("No tech-debt data imported.")));
    QVERIFY(!html.contains(s("debt-heatmap")));
    const QString pdf = m_dir.filePath(s("bare.pdf"));
    QCOMPARE(
        run({s("report"), s("--db"), m_bare, s("--out"), pdf, s("--sections"), s("debt")}).code, 0);
    QVERIFY(QFile::exists(pdf));
  }

  // The model's ranking: score first, then no score, then by name.
  void ranking() {
    auto row = [](const char* service, std::optional<double> score) {
      DebtRow r;
      r.service = service;
      r.figures.score = score;
      return r;
    };
    std::vector<DebtRow> rows = {row("b", std::nullopt), row("c", 0.5), row("a", std::nullopt),
                                 row("d", 2.0), row("e", 0.5)};
    rankDebtRows(rows);
    QStringList order;
    for (const DebtRow& r : rows)
      order << QString::fromStdString(r.service);
    QCOMPARE(order, (QStringList{s("d"), s("c"), s("e"), s("a"), s("b")}));
  }

  // Past kDebtGridRows services the rest are counted, not drawn; names from the data are
  // escaped wherever they land (row label and tooltips).
  void manyHostileServices() {
    ReportContent content;
    content.debt = ReportDebt{};
    for (int i = 0; i < 17; ++i) {
      DebtRow r;
      r.service = "<script>alert(" + std::to_string(i) + ")</script>\"&'";
      r.figures.score = 100 - i;
      r.figures.coverage = 50 + i;
      r.owners = {"@team<b>"};
      content.debt->services.push_back(r);
    }
    ReportRenderOptions options;
    options.sections = {ReportSection::Debt};
    const QString html = renderHtmlReport(content, options);
    QVERIFY(wellFormed(html));
    QVERIFY(!html.contains(s("<script")));
    QVERIFY(!html.contains(s("<b>")));
    QCOMPARE(textsOf(html, s("text"), s("debt-service")).size(), qsizetype(kDebtGridRows));
    QVERIFY(html.contains(s("2 more rows with lower scores not drawn")));
    QVERIFY(html.contains(s("&lt;script&gt;alert(0)&lt;/script&gt;&quot;&amp;&#39;")));
  }

 private:
  QTemporaryDir m_dir;
  QString m_db;
  QString m_bare;
};

QTEST_MAIN(TstReportDebt)
#include "tst_report_debt.moc"
