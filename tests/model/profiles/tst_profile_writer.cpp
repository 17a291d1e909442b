#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <ctime>
#include <functional>

#include "model/profiles/profile_queries.h"
#include "model/profiles/profile_writer.h"
#include "model/store/schema.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/trace_queries.h"
#include "tests/model/profiles/tst_profile_store_fixture.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// A version-1 workspace as Sightline 0.1 left it: one trace of one span, written with
// plain SQL because today's writers only know the current schema.
void createVersion1Workspace(const std::string& path) {
  sqlite3* db = nullptr;
  QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  QVERIFY(migrateSchema(db, 1).isOk());
  QCOMPARE(readSchemaVersion(db), 1);
  const Status s = execSql(
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
  QCOMPARE(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'profile%'"), 0);
  sqlite3_close(db);
}

}  // namespace

class TstProfileWriter : public QObject {
  Q_OBJECT

 private slots:
  void roundTripsEveryField_data();
  void roundTripsEveryField();
  void roundTripsEmptyProfiles();
  void storesQueryableRows();
  void failedImportLeavesWorkspaceUnchanged_data();
  void failedImportLeavesWorkspaceUnchanged();
  void refusesInvalidProfiles_data();
  void refusesInvalidProfiles();
  void readOnlyWorkspaceRefusesProfiles();
  void migratesAVersion1Workspace();
  void bulkProfileRoundTrip();
};

void TstProfileWriter::roundTripsEveryField_data() {
  QTest::addColumn<bool>("onDisk");
  QTest::newRow("memory") << false;
  QTest::newRow("file") << true;
}

void TstProfileWriter::roundTripsEveryField() {
  QFETCH(bool, onDisk);
  QTemporaryDir dir;
  const std::string path =
      onDisk ? dir.filePath(QStringLiteral("w.sightline")).toStdString() : std::string(":memory:");
  auto ws = openWorkspace(path);
  QVERIFY(ws);
  const ProfileData first = handBuiltProfile(0);
  const ProfileData second = handBuiltProfile(1);
  ProfileWriteStats stats;
  const Status s = storeProfiles(*ws, "two", {first, second}, &stats);
  QVERIFY2(s.isOk(), s.message().c_str());
  QCOMPARE(stats.profiles, 2u);
  QCOMPARE(stats.samples, static_cast<std::uint64_t>(first.samples.size() + second.samples.size()));
  QCOMPARE(stats.stacks, static_cast<std::uint64_t>(first.nodes.size() + second.nodes.size()));
  QCOMPARE(stats.profileIds.size(), 2u);
  QVERIFY(stats.sourceId > 0);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM profiles WHERE source_id = " +
                                std::to_string(stats.sourceId)),
           2);

  // File workspaces are also read back through a fresh read-only connection.
  std::unique_ptr<Workspace> reader =
      onDisk ? openWorkspace(path, Workspace::Mode::ReadOnly) : nullptr;
  Workspace& from = reader ? *reader : *ws;
  const ProfileData* expected[] = {&first, &second};
  for (std::size_t i = 0; i < 2; ++i) {
    Status status;
    const auto loaded = loadProfile(from, stats.profileIds[i], &status);
    QVERIFY2(loaded.has_value(), status.message().c_str());
    QVERIFY(status.isOk());
    compareProfiles(*loaded, *expected[i]);
    if (QTest::currentTestFailed())
      return;
  }
}

void TstProfileWriter::roundTripsEmptyProfiles() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  ProfileData bare;  // no sample types, no nodes, no label sets at all
  ProfileData rootOnly = ProfileBuilder().finish();
  rootOnly.sampleTypes = {{"goroutine", "count"}};
  ProfileWriteStats stats;
  QVERIFY(storeProfiles(*ws, "empty", {bare, rootOnly}, &stats).isOk());
  compareProfiles(*loadProfile(*ws, stats.profileIds[0]), bare);
  compareProfiles(*loadProfile(*ws, stats.profileIds[1]), rootOnly);
}

void TstProfileWriter::storesQueryableRows() {
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  const ProfileData profile = handBuiltProfile(0);
  ProfileWriteStats stats;
  QVERIFY(storeProfiles(*ws, "rows", {profile}, &stats).isOk());
  sqlite3* db = ws->db();
  const std::string id = std::to_string(stats.profileIds[0]);
  // The root is implicit: one stacks row per node but node 0.
  QCOMPARE(scalar(db, "SELECT count(*) FROM profile_stacks WHERE profile_id = " + id),
           static_cast<std::int64_t>(profile.nodes.size() - 1));
  QCOMPARE(scalar(db, "SELECT count(*) FROM profile_stacks WHERE node = 0"), 0);
  // Zero values are left out: 6 samples × 3 types, 3 of them zero.
  QCOMPARE(scalar(db, "SELECT count(*) FROM profile_values"), 15);
  QCOMPARE(scalar(db, "SELECT total FROM profile_sample_types WHERE type = 'cpu'"),
           10000000 + 20000000 + 30000000 + 40000000 - 7 + 60);
  QCOMPARE(scalar(db, "SELECT sum(value) FROM profile_sample_values_view WHERE type = 'cpu'"),
           10000000 + 20000000 + 30000000 + 40000000 - 7 + 60);
  // Addresses above 2^63 are stored as their two's complement.
  QCOMPARE(scalar(db, "SELECT memory_limit FROM profile_mappings WHERE mapping = 0"),
           static_cast<std::int64_t>(0xffffffffffff0000ull));
  QCOMPARE(scalar(db, "SELECT flags FROM profile_mappings WHERE mapping = 0"), 15);
  QCOMPARE(scalar(db, "SELECT flags FROM profile_mappings WHERE mapping = 1"), 4);
  QCOMPARE(scalar(db, "SELECT count(*) FROM profile_frames WHERE mapping IS NULL"), 1);
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM profile_frames_view WHERE inlined AND name = "
                  "'strings.Index' AND line = 1101"),
           1);
  // Function names go through `strings`; system_name = name shares one row.
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM profile_functions_view WHERE name = 'main.main' "
                  "AND system_name = 'main.main' AND file_name = 'main.go'"),
           1);
  QCOMPARE(scalar(db, "SELECT name_id = system_name_id FROM profile_functions WHERE function = 0"),
           1);
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM profile_labels_view WHERE key = 'span_id' AND text "
                  "= '00f067aa0ba902b7' AND number IS NULL AND unit IS NULL"),
           1);
  QCOMPARE(scalar(db,
                  "SELECT number FROM profile_labels_view WHERE key = 'bytes' AND unit = "
                  "'bytes' AND text IS NULL"),
           1024);
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM profile_labels_view WHERE key = 'goroutines' AND "
                  "number = -3 AND unit IS NULL"),
           1);
  QCOMPARE(scalar(db, "SELECT json_array_length(comments) FROM profiles"), 3);
  // The walk from a sample's leaf to the root that docs/SCHEMA.md shows.
  QCOMPARE(scalar(db,
                  "WITH RECURSIVE up(node, depth) AS (SELECT node, 1 FROM profile_samples WHERE "
                  "sample = 2 UNION ALL SELECT s.parent_node, depth + 1 FROM up JOIN "
                  "profile_stacks s ON s.node = up.node WHERE s.parent_node <> 0) SELECT "
                  "max(depth) FROM up"),
           3);
}

void TstProfileWriter::failedImportLeavesWorkspaceUnchanged_data() {
  QTest::addColumn<QString>("how");
  QTest::newRow("abort after a profile") << QStringLiteral("abort");
  QTest::newRow("destroyed without finish") << QStringLiteral("destroy");
  QTest::newRow("invalid second profile") << QStringLiteral("invalid");
  QTest::newRow("same bytes imported again") << QStringLiteral("duplicate");
  QTest::newRow("consume after abort") << QStringLiteral("late");
}

void TstProfileWriter::failedImportLeavesWorkspaceUnchanged() {
  QFETCH(QString, how);
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  // Earlier content, so that the rollback has something to keep.
  QVERIFY(storeProfiles(*ws, "before", {handBuiltProfile(0)}).isOk());
  const std::string before = dumpWorkspace(ws->db());
  const std::int64_t strings = scalar(ws->db(), "SELECT count(*) FROM strings");
  {
    ProfileWriter writer(*ws, profileSource(how == QStringLiteral("duplicate") ? "before" : "new"));
    if (how == QStringLiteral("duplicate")) {
      QVERIFY(!writer.consume(handBuiltProfile(1)).isOk());
      const Status finished = writer.finish();
      QVERIFY(!finished.isOk());
      QVERIFY2(finished.message().find("UNIQUE") != std::string::npos, finished.message().c_str());
    } else {
      // New strings are interned on the way, so the rollback has to remove them too.
      QVERIFY(writer.consume(handBuiltProfile(7)).isOk());
      QVERIFY(scalar(ws->db(), "SELECT count(*) FROM strings") > strings);
      if (how == QStringLiteral("abort")) {
        writer.abort();
        QVERIFY(!writer.finish().isOk());
      } else if (how == QStringLiteral("invalid")) {
        ProfileData bad = handBuiltProfile(2);
        bad.frames[0].function = 99;
        QVERIFY(!writer.consume(std::move(bad)).isOk());
        QVERIFY(!writer.consume(handBuiltProfile(3)).isOk());
        QVERIFY(!writer.finish().isOk());
      } else if (how == QStringLiteral("late")) {
        writer.abort();
        QVERIFY(!writer.consume(handBuiltProfile(3)).isOk());
      }
    }
  }
  QCOMPARE(dumpWorkspace(ws->db()), before);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM sources"), 1);
  // The workspace still takes the next import.
  QVERIFY(storeProfiles(*ws, "after", {handBuiltProfile(4)}).isOk());
  QCOMPARE(listProfiles(*ws).size(), 2u);
}

void TstProfileWriter::refusesInvalidProfiles_data() {
  QTest::addColumn<int>("damage");
  QTest::addColumn<QString>("message");
  QTest::newRow("frame's function") << 0 << QStringLiteral("unknown function in frame 0");
  QTest::newRow("frame's mapping") << 1 << QStringLiteral("unknown mapping in frame 1");
  QTest::newRow("node's parent") << 2 << QStringLiteral("parent does not come before it: 2");
  QTest::newRow("node's frame") << 3 << QStringLiteral("unknown frame in stack node 1");
  QTest::newRow("sample's node") << 4 << QStringLiteral("unknown stack node in sample 0");
  QTest::newRow("sample's label set") << 5 << QStringLiteral("unknown label set in sample 3");
  QTest::newRow("value count") << 6 << QStringLiteral("17 values for 6 samples of 3 sample types");
}

void TstProfileWriter::refusesInvalidProfiles() {
  QFETCH(int, damage);
  QFETCH(QString, message);
  ProfileData profile = handBuiltProfile(0);
  switch (damage) {
    case 0:
      profile.frames[0].function = static_cast<std::uint32_t>(profile.functions.size());
      break;
    case 1:
      profile.frames[1].mapping = 2;
      break;
    case 2:
      profile.nodes[2].parent = 2;
      break;
    case 3:
      profile.nodes[1].frame = static_cast<std::uint32_t>(profile.frames.size());
      break;
    case 4:
      profile.samples[0].node = static_cast<std::uint32_t>(profile.nodes.size());
      break;
    case 5:
      profile.samples[3].labelSet = static_cast<std::uint32_t>(profile.labelSets.size());
      break;
    default:
      profile.values.pop_back();
      break;
  }
  auto ws = openWorkspace(":memory:");
  QVERIFY(ws);
  const std::string before = dumpWorkspace(ws->db());
  const Status s = storeProfiles(*ws, "bad", {profile});
  QVERIFY(!s.isOk());
  QVERIFY2(s.message().find(message.toStdString()) != std::string::npos, s.message().c_str());
  QCOMPARE(dumpWorkspace(ws->db()), before);
}

void TstProfileWriter::readOnlyWorkspaceRefusesProfiles() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  QVERIFY(openWorkspace(path));
  auto ro = openWorkspace(path, Workspace::Mode::ReadOnly);
  QVERIFY(ro);
  ProfileWriter writer(*ro, profileSource("ro"));
  QVERIFY(!writer.consume(handBuiltProfile(0)).isOk());
  const Status finished = writer.finish();
  QVERIFY(!finished.isOk());
  QVERIFY2(finished.message().find("read-only") != std::string::npos, finished.message().c_str());
  QCOMPARE(scalar(ro->db(), "SELECT count(*) FROM profiles"), 0);
}

void TstProfileWriter::migratesAVersion1Workspace() {
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("v1.sightline")).toStdString();
  createVersion1Workspace(path);
  if (QTest::currentTestFailed())
    return;
  // A read-only open does not migrate the file: it reads it upgraded in memory, with no
  // profile yet (tst_older_workspace has the details).
  {
    auto ro = openWorkspace(path, Workspace::Mode::ReadOnly);
    QVERIFY(ro && ro->upgradedInMemory());
    QCOMPARE(ro->schemaVersion(), 1);
    Status status;
    QVERIFY(listProfiles(*ro, &status).empty());
    QVERIFY2(status.isOk(), status.message().c_str());
  }

  auto ws = openWorkspace(path);
  QVERIFY(ws);
  QCOMPARE(ws->schemaVersion(), kSchemaVersion);
  for (const char* table : {"profiles", "profile_sample_types", "profile_mappings",
                            "profile_functions", "profile_frames", "profile_stacks",
                            "profile_samples", "profile_values", "profile_labels"}) {
    QVERIFY2(scalar(ws->db(), std::string("SELECT count(*) FROM sqlite_master WHERE type = "
                                          "'table' AND name = '") +
                                  table + "'") == 1,
             table);
  }
  // The traces are still there and still load.
  const auto traces = listTraces(*ws, TraceFilter{});
  QCOMPARE(traces.size(), 1u);
  QCOMPARE(traces[0].rootName, std::string("GET /"));
  QCOMPARE(traces[0].durationNs, 250u);
  const auto trace = loadTrace(*ws, traces[0].traceId);
  QVERIFY(trace.has_value());
  QCOMPARE(trace->spans.size(), 1u);
  QCOMPARE(trace->services, std::vector<std::string>{"svc"});
  // Profiles go in next to them, reusing the interned strings.
  ProfileWriteStats stats;
  QVERIFY(storeProfiles(*ws, "new", {handBuiltProfile(0)}, &stats).isOk());
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM sources"), 2);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM strings WHERE text = 'svc'"), 1);
  compareProfiles(*loadProfile(*ws, stats.profileIds[0]), handBuiltProfile(0));
  ws.reset();
  // Once migrated, the file opens read-only and nothing migrates twice.
  auto ro = openWorkspace(path, Workspace::Mode::ReadOnly);
  QVERIFY(ro);
  QCOMPARE(listProfiles(*ro).size(), 1u);
  QCOMPARE(listTraces(*ro, TraceFilter{}).size(), 1u);
}

void TstProfileWriter::bulkProfileRoundTrip() {
  // SIGHTLINE_PROFILE_STORE_NODES=1000000 gives the figure in the report (Release build);
  // the default keeps the Debug test fast.
  bool ok = false;
  std::size_t nodes = qEnvironmentVariableIntValue("SIGHTLINE_PROFILE_STORE_NODES", &ok);
  if (!ok || nodes < 10)
    nodes = 50000;
  const std::size_t samples = nodes / 10;
  const ProfileData profile = syntheticProfile(nodes, samples);
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("bulk.sightline")).toStdString();
  auto ws = openWorkspace(path);
  QVERIFY(ws);
  // Wall time and this process's CPU time: on a shared machine the second is the steadier.
  auto cpuMs = [] { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  QElapsedTimer timer;
  timer.start();
  double cpu = cpuMs();
  ProfileWriteStats stats;
  QVERIFY(storeProfiles(*ws, "bulk", {profile}, &stats).isOk());
  const qint64 insertMs = timer.restart();
  const double insertCpuMs = cpuMs() - cpu;
  cpu = cpuMs();
  Status status;
  const auto loaded = loadProfile(*ws, stats.profileIds[0], &status);
  const qint64 loadMs = timer.elapsed();
  const double loadCpuMs = cpuMs() - cpu;
  QVERIFY2(loaded.has_value(), status.message().c_str());
  ws.reset();  // checkpoints the WAL into the file
  qInfo(
      "profile store: %zu nodes, %zu samples: insert %lld ms (cpu %.0f ms), load %lld ms "
      "(cpu %.0f ms), file %lld bytes",
      nodes, samples, insertMs, insertCpuMs, loadMs, loadCpuMs,
      static_cast<long long>(QFileInfo(QString::fromStdString(path)).size()));
  compareProfiles(*loaded, profile);
}

QTEST_GUILESS_MAIN(TstProfileWriter)
#include "tst_profile_writer.moc"
