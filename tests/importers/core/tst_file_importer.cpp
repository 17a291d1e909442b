#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <fstream>
#include <map>
#include <set>

#include "importers/core/file_importer.h"
#include "importers/core/import_paths.h"
#include "importers/core/importer_registry.h"
#include "model/metrics/metric_queries.h"
#include "tests/importers/otlp/otlp_test_support.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;
using namespace sightline::test;
using Outcome = FileImportResult::Outcome;

namespace {

// Row count of every table: "the workspace is unchanged" means these are equal.
std::map<std::string, std::int64_t> tableCounts(Workspace& workspace) {
  std::map<std::string, std::int64_t> counts;
  std::vector<std::string> tables;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(workspace.db(), "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
                     &statement, nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  for (const auto& table : tables) {
    const std::string sql = "SELECT COUNT(*) FROM \"" + table + "\"";
    sqlite3_prepare_v2(workspace.db(), sql.c_str(), -1, &statement, nullptr);
    if (sqlite3_step(statement) == SQLITE_ROW)
      counts[table] = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
  }
  return counts;
}

std::int64_t spanRows(Workspace& workspace) {
  return tableCounts(workspace)["spans"];
}

}  // namespace

class TestFileImporter : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;

  std::string write(const QString& name, const std::string& bytes) {
    const std::string path = m_dir.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

 private slots:
  void init() {
    Status status;
    m_workspace = Workspace::open(
        m_dir.filePath(QStringLiteral("w%1.sightline").arg(QRandomGenerator::global()->generate()))
            .toStdString(),
        Workspace::Mode::ReadWrite, &status);
    QVERIFY2(m_workspace, status.message().c_str());
  }
  void cleanup() { m_workspace.reset(); }

  void importsEachFormat_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format");
    const std::string pb = sampleRequest().SerializeAsString();
    std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/otlp-handmade/sample.jsonl");
    const std::string jsonl((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto bytes = [](const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); };
    const QString proto = QStringLiteral("otlp-proto");
    const QString json = QStringLiteral("otlp-json");
    QTest::newRow("protobuf") << QStringLiteral("a.pb") << bytes(pb) << proto;
    QTest::newRow("protobuf zstd, misleading name")
        << QStringLiteral("b.json") << bytes(zstdCompress(pb)) << proto;
    QTest::newRow("json lines gzip")
        << QStringLiteral("c.jsonl.gz") << bytes(gzipCompress(jsonl)) << json;
    QTest::newRow("json lines") << QStringLiteral("d.txt") << bytes(jsonl) << json;
    std::ifstream doc(std::string(SIGHTLINE_TEST_DATA_DIR) + "/otlp-handmade/sample.json");
    const std::string document((std::istreambuf_iterator<char>(doc)),
                               std::istreambuf_iterator<char>());
    QTest::newRow("json document") << QStringLiteral("e.json") << bytes(document) << json;
  }
  void importsEachFormat() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);
    const std::string path = write(name, bytes.toStdString());
    std::vector<ImportProgress> progress;
    ImportOptions options;
    options.batchSize = 2;
    options.onProgress = [&](const ImportProgress& p) { progress.push_back(p); };
    const FileImportResult result = importFile(*m_workspace, path, options);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(result.formatId, format.toStdString());
    QCOMPARE(result.spans, std::uint64_t(7));
    QCOMPARE(result.traces, std::uint64_t(3));
    QCOMPARE(result.bytes, std::uint64_t(bytes.size()));
    QVERIFY(result.sourceId > 0);
    QCOMPARE(spanRows(*m_workspace), std::int64_t(7));
    QVERIFY(!progress.empty());
    QCOMPARE(progress.back().rows, std::uint64_t(7));
    QCOMPARE(progress.back().bytesTotal, std::uint64_t(bytes.size()));
    QCOMPARE(progress.back().bytesRead, std::uint64_t(bytes.size()));

    // The same bytes again, under another name: skipped, nothing added.
    const FileImportResult again =
        importFile(*m_workspace, write(name + QStringLiteral(".copy"), bytes.toStdString()));
    QCOMPARE(int(again.outcome), int(Outcome::Skipped));
    QCOMPARE(again.sourceId, result.sourceId);
    QCOMPARE(spanRows(*m_workspace), std::int64_t(7));
  }

  void failedImportLeavesWorkspaceUnchanged() {
    QVERIFY(importFile(*m_workspace,
                       write(QStringLiteral("ok.pb"), sampleRequest().SerializeAsString()))
                .outcome == Outcome::Imported);
    const auto before = tableCounts(*m_workspace);

    // A bad span in the second resource, after two batches were already written.
    auto request = sampleRequest();
    request.mutable_resource_spans(1)->mutable_scope_spans(0)->mutable_spans(1)->set_span_id(
        "short");
    ImportOptions options;
    options.batchSize = 2;
    const std::string badPath = write(QStringLiteral("bad.pb"), request.SerializeAsString());
    FileImportResult result = importFile(*m_workspace, badPath, options);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.rfind(badPath + ": at byte ", 0) == 0, result.error.c_str());
    QVERIFY2(result.error.find("span_id must be 8 bytes, found 5") != std::string::npos,
             result.error.c_str());
    QVERIFY(tableCounts(*m_workspace) == before);

    // Truncated, compressed.
    const std::string whole = sampleRequest().SerializeAsString();
    result = importFile(*m_workspace, write(QStringLiteral("cut.pb.gz"),
                                            gzipCompress(whole.substr(0, whole.size() - 9))));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("truncated") != std::string::npos, result.error.c_str());
    QVERIFY(tableCounts(*m_workspace) == before);

    // A JSON lines file with a bad second line.
    std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/otlp-handmade/sample.jsonl");
    std::string line;
    std::getline(in, line);
    result = importFile(*m_workspace, write(QStringLiteral("bad.jsonl"),
                                            line + "\n" + line + "\n{\"resourceSpans\"\n"));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find(": line 3: ") != std::string::npos, result.error.c_str());
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void decompressionBombIsRefused() {
    const auto before = tableCounts(*m_workspace);
    std::string many;
    for (int i = 0; i < 50; ++i)
      many += sampleRequest().SerializeAsString();
    ImportOptions options;
    options.maxDecompressedBytes = 10000;
    const FileImportResult result =
        importFile(*m_workspace, write(QStringLiteral("bomb.pb.gz"), gzipCompress(many)), options);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.find("exceeds the limit of 10000 bytes") != std::string::npos,
             result.error.c_str());
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void unrecognisedFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    QTest::newRow("prose") << QByteArray("Dear reader,\nthis is not data.\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("gzip of text") << QByteArray::fromStdString(gzipCompress("hello world\n"));
  }
  void unrecognisedFiles() {
    QFETCH(QByteArray, bytes);
    const auto before = tableCounts(*m_workspace);
    const std::string path = write(QStringLiteral("x.pb"), bytes.toStdString());
    const FileImportResult result = importFile(*m_workspace, path);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QCOMPARE(result.error,
             path + ": not a recognised trace, profile, metrics or code-quality file");
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void missingFile() {
    const FileImportResult result = importFile(*m_workspace, "/nonexistent/file.pb");
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.rfind("/nonexistent/file.pb: cannot open", 0) == 0, result.error.c_str());
  }

  void cancelDuringImport() {
    const auto before = tableCounts(*m_workspace);
    std::atomic<bool> cancel{false};
    ImportOptions options;
    options.batchSize = 2;
    options.cancel = &cancel;
    // The first progress report (after the first batch) asks to cancel.
    options.onProgress = [&](const ImportProgress&) { cancel = true; };
    const FileImportResult result = importFile(
        *m_workspace, write(QStringLiteral("c.pb"), sampleRequest().SerializeAsString()), options);
    QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void importsProfiles_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format");
    QTest::addColumn<qulonglong>("samples");  // merged (stack, label set) rows; 0 = some
    auto file = [](const std::string& relative) {
      std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/" + relative, std::ios::binary);
      return QByteArray::fromStdString(
          std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    };
    const QString pprof = QStringLiteral("pprof");
    const QString collapsed = QStringLiteral("collapsed");
    QTest::newRow("go cpu") << QStringLiteral("cpu.pb.gz") << file("go-pprof/cpu.pb.gz") << pprof
                            << qulonglong(0);
    QTest::newRow("go heap") << QStringLiteral("heap.pb.gz") << file("go-pprof/heap.pb.gz") << pprof
                             << qulonglong(0);
    QTest::newRow("go goroutine, zstd, no extension")
        << QStringLiteral("goroutines")
        << QByteArray::fromStdString(
               zstdCompress(decompressed(file("go-pprof/goroutine.pb.gz").toStdString())))
        << pprof << qulonglong(0);
    QTest::newRow("collapsed") << QStringLiteral("simple.txt") << file("collapsed/simple.txt")
                               << collapsed << qulonglong(4);
    QTest::newRow("collapsed gzip")
        << QStringLiteral("edge.folded.gz")
        << QByteArray::fromStdString(gzipCompress(file("collapsed/edge_cases.txt").toStdString()))
        << collapsed << qulonglong(8);
  }
  void importsProfiles() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);
    QFETCH(qulonglong, samples);
    const std::string path = write(name, bytes.toStdString());
    std::vector<ImportProgress> progress;
    ImportOptions options;
    options.onProgress = [&](const ImportProgress& p) { progress.push_back(p); };
    const FileImportResult result = importFile(*m_workspace, path, options);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(result.formatId, format.toStdString());
    QCOMPARE(result.profiles, std::uint64_t(1));
    QCOMPARE(result.spans, std::uint64_t(0));
    if (samples > 0)
      QCOMPARE(result.samples, std::uint64_t(samples));
    else
      QVERIFY(result.samples > 0);
    QVERIFY(result.sourceId > 0);
    auto counts = tableCounts(*m_workspace);
    QCOMPARE(counts["profiles"], std::int64_t(1));
    QCOMPARE(counts["profile_samples"], std::int64_t(result.samples));
    QVERIFY(!progress.empty());
    QCOMPARE(progress.back().rows, result.samples);
    QCOMPARE(progress.back().bytesRead, std::uint64_t(bytes.size()));

    const FileImportResult again =
        importFile(*m_workspace, write(name + QStringLiteral(".copy"), bytes.toStdString()));
    QCOMPARE(int(again.outcome), int(Outcome::Skipped));
    QCOMPARE(again.sourceId, result.sourceId);
    QVERIFY(tableCounts(*m_workspace) == counts);
  }

  void failedProfileImportLeavesWorkspaceUnchanged_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");  // after "<path>: "
    std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/go-pprof/cpu.pb.gz",
                     std::ios::binary);
    const std::string raw = decompressed(
        std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    QTest::newRow("pprof cut in half, gzip")
        << QStringLiteral("cut.pb.gz")
        << QByteArray::fromStdString(gzipCompress(raw.substr(0, raw.size() / 2)))
        << QStringLiteral("at byte ");
    // time_nanos (field 9) as length-delimited, after a good profile.
    QTest::newRow("pprof with a wrong wire type")
        << QStringLiteral("wire.pprof")
        << QByteArray::fromStdString(raw + std::string("\x4a\x01\x00", 3))
        << QStringLiteral("at byte %1: expected time_nanos (field 9) to be a varint")
               .arg(raw.size());
    QTest::newRow("collapsed with a bad count")
        << QStringLiteral("bad.txt") << QByteArray("main;a 1\nmain;b 2\nmain;c 3\nmain;d -4\n")
        << QStringLiteral("line 4: the count must not be negative");
  }
  void failedProfileImportLeavesWorkspaceUnchanged() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/go-pprof/heap.pb.gz",
                     std::ios::binary);
    const std::string heap((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QVERIFY(importFile(*m_workspace, write(QStringLiteral("heap.pb.gz"), heap)).outcome ==
            Outcome::Imported);
    const auto before = tableCounts(*m_workspace);
    const std::string path = write(name, bytes.toStdString());
    const FileImportResult result = importFile(*m_workspace, path);
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(result.error.rfind(path + ": ", 0) == 0, result.error.c_str());
    QVERIFY2(result.error.find(expected.toStdString()) != std::string::npos, result.error.c_str());
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void cancelDuringProfileImport() {
    const auto before = tableCounts(*m_workspace);
    std::atomic<bool> cancel{false};
    ImportOptions options;
    options.cancel = &cancel;
    options.onProgress = [&](const ImportProgress&) { cancel = true; };
    std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/go-pprof/cpu.pb.gz",
                     std::ios::binary);
    const std::string cpu((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const FileImportResult result =
        importFile(*m_workspace, write(QStringLiteral("cpu.pb.gz"), cpu), options);
    QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void importsMetrics_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("families");
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("snapshots");
    auto row = [](const char* file, bool gzip, const char* format, int families, int points,
                  int snapshots) {
      QTest::newRow(
          qPrintable(QString::fromLatin1(file) + (gzip ? QStringLiteral(" gzip") : QString())))
          << QString::fromLatin1(file) << gzip << QString::fromLatin1(format) << families << points
          << snapshots;
    };
    row("prometheus/prom-client/snapshot-1.prom", false, "prometheus", 42, 395, 1);
    row("prometheus/prom-client/snapshot-1.om.txt", true, "prometheus", 44, 395, 1);
    row("prometheus/go-client/snapshot-1.om.txt", false, "prometheus", 44, 142, 1);
    row("prometheus/node-exporter/metrics.prom", true, "prometheus", 283, 507, 1);
    row("prometheus-handmade/openmetrics-all-types.om.txt", false, "prometheus", 9, 24, 1);
    row("prometheus/prometheus-server/api-query-matrix.json", false, "prometheus-api-json", 1, 116,
        12);
  }
  void importsMetrics() {
    QFETCH(QString, file);
    QFETCH(bool, gzip);
    QFETCH(QString, format);
    QFETCH(int, families);
    QFETCH(int, points);
    QFETCH(int, snapshots);
    const std::string bytes = fileBytes(testData(file.toStdString()));
    const QString name = QFileInfo(file).fileName() + (gzip ? QStringLiteral(".gz") : QString());
    const std::string path = write(name, gzip ? gzipCompress(bytes) : bytes);
    std::vector<ImportProgress> progress;
    ImportOptions options;
    options.batchSize = 50;
    options.snapshotTimeMs = 1700000000000;
    options.onProgress = [&](const ImportProgress& p) { progress.push_back(p); };
    const FileImportResult result = importFile(*m_workspace, path, options);
    QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
    QCOMPARE(QString::fromStdString(result.formatId), format);
    QCOMPARE(int(result.families), families);
    QCOMPARE(int(result.points), points);
    QCOMPARE(int(result.snapshots), snapshots);
    QVERIFY(result.series > 0 && result.series <= result.points);
    QCOMPARE(tableCounts(*m_workspace)["metric_points"], std::int64_t(points));
    QCOMPARE(tableCounts(*m_workspace)["metric_snapshots"], std::int64_t(snapshots));
    QVERIFY(!progress.empty());
    QCOMPARE(progress.back().rows, std::uint64_t(points));
  }

  void metricSnapshotTimes() {
    // No timestamps in the file: the time given, else the file's modification time.
    const std::string bytes = fileBytes(testData("prometheus/go-client/snapshot-1.prom"));
    ImportOptions given;
    given.snapshotTimeMs = 1795691465000;
    QVERIFY(importFile(*m_workspace, write(QStringLiteral("given.prom"), bytes), given).outcome ==
            Outcome::Imported);
    const std::string byMtime = write(QStringLiteral("mtime.prom"), bytes + "\n# changed\n");
    QFile file(QString::fromStdString(byMtime));
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QDateTime modified = QDateTime::fromMSecsSinceEpoch(1600000000000);
    QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
    file.close();
    QVERIFY(importFile(*m_workspace, byMtime).outcome == Outcome::Imported);
    // Explicit sample timestamps: the newest of them, whatever was given.
    QVERIFY(importFile(*m_workspace, testData("prometheus-handmade/series/scrape-2.prom"), given)
                .outcome == Outcome::Imported);
    std::vector<std::int64_t> times;
    for (const auto& snapshot : listMetricSnapshots(*m_workspace))
      times.push_back(snapshot.timeMs);
    QCOMPARE(times, (std::vector<std::int64_t>{1600000000000, 1700000030000, 1795691465000}));
  }

  void folderOfSnapshotsIsATimeSeries() {
    const ExpandedImportPaths paths = expandImportPaths({testData("prometheus-handmade/series")});
    QVERIFY(paths.errors.empty());
    QCOMPARE(paths.files.size(), std::size_t(4));
    QVERIFY(QString::fromStdString(paths.files.back()).endsWith(QStringLiteral("scrape-10.prom")));
    std::vector<std::int64_t> sourceOrder;
    for (const auto& path : paths.files) {
      const FileImportResult result = importFile(*m_workspace, path);
      QVERIFY2(result.outcome == Outcome::Imported, result.error.c_str());
      QCOMPARE(result.snapshots, std::uint64_t(1));
    }
    std::vector<std::int64_t> times;
    for (const auto& snapshot : listMetricSnapshots(*m_workspace))
      times.push_back(snapshot.timeMs);
    QCOMPARE(times, (std::vector<std::int64_t>{1700000015000, 1700000030000, 1700000045000,
                                               1700000150000}));
    const auto families = listMetricFamilies(*m_workspace);
    QCOMPARE(families.size(), std::size_t(2));
  }

  void failedMetricImportLeavesWorkspaceUnchanged_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("duplicate series")
        << QStringLiteral("bad/duplicate-series.prom")
        << QStringLiteral("duplicate-series.prom: line 4: duplicate series up{job=\"a\"}");
    QTest::newRow("bucket in a gauge")
        << QStringLiteral("bad/bucket-in-gauge.prom")
        << QStringLiteral("bucket-in-gauge.prom: line 3: sample rpc_seconds_bucket does not fit");
    QTest::newRow("server error") << QStringLiteral("api-error.json")
                                  << QStringLiteral(
                                         "api-error.json: the Prometheus server answered with an "
                                         "error: bad_data: invalid parameter");
  }
  void failedMetricImportLeavesWorkspaceUnchanged() {
    QFETCH(QString, file);
    QFETCH(QString, message);
    QVERIFY(importFile(*m_workspace, testData("prometheus/go-client/snapshot-2.prom")).outcome ==
            Outcome::Imported);
    const auto before = tableCounts(*m_workspace);
    const FileImportResult result =
        importFile(*m_workspace, testData("prometheus-handmade/" + file.toStdString()));
    QCOMPARE(int(result.outcome), int(Outcome::Failed));
    QVERIFY2(QString::fromStdString(result.error).contains(message), result.error.c_str());
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void cancelDuringMetricImport() {
    std::string text = "# TYPE x gauge\n";
    for (int i = 0; i < 20000; ++i)
      text += "x{i=\"" + std::to_string(i) + "\"} 1\n";
    const auto before = tableCounts(*m_workspace);
    std::atomic<bool> cancel{false};
    ImportOptions options;
    options.batchSize = 100;
    options.cancel = &cancel;
    options.onProgress = [&](const ImportProgress&) { cancel = true; };
    const FileImportResult result =
        importFile(*m_workspace, write(QStringLiteral("big.prom"), text), options);
    QCOMPARE(int(result.outcome), int(Outcome::Cancelled));
    QVERIFY(tableCounts(*m_workspace) == before);
  }

  void registry() {
    std::set<std::string> ids;
    for (const auto& format : importerRegistry())
      ids.insert(format.id);
    for (const char* id :
         {"otlp-proto", "otlp-json", "pprof", "collapsed", "prometheus", "prometheus-api-json"})
      QVERIFY2(ids.count(id), id);
    const std::string filter = openDialogFilter();
    QVERIFY2(filter.rfind("All supported files (", 0) == 0, filter.c_str());
    QVERIFY(filter.find("OTLP traces (protobuf) (*.pb ") != std::string::npos);
    QVERIFY(filter.find("*.json.gz") != std::string::npos);
    QVERIFY(filter.find("*.pb.zst") != std::string::npos);
    // A format known by its file name is offered by that name, not as an empty "()".
    QVERIFY2(filter.find("(CODEOWNERS CODEOWNERS.gz CODEOWNERS.zst)") != std::string::npos,
             filter.c_str());
    QVERIFY2(filter.find("()") == std::string::npos, filter.c_str());
    auto detect = [](const std::string& bytes) {
      const FormatDescriptor* format =
          detectFormat({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
      return format ? format->id : std::string("none");
    };
    const std::string pb = sampleRequest().SerializeAsString();
    QCOMPARE(detect(pb), std::string("otlp-proto"));
    QCOMPARE(detect(char((pb.size() & 0x7f) | 0x80) + std::string(1, char(pb.size() >> 7)) + pb),
             std::string("otlp-proto"));
    QCOMPARE(detect("{\n  \"resourceSpans\": []\n}"), std::string("otlp-json"));
    QCOMPARE(detect("{\"resourceMetrics\": []}"), std::string("none"));
    QCOMPARE(detect("hello"), std::string("none"));
    QCOMPARE(detect("main;work 3\n"), std::string("collapsed"));
    QCOMPARE(detect("# HELP up Up.\n# TYPE up gauge\nup 1\n"), std::string("prometheus"));
    QCOMPARE(detect("up{job=\"a\"} 1\n"), std::string("prometheus"));
    QCOMPARE(detect("up 1\n"), std::string("prometheus"));
    QCOMPARE(detect("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"),
             std::string("prometheus-api-json"));
    QVERIFY(filter.find("Prometheus metrics (text, OpenMetrics) (*.prom ") != std::string::npos);
    QVERIFY(filter.find("*.om.gz") != std::string::npos);
    QVERIFY(filter.find("pprof profiles (*.pprof ") != std::string::npos);
    QVERIFY(filter.find("*.pb.gz") != std::string::npos);
    QVERIFY(filter.find("*.folded") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestFileImporter)
#include "tst_file_importer.moc"
