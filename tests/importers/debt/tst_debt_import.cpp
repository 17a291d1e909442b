#include <QDirIterator>
#include <QElapsedTimer>
#include <QtTest>

#include "tests/importers/debt/debt_test_support.h"

using namespace sightline;
using namespace sightline::test;
using Outcome = FileImportResult::Outcome;

namespace {

// A SARIF log of `results` results over a few hundred files and rules, like a large
// analysis of a monorepo.
std::string hugeSarif(std::size_t results) {
  std::string text =
      R"({"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json",)"
      R"("runs":[{"tool":{"driver":{"name":"Bulk","rules":[)";
  for (int rule = 0; rule < 50; ++rule) {
    if (rule > 0)
      text += ',';
    text +=
        R"({"id":"B)" + std::to_string(rule) +
        R"(","defaultConfiguration":{"level":"warning"},"properties":{"tags":["maintainability"]}})";
  }
  text += R"(]}},"results":[)";
  for (std::size_t i = 0; i < results; ++i) {
    if (i > 0)
      text += ',';
    text += R"({"ruleId":"B)" + std::to_string(i % 50) + R"(","ruleIndex":)" +
            std::to_string(i % 50) +
            R"(,"message":{"text":"Something to look at in this function, number )" +
            std::to_string(i) +
            R"("},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"services/svc)" +
            std::to_string(i % 7) + "/pkg" + std::to_string(i % 300) +
            R"(/file.go","uriBaseId":"%SRCROOT%"},"region":{"startLine":)" +
            std::to_string(1 + i % 900) + R"(,"startColumn":3}}}]})";
  }
  text += "]}]}";
  return text;
}

struct Fixture {
  const char* file;
  const char* format;
  const char* table;
};

constexpr Fixture kFixtures[] = {
    {"coverage.out", "go-coverprofile", "debt_measures"},
    {"coverage-count.out", "go-coverprofile", "debt_measures"},
    {"cover-func.txt", "go-cover-func", "debt_measures"},
    {"staticcheck.sarif", "sarif", "debt_issues"},
    {"eslint.sarif", "sarif", "debt_issues"},
    {"jscpd-report.json", "jscpd-json", "debt_measures"},
    {"cloc.json", "cloc-json", "debt_measures"},
    {"cloc-summary.json", "cloc-json", "debt_measures"},
    {"git-numstat.txt", "git-numstat", "debt_changes"},
    {"repo/CODEOWNERS", "codeowners", "code_owners"},
    {"sonarqube/component-payment.json", "sonarqube-json", "debt_measures"},
    {"sonarqube/component_tree-page1.json", "sonarqube-json", "debt_measures"},
    {"sonarqube/component_tree-page2.json", "sonarqube-json", "debt_measures"},
};

}  // namespace

class TestDebtImport : public QObject {
  Q_OBJECT

 private slots:
  // Each fixture, plain and compressed: sniffed, imported into its table, one source row.
  void importsEachFixture_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("table");
    QTest::addColumn<QByteArray>("compression");
    for (const Fixture& fixture : kFixtures) {
      for (const char* compression : {"", "gz", "zst"}) {
        QTest::addRow("%s %s", fixture.file, compression)
            << QByteArray(fixture.file) << QByteArray(fixture.format) << QByteArray(fixture.table)
            << QByteArray(compression);
      }
    }
  }
  void importsEachFixture() {
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, table);
    QFETCH(QByteArray, compression);
    TempWorkspace workspace;
    std::string bytes = fileText(debtShop(file.toStdString()));
    QVERIFY(!bytes.empty());
    QCOMPARE(detectedFormat(bytes), format.toStdString());
    if (compression == "gz")
      bytes = gzipBytes(bytes);
    else if (compression == "zst")
      bytes = zstdBytes(bytes);
    // A name that says nothing: the content decides.
    const std::string path = workspace.write("input." + compression.toStdString(), bytes);
    ImportOptions options;
    options.batchSize = 5;
    const FileImportResult result = importFile(*workspace, path, options);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(result.formatId, format.toStdString());
    QVERIFY(result.debtRecords > 0);
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM " + table.toStdString()),
             std::int64_t(result.debtRecords));
    QCOMPARE(workspace.rows("SELECT kind, bytes FROM sources"),
             std::vector<std::string>{format.toStdString() + "|" + std::to_string(bytes.size())});
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM " + table.toStdString() +
                             " WHERE source_id <> " + std::to_string(result.sourceId)),
             std::int64_t(0));
    // The same bytes again: skipped.
    const FileImportResult again = importFile(*workspace, workspace.write("again", bytes));
    QCOMPARE(int(again.outcome), int(Outcome::Skipped));
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM sources"), std::int64_t(1));
  }

  // Stored rows read back as the readers made them.
  void storedRows() {
    TempWorkspace workspace;
    for (const char* file :
         {"coverage.out", "staticcheck.sarif", "git-numstat.txt", "repo/CODEOWNERS",
          "sonarqube/component-inventory.json", "cover-func.txt"}) {
      const FileImportResult result = importFile(*workspace, debtShop(file));
      QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    }
    QCOMPARE(workspace.rows("SELECT kind, symbol, line, value FROM debt_measures WHERE metric = "
                            "'statements' AND path = 'shop.local/services/checkout/main.go'"),
             std::vector<std::string>{"file|NULL|NULL|2.0"});
    QCOMPARE(workspace.rows("SELECT value FROM debt_measures WHERE path = 'shop:inventory' AND "
                            "metric = 'my_custom_metric'"),
             std::vector<std::string>{"7.0"});
    QCOMPARE(workspace.rows("SELECT kind, symbol, line FROM debt_measures WHERE kind = "
                            "'function' AND symbol = 'reconcileBatch'"),
             std::vector<std::string>{"function|reconcileBatch|68"});
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM debt_issues WHERE tool = 'Staticcheck' AND "
                             "level IN ('warning', 'error') AND tags = '[]'"),
             std::int64_t(12));
    QCOMPARE(workspace.rows("SELECT path, added, deleted FROM debt_changes WHERE added IS NULL"),
             std::vector<std::string>{"services/frontend/public/favicon.png|NULL|NULL"});
    QCOMPARE(workspace.rows("SELECT seq, pattern, owners, line FROM code_owners ORDER BY seq "
                            "LIMIT 1"),
             std::vector<std::string>{"0|*|[\"@shop/platform\"]|4"});
  }

  // Hostile and malformed inputs: a clear error, and nothing of them in the workspace.
  void hostileInputs_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("message");
    const std::string page = fileText(debtShop("sonarqube/component_tree-page1.json"));
    const std::string sarif = fileText(debtShop("eslint.sarif"));
    auto row = [](const char* name, const std::string& bytes, const char* message) {
      QTest::newRow(name) << QByteArray::fromStdString(bytes) << QByteArray(message);
    };
    row("truncated SonarQube page", page.substr(0, page.size() - 100), "invalid JSON");
    row("truncated SARIF", sarif.substr(0, sarif.size() * 2 / 3), "invalid JSON");
    std::string wrongType = page;
    wrongType.replace(wrongType.rfind("\"value\": \""), 10, "\"value\": {}, \"x\": \"");
    row("SonarQube value {}", wrongType, "to be a string or a number");
    std::string dotDot = sarif;
    dotDot.replace(dotDot.rfind("services/frontend"), 17, "services/../../etc");
    row("SARIF path with ..", dotDot, "\"..\" segment");
    std::string nul = sarif;
    nul.replace(nul.rfind("api.mjs"), 7, "api%00.mjs");
    row("SARIF path with NUL", nul, "NUL");
    row("coverprofile bad line", "mode: set\na/b.go:1.1,2.2 1 1\na/b.go:3.1,4.2 one 1\n",
        "line 3: expected \"file:startLine");
    row("coverprofile ..", "mode: set\n../b.go:1.1,2.2 1 1\n", "line 2: a path must not have");
    row("numstat bad line",
        "commit 0123456789abcdef0123456789abcdef01234567\nAuthor: A <a@b>\nDate: 1701680400\n\n"
        "1\tx\ta.go\n",
        "line 5: expected");
    row("cloc NUL key",
        "{\"header\":{\"cloc_version\":\"1.96\"},\"a\\u0000b.go\":{\"blank\":1,\"comment\":1,"
        "\"code\":1,\"language\":\"Go\"}}",
        "NUL");
    row("CODEOWNERS owner without @", "*.go @go\n*.js @web\n/docs/ writers\n",
        "line 3: expected owners");
    std::string late = fileText(debtShop("coverage.out"));
    late += "shop.local/x.go:1.1,2.2 1\n";  // the last line is bad: the first blocks must go too
    row("coverprofile, bad last line", late, "expected \"file:startLine");
  }
  void hostileInputs() {
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, message);
    TempWorkspace workspace;
    // A source already there stays as it was.
    QVERIFY(importFile(*workspace, debtShop("cloc.json")).outcome == Outcome::Imported);
    const auto before = workspace.tableCounts();
    ImportOptions options;
    options.batchSize = 2;  // batches went to the writer before the error
    const FileImportResult result =
        importFile(*workspace, workspace.write("bad", bytes.toStdString()), options);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find(message.toStdString()) != std::string::npos, result.error.c_str());
    QVERIFY(result.error.starts_with(workspace.dir()));  // names the file
    QVERIFY(workspace.tableCounts() == before);
  }

  // Unknown metric keys are kept and non-numeric values skipped: neither is an error.
  void lenientSonarQube() {
    TempWorkspace workspace;
    const std::string answer =
        R"({"component":{"key":"svc","qualifier":"TRK","measures":[)"
        R"({"metric":"my_custom_metric","value":"7"},{"metric":"alert_status","value":"OK"},)"
        R"({"metric":"sqale_rating","value":"A"},{"metric":"coverage","value":"41.0"}]}})";
    const FileImportResult result = importFile(*workspace, workspace.write("c.json", answer));
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(workspace.rows("SELECT metric, value FROM debt_measures ORDER BY metric"),
             (std::vector<std::string>{"coverage|41.0", "my_custom_metric|7.0"}));
  }

  // A huge SARIF file imports in bounded time, every result stored.
  void hugeSarif() {
    const std::size_t results = 200000;
    const std::string text = ::hugeSarif(results);
    TempWorkspace workspace;
    const std::string path = workspace.write("huge.sarif", text);
    QElapsedTimer timer;
    timer.start();
    const FileImportResult result = importFile(*workspace, path);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(result.debtRecords, std::uint64_t(results));
    QCOMPARE(workspace.count("SELECT COUNT(*) FROM debt_issues"), std::int64_t(results));
    qInfo("huge SARIF: %zu results, %.1f MB, imported in %lld ms", results,
          double(text.size()) / 1e6, static_cast<long long>(elapsed));
    QVERIFY2(elapsed < 60000, "a 200k-result SARIF file should import within a minute");
    // Compressed too.
    const std::string gz = workspace.write("huge.sarif.gz", gzipBytes(text + " "));
    timer.restart();
    const FileImportResult again = importFile(*workspace, gz);
    QVERIFY2(again.outcome == Outcome::Imported, again.error.c_str());
    qInfo("huge SARIF, gzip: %lld ms", static_cast<long long>(timer.elapsed()));
  }

  // Beyond the size cap: a clear error before parsing, nothing stored.
  void sarifOverTheCap() {
    TempWorkspace workspace;
    const auto before = workspace.tableCounts();
    // 600 MB of zeros compress to ~600 KB with zstd: the cap applies to decompressed bytes.
    std::string text = R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[)";
    text.resize(600u << 20, ' ');
    const FileImportResult result =
        importFile(*workspace, workspace.write("big.sarif.zst", zstdBytes(text)));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("of at most 512 MiB") != std::string::npos, result.error.c_str());
    QVERIFY(workspace.tableCounts() == before);
  }

  void cancelled() {
    const std::string text = ::hugeSarif(20000);
    TempWorkspace workspace;
    const auto before = workspace.tableCounts();
    std::atomic<bool> cancel{false};
    ImportOptions options;
    options.batchSize = 100;
    options.cancel = &cancel;
    options.onProgress = [&](const ImportProgress& progress) {
      if (progress.rows > 0)
        cancel = true;
    };
    const FileImportResult result =
        importFile(*workspace, workspace.write("c.sarif", text), options);
    QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
    QVERIFY(workspace.tableCounts() == before);
  }

  // The debt sniffers and the older ones each keep their own files.
  void sniffersKeepTheirFiles() {
    const std::string data = SIGHTLINE_TEST_DATA_DIR;
    QCOMPARE(detectedFormat(fileText(data + "/otlp-handmade/sample.json")),
             std::string("otlp-json"));
    QCOMPARE(detectedFormat(fileText(data + "/otlp-handmade/sample.jsonl")),
             std::string("otlp-json"));
    QCOMPARE(detectedFormat(R"({"status":"success","data":{"resultType":"matrix","result":[]}})"),
             std::string("prometheus-api-json"));
    QCOMPARE(detectedFormat("# HELP up Up.\n# TYPE up gauge\nup 1\n"), std::string("prometheus"));
    QCOMPARE(detectedFormat("main;work 3\n"), std::string("collapsed"));
    for (const Fixture& fixture : kFixtures)
      QCOMPARE(detectedFormat(fileText(debtShop(fixture.file))), std::string(fixture.format));
    // No trace, profile or metrics fixture (nor their scripts and READMEs) looks like a
    // code-quality file.
    std::set<std::string> debtFormats;
    for (const auto& descriptor : importerRegistry()) {
      if (descriptor.signal == SignalKind::Debt)
        debtFormats.insert(descriptor.id);
    }
    int files = 0;
    QDirIterator it(QString::fromStdString(data), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      if (path.contains(QLatin1String("/debt-shop/")) ||
          path.contains(QLatin1String("node_modules")))
        continue;
      const std::string format = detectedFormat(fileText(path.toStdString()));
      QVERIFY2(!debtFormats.count(format), (path.toStdString() + " → " + format).c_str());
      ++files;
    }
    QVERIFY(files > 50);
  }
};

QTEST_GUILESS_MAIN(TestDebtImport)
#include "tst_debt_import.moc"
