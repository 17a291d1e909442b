#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/file_importer.h"
#include "importers/core/memory_byte_source.h"
#include "importers/live/prometheus_scrape_submission.h"
#include "importers/live/prometheus_scraper.h"
#include "model/metrics/live_metric_writer.h"
#include "model/store/store_statement.h"
#include "pull_test_server.h"

using namespace sightline;
using namespace sightline::test;
using namespace std::chrono_literals;

namespace {

std::string inflate(const std::string& gzip) {
  auto source = openDecompressed(std::make_unique<MemoryByteSource>(gzip));
  std::string out;
  for (auto chunk = source->next(); !chunk.empty(); chunk = source->next())
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  return out;
}

template <typename Done>
bool waitUntil(Done done, std::chrono::milliseconds limit = 4000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end)
      return false;
    QThread::msleep(5);
  }
  return true;
}

bool isReportSeries(const std::string& name) {
  const auto& names = scrapeReportSeriesNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The points of a source's snapshot number `index` (0 = oldest) as text: family name, type
// and help, series name, labels (with `extra` added), value and own timestamp. The
// synthetic series are left out unless `report`.
std::vector<std::string> snapshotRows(Workspace& workspace, std::int64_t sourceId, int index,
                                      const QJsonObject& extra = {}, bool report = false) {
  StoreStatement query(
      workspace.db(),
      "SELECT f.name, f.type, f.help, s.name, s.labels, ifnull(p.value, 'NaN'), "
      "ifnull(p.timestamp_ms, '') FROM metric_points p JOIN metric_series s ON s.id = "
      "p.series_id JOIN metric_families f ON f.id = s.family_id WHERE p.snapshot_id = (SELECT "
      "id FROM metric_snapshots WHERE source_id = ?1 ORDER BY id LIMIT 1 OFFSET ?2)");
  query.bindInt(1, sourceId);
  query.bindInt(2, index);
  std::vector<std::string> rows;
  while (query.step()) {
    const std::string name = query.columnText(3);
    if (isReportSeries(name) != report)
      continue;
    QJsonObject labels =
        QJsonDocument::fromJson(QByteArray::fromStdString(query.columnText(4))).object();
    for (auto it = extra.begin(); it != extra.end(); ++it)
      labels.insert(it.key(), it.value());
    rows.push_back(query.columnText(0) + " " + query.columnText(1) + " " + query.columnText(2) +
                   " | " + name +
                   QJsonDocument(labels).toJson(QJsonDocument::Compact).toStdString() + " " +
                   query.columnText(5) + " " + query.columnText(6));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::int64_t scalar(Workspace& workspace, const std::string& sql, std::int64_t bind) {
  StoreStatement query(workspace.db(), sql);
  query.bindInt(1, bind);
  return query.step() ? query.columnInt(0) : -1;
}

}  // namespace

// The scraper through the real LiveMetricWriter into a workspace.
class TestPrometheusScrapeStore : public QObject {
  Q_OBJECT

 private slots:
  // Two scrapes of node_exporter's real answer are two snapshots of one live source, each
  // holding what a file import of the same body holds, plus job and instance, plus the
  // synthetic series.
  void storesLikeAFileImport() {
    QTemporaryDir dir;
    Status status;
    auto workspace = Workspace::open(dir.filePath(QStringLiteral("w.sightline")).toStdString(),
                                     Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    PullTestServer server;
    const CapturedAnswer answer = loadCapturedAnswer("node-exporter-scrape");
    server.serve("/metrics", answer);
    const std::string url = server.url("/metrics");
    LiveMetricWriter writer(*workspace, "scrape " + url);
    QVERIFY(writer.openStatus());
    PrometheusScrapeOptions options{url};
    options.job = "node";
    options.interval = 200ms;
    PrometheusScraper scraper(writer, options);
    const std::int64_t before = unixMs(std::chrono::system_clock::now());
    QVERIFY(scraper.start());
    QVERIFY(waitUntil([&] { return scraper.health().attempts >= 2; }));
    scraper.stop();
    writer.flush();
    const PullHealth health = scraper.health();
    const std::int64_t scrapeSource = writer.sourceId();

    const std::string body = inflate(answer.body);
    const QString file = dir.filePath(QStringLiteral("node.prom"));
    std::ofstream(file.toStdString(), std::ios::binary) << body;
    ImportOptions importOptions;
    importOptions.snapshotTimeMs = before;
    const FileImportResult imported = importFile(*workspace, file.toStdString(), importOptions);
    QCOMPARE(imported.outcome, FileImportResult::Outcome::Imported);
    writer.close();

    const QJsonObject targetLabels{
        {QStringLiteral("job"), QStringLiteral("node")},
        {QStringLiteral("instance"), QString::fromStdString(scraper.instance())}};
    const auto expected = snapshotRows(*workspace, imported.sourceId, 0, targetLabels);
    QVERIFY(expected.size() > 400);
    const std::int64_t snapshots = scalar(
        *workspace, "SELECT count(*) FROM metric_snapshots WHERE source_id = ?1", scrapeSource);
    QCOMPARE(snapshots, std::int64_t(health.attempts));
    const std::string labels = "{\"instance\":\"" + scraper.instance() + "\",\"job\":\"node\"}";
    for (int i = 0; i < 2; ++i) {
      QCOMPARE(snapshotRows(*workspace, scrapeSource, i), expected);
      const auto report = snapshotRows(*workspace, scrapeSource, i, {}, true);
      QCOMPARE(report.size(), std::size_t(5));
      QCOMPARE(report[1],
               "scrape_samples_post_metric_relabeling gauge The number of samples "
               "remaining after metric relabeling was applied. | "
               "scrape_samples_post_metric_relabeling" +
                   labels + " " + std::to_string(expected.size()) + ".0 ");
      QCOMPARE(report[4],
               "up gauge 1 if the instance is healthy, i.e. reachable, or 0 if the "
               "scrape failed. | up" +
                   labels + " 1.0 ");
    }
    QVERIFY(scalar(*workspace, "SELECT min(time_ms) FROM metric_snapshots WHERE source_id = ?1",
                   scrapeSource) >= before);
    QCOMPARE(health.stored, std::uint64_t(health.attempts * (expected.size() + 5)));
  }

  // A target that does not answer: up = 0 stored, the target red.
  void storesUpZeroForAStoppedTarget() {
    QTemporaryDir dir;
    Status status;
    auto workspace = Workspace::open(dir.filePath(QStringLiteral("w.sightline")).toStdString(),
                                     Workspace::Mode::ReadWrite, &status);
    const std::string url = "http://127.0.0.1:" + std::to_string(closedPort()) + "/metrics";
    LiveMetricWriter writer(*workspace, "scrape " + url);
    PrometheusScraper scraper(writer, PrometheusScrapeOptions{url});
    QVERIFY(scraper.start());
    QVERIFY(waitUntil([&] { return scraper.health().stored == 5; }));
    scraper.stop();
    writer.close();
    QCOMPARE(scraper.health().state, PullState::Down);
    const auto report = snapshotRows(*workspace, writer.sourceId(), 0, {}, true);
    QCOMPARE(report.size(), std::size_t(5));
    QVERIFY2(report[4].ends_with(" 0.0 "), report[4].c_str());
  }
};

QTEST_GUILESS_MAIN(TestPrometheusScrapeStore)
#include "tst_prometheus_scrape_store.moc"
