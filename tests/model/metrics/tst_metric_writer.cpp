#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cmath>

#include "model/metrics/metric_queries.h"
#include "model/metrics/metric_store_labels.h"
#include "model/metrics/metric_writer.h"
#include "model/profiles/profile_queries.h"
#include "model/store/schema.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/trace_queries.h"
#include "tests/model/metrics/tst_metric_store_fixture.h"

using namespace sightline;
using namespace sightline::test;

namespace {

constexpr std::int64_t kDefaultTimeMs = 1700000000000;

const MetricFamilySummary* findFamily(const std::vector<MetricFamilySummary>& families,
                                      const std::string& name) {
  for (const auto& family : families) {
    if (family.name == name)
      return &family;
  }
  return nullptr;
}

std::int64_t seriesIdOf(Workspace& ws, const std::string& name, const std::string& labelsJson) {
  StoreStatement q(ws.db(), "SELECT id FROM metric_series WHERE name = ? AND labels = ?");
  q.bindText(1, name);
  q.bindText(2, labelsJson);
  return q.step() ? q.columnInt(0) : 0;
}

// A workspace as Sightline 0.1 (version 1: one trace) or 0.2 (version 2: plus one profile)
// left it, written with plain SQL because today's writers only know the current schema.
void createOldWorkspace(const std::string& path, int version) {
  sqlite3* db = nullptr;
  QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  QVERIFY(migrateSchema(db, version).isOk());
  QCOMPARE(readSchemaVersion(db), version);
  Status s = execSql(
      db,
      "INSERT INTO sources(id, path, kind, sha256, bytes, imported_at) VALUES(1, '/old.json', "
      "'otlp-json', 'old', 10, 1600000000000);"
      "INSERT INTO strings(id, text) VALUES(1, 'svc'), (2, 'GET /'), (3, 'scope');"
      "INSERT INTO resources(id, source_id, service_name_id) VALUES(1, 1, 1);"
      "INSERT INTO scopes(id, source_id, name_id) VALUES(1, 1, 3);"
      "INSERT INTO spans(id, trace_id, span_id, parent_span_id, name_id, kind, service_id, "
      "start_ns, end_ns, status_code, flags, dropped_attributes_count, dropped_events_count, "
      "dropped_links_count, resource_id, scope_id, source_id) VALUES(1, "
      "x'0102030405060708090a0b0c0d0e0f10', x'0102030405060708', NULL, 2, 2, 1, 100, 350, 0, "
      "0, 0, 0, 0, 1, 1, 1);"
      "INSERT INTO traces(trace_id, root_span, root_service_id, root_name_id, start_ns, "
      "duration_ns, span_count, error_count, services) VALUES("
      "x'0102030405060708090a0b0c0d0e0f10', 1, 1, 2, 100, 250, 1, 0, '[\"svc\"]')");
  QVERIFY2(s.isOk(), s.message().c_str());
  if (version >= 2) {
    s = execSql(db,
                "INSERT INTO sources(id, path, kind, sha256, bytes, imported_at) VALUES(2, "
                "'/cpu.pb.gz', 'pprof', 'cpu', 20, 1600000000001);"
                "INSERT INTO profiles(id, source_id, period_type, period_unit, period, time_ns, "
                "duration_ns, default_sample_type, comments, sample_count, stack_count, "
                "label_set_count) VALUES(1, 2, 'cpu', 'nanoseconds', 10, 5, 6, -1, '[]', 0, 1, "
                "1);"
                "INSERT INTO profile_sample_types(profile_id, type_index, type, unit, total) "
                "VALUES(1, 0, 'cpu', 'nanoseconds', 0)");
    QVERIFY2(s.isOk(), s.message().c_str());
  }
  QCOMPARE(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'metric%'"), 0);
  sqlite3_close(db);
}

}  // namespace

class TstMetricWriter : public QObject {
  Q_OBJECT

 private slots:
  void roundTripsAScrape_data();
  void roundTripsAScrape();
  void storesQueryableRows();
  void snapshotTimeRule_data();
  void snapshotTimeRule();
  void sharesSeriesAcrossSnapshots();
  void keepsTheNewestHelpAndUnit();
  void sameNameOtherTypeIsAnotherFamily();
  void apiJsonInstantsBecomeSnapshots();
  void failedImportLeavesWorkspaceUnchanged_data();
  void failedImportLeavesWorkspaceUnchanged();
  void duplicateSeriesNamesTheLine();
  void readOnlyWorkspaceRefusesMetrics();
  void migratesOlderWorkspaces_data();
  void migratesOlderWorkspaces();
  void labelsRoundTrip_data();
  void labelsRoundTrip();
  void rejectsMalformedLabelText_data();
  void rejectsMalformedLabelText();
  void fingerprintsAreStableAndDistinct();
  void manySeriesRoundTrip();
};

void TstMetricWriter::roundTripsAScrape_data() {
  QTest::addColumn<bool>("onDisk");
  QTest::newRow("memory") << false;
  QTest::newRow("file") << true;
}

void TstMetricWriter::roundTripsAScrape() {
  QFETCH(bool, onDisk);
  QTemporaryDir dir;
  const std::string path =
      onDisk ? dir.filePath(QStringLiteral("w.sightline")).toStdString() : std::string(":memory:");
  auto ws = openWorkspace(path);
  QVERIFY(ws);
  MetricWriteStats stats;
  std::vector<MetricBatch> batches;
  batches.push_back(serviceScrape());
  const Status s = storeMetrics(*ws, "scrape", std::move(batches), kDefaultTimeMs, &stats);
  QVERIFY2(s.isOk(), s.message().c_str());
  QCOMPARE(stats.families, 4u);
  QCOMPARE(stats.series, 13u);
  QCOMPARE(stats.newSeries, 13u);
  QCOMPARE(stats.points, 13u);
  QCOMPARE(stats.snapshots, 1u);
  QVERIFY(stats.sourceId > 0);

  // File workspaces are read back through a fresh read-only connection.
  std::unique_ptr<Workspace> reader =
      onDisk ? openWorkspace(path, Workspace::Mode::ReadOnly) : nullptr;
  Workspace& read = reader ? *reader : *ws;
  Status status;
  const auto families = listMetricFamilies(read, &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(families.size(), 4u);
  // Sorted by name.
  QCOMPARE(families[0].name, std::string("http_requests"));
  QCOMPARE(families[1].name, std::string("latency_seconds"));
  QCOMPARE(families[2].name, std::string("rpc_seconds"));
  QCOMPARE(families[3].name, std::string("temperature"));
  QCOMPARE(families[0].type, MetricType::Counter);
  QCOMPARE(families[0].help, std::string("Requests served."));
  QCOMPARE(families[0].series, 3u);
  QCOMPARE(families[0].latestSamples, 3u);
  QCOMPARE(families[1].type, MetricType::Histogram);
  QCOMPARE(families[1].unit, std::string("seconds"));
  QCOMPARE(families[1].series, 5u);
  QCOMPARE(families[1].latestSamples, 5u);
  QCOMPARE(families[2].type, MetricType::Summary);
  QCOMPARE(families[2].latestSamples, 4u);
  QCOMPARE(families[3].type, MetricType::Gauge);
  QCOMPARE(families[3].help, std::string("Room \\ temperature\nin C"));
  QCOMPARE(families[3].unit, std::string("celsius"));

  const auto snapshots = listMetricSnapshots(read);
  QCOMPARE(snapshots.size(), 1u);
  QCOMPARE(snapshots[0].timeMs, kDefaultTimeMs);
  QCOMPARE(snapshots[0].sourceId, stats.sourceId);

  // Every series comes back with its labels (escapes intact) and value.
  const MetricBatch expected = serviceScrape();
  std::size_t checked = 0;
  for (const auto& family : families) {
    for (const MetricSeriesInfo& series : listFamilySeries(read, family.id)) {
      const auto match =
          std::find_if(expected.samples.begin(), expected.samples.end(), [&](const auto& sample) {
            return sample.name == series.name && sample.labels == series.labels;
          });
      QVERIFY2(match != expected.samples.end(), series.name.c_str());
      QCOMPARE(expected.newFamilies[match->family].name, family.name);
      QVERIFY(series.latestValue.has_value());
      if (std::isnan(match->value)) {
        QVERIFY(std::isnan(*series.latestValue));
      } else {
        QCOMPARE(*series.latestValue, match->value);
      }
      QCOMPARE(series.latestTimeMs, kDefaultTimeMs);
      ++checked;
    }
  }
  QCOMPARE(checked, expected.samples.size());
}

void TstMetricWriter::storesQueryableRows() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  std::vector<MetricBatch> batches;
  batches.push_back(serviceScrape());
  QVERIFY(storeMetrics(*ws, "rows", std::move(batches), kDefaultTimeMs).isOk());
  sqlite3* db = ws->db();
  // Labels are JSON objects, so SQL filters by label.
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM metric_series WHERE json_extract(labels, '$.code') = "
                  "'200'"),
           2);
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM metric_series_labels_view WHERE label = 'path' AND value "
                  "= '/a \"q\" \\ b' || char(10) || 'c é'"),
           1);
  QCOMPARE(scalar(db, "SELECT count(*) FROM metric_series WHERE labels = '{}'"), 5);
  // NaN is stored as NULL, infinities as REAL.
  QCOMPARE(scalar(db, "SELECT count(*) FROM metric_points WHERE value IS NULL"), 1);
  QCOMPARE(scalar(db, "SELECT count(*) FROM metric_points WHERE value > 1e308"), 1);
  QCOMPARE(scalar(db, "SELECT count(*) FROM metric_points WHERE value < -1e308"), 1);
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM metric_points_view WHERE family = 'latency_seconds' AND "
                  "type = 'histogram' AND time_ms = 1700000000000"),
           5);
  QCOMPARE(scalar(db, "SELECT sum(samples) FROM metric_snapshot_families"), 13);
  QCOMPARE(scalar(db, "SELECT count(*) FROM metric_points WHERE timestamp_ms IS NOT NULL"), 0);
  // The stored hash is the fingerprint's first half.
  StoreStatement hash(db,
                      "SELECT label_hash FROM metric_series WHERE name = 'latency_seconds_sum'");
  QVERIFY(hash.step());
  QCOMPARE(static_cast<std::uint64_t>(hash.columnInt(0)),
           metricSeriesFingerprint("latency_seconds_sum", {}).hash);
}

void TstMetricWriter::snapshotTimeRule_data() {
  QTest::addColumn<QList<qint64>>("timestamps");  // -1 = none
  QTest::addColumn<qint64>("expectedTime");
  QTest::newRow("no timestamps: the default") << QList<qint64>{-1, -1} << qint64(kDefaultTimeMs);
  QTest::newRow("one timestamp") << QList<qint64>{-1, 1600000000500} << qint64(1600000000500);
  QTest::newRow("the newest") << QList<qint64>{1600000000900, 1600000000100, -1}
                              << qint64(1600000000900);
  QTest::newRow("newer than the default") << QList<qint64>{1800000000000} << qint64(1800000000000);
}

void TstMetricWriter::snapshotTimeRule() {
  QFETCH(QList<qint64>, timestamps);
  QFETCH(qint64, expectedTime);
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  // Each sample in its own batch: the rule holds across batches.
  std::vector<MetricBatch> batches;
  for (qsizetype i = 0; i < timestamps.size(); ++i) {
    MetricBatch batch;
    if (i == 0)
      batch.newFamilies.push_back(metricFamily("up", MetricType::Gauge));
    const auto ts = timestamps[i] < 0 ? std::nullopt : std::optional<std::int64_t>(timestamps[i]);
    batch.samples.push_back(
        metricSample(0, "up", {{"instance", std::to_string(i)}}, static_cast<double>(i), ts));
    batches.push_back(std::move(batch));
  }
  QVERIFY(storeMetrics(*ws, "t", std::move(batches), kDefaultTimeMs).isOk());
  const auto snapshots = listMetricSnapshots(*ws);
  QCOMPARE(snapshots.size(), 1u);
  QCOMPARE(snapshots[0].timeMs, expectedTime);
  // A point keeps its own timestamp; one without reads as its snapshot's time.
  const auto series = listFamilySeries(*ws, listMetricFamilies(*ws)[0].id);
  QCOMPARE(series.size(), static_cast<std::size_t>(timestamps.size()));
  for (qsizetype i = 0; i < timestamps.size(); ++i) {
    const auto points = loadSeriesPoints(*ws, series[static_cast<std::size_t>(i)].id);
    QCOMPARE(points.size(), 1u);
    QCOMPARE(points[0].timeMs, timestamps[i] < 0 ? expectedTime : timestamps[i]);
    QCOMPARE(series[static_cast<std::size_t>(i)].latestTimeMs, points[0].timeMs);
  }
}

void TstMetricWriter::sharesSeriesAcrossSnapshots() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  // The newer scrape is imported first: order is by time, not by import.
  MetricWriteStats first;
  MetricWriteStats second;
  std::vector<MetricBatch> newer;
  newer.push_back(serviceScrape(3));
  QVERIFY(storeMetrics(*ws, "newer", std::move(newer), kDefaultTimeMs + 30000, &first).isOk());
  std::vector<MetricBatch> older;
  older.push_back(serviceScrape(1));
  // One more series that only the older scrape has.
  older[0].samples.push_back(
      metricSample(0, "http_requests_total", {{"job", "batch"}, {"code", "200"}}, 5));
  QVERIFY(storeMetrics(*ws, "older", std::move(older), kDefaultTimeMs, &second).isOk());
  QCOMPARE(first.newSeries, 13u);
  QCOMPARE(second.series, 14u);
  QCOMPARE(second.newSeries, 1u);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM metric_series"), 14);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM metric_families"), 4);

  const auto snapshots = listMetricSnapshots(*ws);
  QCOMPARE(snapshots.size(), 2u);
  QCOMPARE(snapshots[0].timeMs, kDefaultTimeMs);
  QCOMPARE(snapshots[0].sourceId, second.sourceId);
  QCOMPARE(snapshots[1].sourceId, first.sourceId);

  const std::int64_t ok = seriesIdOf(*ws, "http_requests_total", R"({"code":"200","job":"api"})");
  QVERIFY(ok > 0);
  const auto points = loadSeriesPoints(*ws, ok);
  QCOMPARE(points.size(), 2u);
  QCOMPARE(points[0].timeMs, kDefaultTimeMs);
  QCOMPARE(points[0].value, 100.0);
  QCOMPARE(points[0].snapshotId, snapshots[0].id);
  QCOMPARE(points[1].timeMs, kDefaultTimeMs + 30000);
  QCOMPARE(points[1].value, 300.0);

  // Latest: the newest snapshot holding the series; the batch series only in the older one.
  const auto families = listMetricFamilies(*ws);
  const MetricFamilySummary* requests = findFamily(families, "http_requests");
  QVERIFY(requests);
  QCOMPARE(requests->series, 4u);
  QCOMPARE(requests->latestSamples, 3u);
  for (const auto& series : listFamilySeries(*ws, requests->id)) {
    QVERIFY(series.latestValue.has_value());
    if (series.labels[1].value == "batch") {
      QCOMPARE(*series.latestValue, 5.0);
      QCOMPARE(series.latestTimeMs, kDefaultTimeMs);
    } else {
      QCOMPARE(series.latestTimeMs, kDefaultTimeMs + 30000);
    }
  }
}

void TstMetricWriter::keepsTheNewestHelpAndUnit() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  auto scrape = [](std::string help, std::string unit) {
    MetricBatch batch;
    batch.newFamilies.push_back(metricFamily("queue", MetricType::Gauge, help, unit));
    batch.samples.push_back(metricSample(0, "queue", {}, 1));
    std::vector<MetricBatch> batches;
    batches.push_back(std::move(batch));
    return batches;
  };
  QVERIFY(storeMetrics(*ws, "1", scrape("", ""), 1).isOk());
  QCOMPARE(listMetricFamilies(*ws)[0].help, std::string());
  QVERIFY(storeMetrics(*ws, "2", scrape("Queue length.", "items"), 2).isOk());
  QCOMPARE(listMetricFamilies(*ws)[0].help, std::string("Queue length."));
  QCOMPARE(listMetricFamilies(*ws)[0].unit, std::string("items"));
  // A source without them keeps what is known; a new text replaces it.
  QVERIFY(storeMetrics(*ws, "3", scrape("", ""), 3).isOk());
  QCOMPARE(listMetricFamilies(*ws)[0].help, std::string("Queue length."));
  QVERIFY(storeMetrics(*ws, "4", scrape("Items waiting.", ""), 4).isOk());
  const auto families = listMetricFamilies(*ws);
  QCOMPARE(families.size(), 1u);
  QCOMPARE(families[0].help, std::string("Items waiting."));
  QCOMPARE(families[0].unit, std::string("items"));
  QCOMPARE(families[0].series, 1u);
  QCOMPARE(listMetricSnapshots(*ws).size(), 4u);
}

void TstMetricWriter::sameNameOtherTypeIsAnotherFamily() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  MetricBatch typed;
  typed.newFamilies.push_back(metricFamily("jobs_total", MetricType::Gauge));
  typed.samples.push_back(metricSample(0, "jobs_total", {{"q", "a"}}, 1));
  MetricBatch untyped;
  untyped.newFamilies.push_back(metricFamily("jobs_total", MetricType::Untyped));
  untyped.samples.push_back(metricSample(0, "jobs_total", {{"q", "a"}}, 2));
  std::vector<MetricBatch> a;
  a.push_back(std::move(typed));
  std::vector<MetricBatch> b;
  b.push_back(std::move(untyped));
  QVERIFY(storeMetrics(*ws, "a", std::move(a), 1).isOk());
  MetricWriteStats stats;
  QVERIFY(storeMetrics(*ws, "b", std::move(b), 2, &stats).isOk());
  QCOMPARE(stats.newSeries, 1u);
  const auto families = listMetricFamilies(*ws);
  QCOMPARE(families.size(), 2u);
  // Sorted by name, then type word.
  QCOMPARE(families[0].type, MetricType::Gauge);
  QCOMPARE(families[1].type, MetricType::Untyped);
  for (const auto& family : families) {
    const auto series = listFamilySeries(*ws, family.id);
    QCOMPARE(series.size(), 1u);
    QCOMPARE(*series[0].latestValue, family.type == MetricType::Gauge ? 1.0 : 2.0);
  }
}

void TstMetricWriter::apiJsonInstantsBecomeSnapshots() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  // A query_range answer: two series over three instants, sent in two batches with the
  // instants interleaved as a matrix result does (series by series).
  std::vector<MetricBatch> batches(2);
  for (auto& batch : batches)
    batch.timestampsAreSnapshots = true;
  batches[0].newFamilies.push_back(metricFamily("up", MetricType::Untyped));
  for (std::int64_t t : {1000, 2000, 3000})
    batches[0].samples.push_back(
        metricSample(0, "up", {{"job", "api"}}, static_cast<double>(t / 1000), t));
  for (std::int64_t t : {2000, 3000, 1000})
    batches[1].samples.push_back(metricSample(0, "up", {{"job", "db"}}, 0, t));
  MetricWriteStats stats;
  QVERIFY(storeMetrics(*ws, "range", std::move(batches), kDefaultTimeMs, &stats).isOk());
  QCOMPARE(stats.snapshots, 3u);
  QCOMPARE(stats.points, 6u);
  QCOMPARE(stats.series, 2u);
  const auto snapshots = listMetricSnapshots(*ws);
  QCOMPARE(snapshots.size(), 3u);
  QCOMPARE(snapshots[0].timeMs, 1000);
  QCOMPARE(snapshots[1].timeMs, 2000);
  QCOMPARE(snapshots[2].timeMs, 3000);
  const auto families = listMetricFamilies(*ws);
  QCOMPARE(families[0].latestSamples, 2u);
  const std::int64_t api = seriesIdOf(*ws, "up", R"({"job":"api"})");
  const auto points = loadSeriesPoints(*ws, api);
  QCOMPARE(points.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    QCOMPARE(points[i].timeMs, static_cast<std::int64_t>(1000 * (i + 1)));
    QCOMPARE(points[i].value, static_cast<double>(i + 1));
    QCOMPARE(points[i].snapshotId, snapshots[i].id);
  }
  // Timestamps equal to the snapshot's time are not stored twice.
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM metric_points WHERE timestamp_ms IS NULL"), 6);
  // The same series twice at one instant is a duplicate.
  std::vector<MetricBatch> twice(1);
  twice[0].timestampsAreSnapshots = true;
  twice[0].newFamilies.push_back(metricFamily("up", MetricType::Untyped));
  twice[0].samples.push_back(metricSample(0, "up", {}, 1, 5000, 3));
  twice[0].samples.push_back(metricSample(0, "up", {}, 1, 6000, 4));
  twice[0].samples.push_back(metricSample(0, "up", {}, 1, 5000, 5));
  const Status s = storeMetrics(*ws, "twice", std::move(twice), kDefaultTimeMs);
  QVERIFY(!s.isOk());
  QVERIFY2(s.message().find("line 5") != std::string::npos, s.message().c_str());
  QCOMPARE(listMetricSnapshots(*ws).size(), 3u);
}

void TstMetricWriter::failedImportLeavesWorkspaceUnchanged_data() {
  QTest::addColumn<int>("failure");
  QTest::addColumn<bool>("onDisk");
  QTest::addColumn<QString>("message");
  const char* const cases[] = {"abort", "destroyed", "duplicate", "unknown family"};
  const char* const messages[] = {"aborted", "aborted", "duplicate series", "family #9"};
  for (int i = 0; i < 4; ++i) {
    for (bool onDisk : {false, true}) {
      QTest::addRow("%s (%s)", cases[i], onDisk ? "file" : "memory")
          << i << onDisk << QString::fromLatin1(messages[i]);
    }
  }
}

void TstMetricWriter::failedImportLeavesWorkspaceUnchanged() {
  QFETCH(int, failure);
  QFETCH(bool, onDisk);
  QFETCH(QString, message);
  QTemporaryDir dir;
  const std::string path =
      onDisk ? dir.filePath(QStringLiteral("w.sightline")).toStdString() : std::string(":memory:");
  auto ws = openWorkspace(path);
  QVERIFY(ws);
  // Something is there already, so that "unchanged" covers shared families and series.
  std::vector<MetricBatch> existing;
  existing.push_back(serviceScrape());
  QVERIFY(storeMetrics(*ws, "existing", std::move(existing), kDefaultTimeMs).isOk());
  const std::string before = dumpWorkspace(ws->db());

  Status result;
  {
    MetricWriter writer(*ws, metricSource("failing"), kDefaultTimeMs + 1);
    MetricBatch first = serviceScrape(2);
    first.newFamilies[0].help = "changed help";
    first.newFamilies.push_back(metricFamily("brand_new", MetricType::Gauge));
    first.samples.push_back(metricSample(4, "brand_new", {{"x", "y"}}, 1));
    QVERIFY(writer.consume(std::move(first)).isOk());
    MetricBatch second;
    switch (failure) {
      case 0:
        writer.abort();
        result = writer.finish();
        break;
      case 1:
        result = Status::error("import aborted");  // destroyed without finish()
        break;
      case 2:
        second.samples.push_back(metricSample(4, "brand_new", {{"x", "y"}}, 2, std::nullopt, 77));
        result = writer.consume(std::move(second));
        QVERIFY2(result.message().find("line 77") != std::string::npos, result.message().c_str());
        QVERIFY(!writer.finish().isOk());
        break;
      default:
        second.samples.push_back(metricSample(9, "orphan", {}, 2));
        result = writer.consume(std::move(second));
        QVERIFY(!writer.finish().isOk());
        break;
    }
  }
  QVERIFY(!result.isOk());
  QVERIFY2(result.message().find(message.toStdString()) != std::string::npos,
           result.message().c_str());
  QCOMPARE(dumpWorkspace(ws->db()), before);
  if (onDisk) {
    auto reopened = openWorkspace(path, Workspace::Mode::ReadOnly);
    QVERIFY(reopened);
    QCOMPARE(dumpWorkspace(reopened->db()), before);
  }
}

void TstMetricWriter::duplicateSeriesNamesTheLine() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  std::vector<MetricBatch> batches(2);
  batches[0].newFamilies.push_back(metricFamily("x", MetricType::Counter));
  batches[0].samples.push_back(metricSample(0, "x_total", {{"a", "1"}, {"b", "q\""}}, 1, {}, 3));
  // The same series again, in a later batch of the same snapshot.
  batches[1].samples.push_back(metricSample(0, "x_total", {{"b", "q\""}, {"a", "1"}}, 2, {}, 8));
  const Status s = storeMetrics(*ws, "dup", std::move(batches), kDefaultTimeMs);
  QVERIFY(!s.isOk());
  QCOMPARE(s.message(), std::string("line 8: duplicate series x_total{a=\"1\",b=\"q\\\"\"} in one "
                                    "snapshot"));
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM sources"), 0);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM metric_series"), 0);
}

void TstMetricWriter::readOnlyWorkspaceRefusesMetrics() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  QVERIFY(openWorkspace(path));
  auto ro = openWorkspace(path, Workspace::Mode::ReadOnly);
  QVERIFY(ro);
  MetricWriter writer(*ro, metricSource("ro"), kDefaultTimeMs);
  QVERIFY(!writer.consume(serviceScrape()).isOk());
  const Status finished = writer.finish();
  QVERIFY(!finished.isOk());
  QVERIFY2(finished.message().find("read-only") != std::string::npos, finished.message().c_str());
  QCOMPARE(scalar(ro->db(), "SELECT count(*) FROM metric_points"), 0);
}

void TstMetricWriter::migratesOlderWorkspaces_data() {
  QTest::addColumn<int>("version");
  QTest::newRow("version 1 (traces)") << 1;
  QTest::newRow("version 2 (profiles)") << 2;
}

void TstMetricWriter::migratesOlderWorkspaces() {
  QFETCH(int, version);
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("old.sightline")).toStdString();
  createOldWorkspace(path, version);
  if (QTest::currentTestFailed())
    return;
  // A read-only open does not migrate the file: it reads it upgraded in memory, with no
  // metric yet (tst_older_workspace has the details).
  {
    auto ro = openWorkspace(path, Workspace::Mode::ReadOnly);
    QVERIFY(ro && ro->upgradedInMemory());
    QCOMPARE(ro->schemaVersion(), version);
    Status status;
    QVERIFY(listMetricFamilies(*ro, &status).empty());
    QVERIFY2(status.isOk(), status.message().c_str());
    QCOMPARE(listTraces(*ro, TraceFilter{}).size(), 1u);
  }

  auto ws = openWorkspace(path);
  QVERIFY(ws);
  QCOMPARE(ws->schemaVersion(), kSchemaVersion);
  QVERIFY(kSchemaVersion >= 3);
  for (const char* table : {"metric_families", "metric_series", "metric_snapshots", "metric_points",
                            "metric_exemplars", "metric_snapshot_families"}) {
    QVERIFY2(scalar(ws->db(), std::string("SELECT count(*) FROM sqlite_master WHERE type = "
                                          "'table' AND name = '") +
                                  table + "'") == 1,
             table);
  }
  // What the older Sightline stored is still there and still loads.
  const auto traces = listTraces(*ws, TraceFilter{});
  QCOMPARE(traces.size(), 1u);
  QCOMPARE(traces[0].rootName, std::string("GET /"));
  QCOMPARE(listProfiles(*ws).size(), version >= 2 ? 1u : 0u);
  // Metrics go in next to them.
  std::vector<MetricBatch> batches;
  batches.push_back(serviceScrape());
  QVERIFY(storeMetrics(*ws, "new", std::move(batches), kDefaultTimeMs).isOk());
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM sources"), version + 1);
  ws.reset();
  auto ro = openWorkspace(path, Workspace::Mode::ReadOnly);
  QVERIFY(ro);
  QCOMPARE(listMetricFamilies(*ro).size(), 4u);
  QCOMPARE(listTraces(*ro, TraceFilter{}).size(), 1u);
}

void TstMetricWriter::labelsRoundTrip_data() {
  QTest::addColumn<QStringList>("pairs");  // name, value, name, value, …
  QTest::addColumn<QString>("json");
  QTest::newRow("none") << QStringList{} << QStringLiteral("{}");
  QTest::newRow("plain") << QStringList{QStringLiteral("code"), QStringLiteral("200"),
                                        QStringLiteral("job"), QStringLiteral("api")}
                         << QStringLiteral(R"({"code":"200","job":"api"})");
  QTest::newRow("escapes") << QStringList{QStringLiteral("p"),
                                          QStringLiteral("a\"b\\c\nd\te\rf\x01g/")}
                           << QStringLiteral(R"({"p":"a\"b\\c\nd\te\rf\u0001g/"})");
  QTest::newRow("unicode") << QStringList{QStringLiteral("city"), QStringLiteral("Zürich 東京 😀")}
                           << QStringLiteral(R"({"city":"Zürich 東京 😀"})");
  QTest::newRow("empty value") << QStringList{QStringLiteral("e"), QString()}
                               << QStringLiteral(R"({"e":""})");
}

void TstMetricWriter::labelsRoundTrip() {
  QFETCH(QStringList, pairs);
  QFETCH(QString, json);
  std::vector<MetricLabel> labels;
  for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
    labels.push_back({pairs[i].toStdString(), pairs[i + 1].toStdString()});
  const std::string encoded = encodeMetricLabels(labels);
  QCOMPARE(QString::fromStdString(encoded), json);
  std::vector<MetricLabel> decoded{{"stale", "x"}};
  QVERIFY(decodeMetricLabels(encoded, decoded));
  QCOMPARE(decoded, labels);
  // SQLite's JSON reads the same values.
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  StoreStatement q(ws->db(), "SELECT key, value FROM json_each(?) ORDER BY id");
  q.bindText(1, encoded);
  for (const MetricLabel& label : labels) {
    QVERIFY(q.step());
    QCOMPARE(q.columnText(0), label.name);
    QCOMPARE(q.columnText(1), label.value);
  }
  QVERIFY(!q.step());
}

void TstMetricWriter::rejectsMalformedLabelText_data() {
  QTest::addColumn<QString>("json");
  QTest::newRow("empty") << QString();
  QTest::newRow("not an object") << QStringLiteral(R"(["a"])");
  QTest::newRow("unterminated") << QStringLiteral(R"({"a":"b)");
  QTest::newRow("number value") << QStringLiteral(R"({"a":1})");
  QTest::newRow("trailing comma") << QStringLiteral(R"({"a":"b",})");
  QTest::newRow("text after") << QStringLiteral(R"({"a":"b"}x)");
  QTest::newRow("bad escape") << QStringLiteral(R"({"a":"\q"})");
  QTest::newRow("short unicode escape") << QStringLiteral(R"({"a":"\u12"})");
  QTest::newRow("lone low surrogate") << QStringLiteral(R"({"a":"\udc00"})");
  QTest::newRow("high surrogate alone") << QStringLiteral(R"({"a":"\ud83dx"})");
}

void TstMetricWriter::rejectsMalformedLabelText() {
  QFETCH(QString, json);
  std::vector<MetricLabel> labels;
  QVERIFY(!decodeMetricLabels(json.toStdString(), labels));
  // What SQLite itself writes (spaces, \/ and \u escapes, surrogate pairs) reads fine.
  QVERIFY(decodeMetricLabels(R"( { "a" : "x\/\u00e9\ud83d\ude00" } )", labels));
  QCOMPARE(labels.size(), 1u);
  QCOMPARE(labels[0].value, std::string("x/\xc3\xa9\xf0\x9f\x98\x80"));
}

void TstMetricWriter::fingerprintsAreStableAndDistinct() {
  // label_hash is stored: it must never change between versions or machines. (The other
  // half only lives in memory during an import.)
  const auto golden =
      metricSeriesFingerprint("http_requests_total", {{"code", "200"}, {"job", "api"}});
  QCOMPARE(golden.hash, std::uint64_t(5581321819734206548ull));
  // Length prefixes keep moved boundaries apart.
  const std::vector<MetricSeriesFingerprint> distinct = {
      metricSeriesFingerprint("a", {}),
      metricSeriesFingerprint("a", {{"", ""}}),
      metricSeriesFingerprint("a", {{"b", ""}}),
      metricSeriesFingerprint("a", {{"", "b"}}),
      metricSeriesFingerprint("ab", {}),
      metricSeriesFingerprint("a", {{"b", "c"}, {"d", "e"}}),
      metricSeriesFingerprint("a", {{"b", "cd"}, {"", "e"}}),
      metricSeriesFingerprint("a", {{"bc", "d"}, {"d", "e"}}),
      metricSeriesFingerprint("x_bucket", {{"le", "0.1"}}),
      metricSeriesFingerprint("x_bucket", {{"le", "0.10"}}),
      metricSeriesFingerprint("x_bucket", {{"le", "+Inf"}}),
  };
  for (std::size_t i = 0; i < distinct.size(); ++i) {
    for (std::size_t j = i + 1; j < distinct.size(); ++j) {
      QVERIFY2(distinct[i].hash != distinct[j].hash,
               qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
      QVERIFY(distinct[i].check != distinct[j].check);
    }
  }
}

void TstMetricWriter::manySeriesRoundTrip() {
  // Enough series to exercise statement reuse and the cache; also a second import of the
  // same series, which finds them through the label_hash index.
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  auto scrape = [](double offset) {
    std::vector<MetricBatch> batches(5);
    batches[0].newFamilies.push_back(metricFamily("bytes", MetricType::Counter));
    std::uint32_t n = 0;
    for (auto& batch : batches) {
      for (int i = 0; i < 2000; ++i, ++n) {
        batch.samples.push_back(metricSample(
            0, "bytes_total", {{"pod", "pod-" + std::to_string(n % 97)}, {"n", std::to_string(n)}},
            n + offset));
      }
    }
    return batches;
  };
  MetricWriteStats first;
  MetricWriteStats second;
  QVERIFY(storeMetrics(*ws, "1", scrape(0), 1000, &first).isOk());
  QVERIFY(storeMetrics(*ws, "2", scrape(0.5), 2000, &second).isOk());
  QCOMPARE(first.newSeries, 10000u);
  QCOMPARE(second.series, 10000u);
  QCOMPARE(second.newSeries, 0u);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM metric_points"), 20000);
  const auto family = listMetricFamilies(*ws)[0];
  QCOMPARE(family.series, 10000u);
  QCOMPARE(family.latestSamples, 10000u);
  const std::int64_t id = seriesIdOf(*ws, "bytes_total", R"({"n":"1234","pod":"pod-70"})");
  const auto points = loadSeriesPoints(*ws, id);
  QCOMPARE(points.size(), 2u);
  QCOMPARE(points[0].value, 1234.0);
  QCOMPARE(points[1].value, 1234.5);
}

QTEST_GUILESS_MAIN(TstMetricWriter)
#include "tst_metric_writer.moc"
