// Read-only opens of a workspace written by an older Sightline: the file is read upgraded in
// memory (overlaySchema) and never changed; a read-write open still upgrades the file.
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include "model/metrics/metric_queries.h"
#include "model/profiles/profile_queries.h"
#include "model/store/schema.h"
#include "model/store/schema_overlay.h"
#include "model/store/sql_query.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_writer.h"
#include "tests/model/metrics/tst_metric_store_fixture.h"
#include "tests/model/store/older_workspace.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// One trace of one span with an attribute, and one metric snapshot of one counter series.
void fillWorkspace(const std::string& path) {
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY2(ws, status.message().c_str());
  TraceBatch batch;
  ResourceRecord resource;
  resource.localId = 1;
  AttributeValue service;
  service.type = AttributeValue::Type::String;
  service.text = "svc";
  resource.attributes.push_back({"service.name", service});
  batch.resources.push_back(resource);
  ScopeRecord scope;
  scope.localId = 1;
  batch.scopes.push_back(scope);
  SpanRecord span;
  span.resourceLocalId = 1;
  span.scopeLocalId = 1;
  span.traceId.bytes[0] = 1;
  span.spanId.bytes[0] = 2;
  span.name = "GET /";
  span.startUnixNano = 10;
  span.endUnixNano = 20;
  AttributeValue route = service;
  route.text = "/home";
  span.attributes.push_back({"http.route", route});
  batch.spans.push_back(span);
  TraceWriter writer(*ws, SourceDescription{"/t.json", "otlp-json", "traces", 1});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());

  MetricBatch metrics;
  metrics.newFamilies = {metricFamily("requests", MetricType::Counter, "Requests.")};
  metrics.samples = {metricSample(0, "requests_total", {{"code", "200"}}, 5)};
  std::vector<MetricBatch> batches;
  batches.push_back(std::move(metrics));
  QVERIFY(storeMetrics(*ws, "metrics", std::move(batches), 1000).isOk());
}

QByteArray fileHash(const std::string& path) {
  QFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

int fileVersion(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  const int version = readSchemaVersion(db);
  sqlite3_close(db);
  return version;
}

}  // namespace

class TstOlderWorkspace : public QObject {
  Q_OBJECT

 private slots:
  void readsAnOlderVersionInMemory_data();
  void readsAnOlderVersionInMemory();
  void overlayStatements_data();
  void overlayStatements();
};

void TstOlderWorkspace::readsAnOlderVersionInMemory_data() {
  QTest::addColumn<int>("version");
  for (int version = 1; version < kSchemaVersion; ++version)
    QTest::addRow("version %d", version) << version;
}

void TstOlderWorkspace::readsAnOlderVersionInMemory() {
  QFETCH(int, version);
  QTemporaryDir dir;
  const std::string path = dir.filePath(QStringLiteral("old.sightline")).toStdString();
  fillWorkspace(path);
  if (QTest::currentTestFailed())
    return;
  QVERIFY(downgradeWorkspace(path, version).isOk());
  QCOMPARE(fileVersion(path), version);
  const QByteArray before = fileHash(path);

  {
    Status status;
    auto ws = Workspace::open(path, Workspace::Mode::ReadOnly, &status);
    QVERIFY2(ws, status.message().c_str());
    QVERIFY(ws->upgradedInMemory());
    QCOMPARE(ws->schemaVersion(), version);

    // Every table, index and view of the current schema is there: the file's or the overlay's.
    sqlite3* current = nullptr;
    sqlite3_open(":memory:", &current);
    QVERIFY(migrateSchema(current).isOk());
    const auto expected = schemaObjects(current);
    sqlite3_close(current);
    auto seen = schemaObjects(ws->db());
    seen.merge(schemaObjects(ws->db(), "temp"));
    QCOMPARE(seen, expected);

    // The file's rows read as before; what the version lacks reads as empty.
    const std::vector<TraceSummary> traces = listTraces(*ws, TraceFilter{});
    QCOMPARE(traces.size(), 1u);
    QCOMPARE(traces[0].rootName, std::string("GET /"));
    const auto trace = loadTrace(*ws, traces[0].traceId);
    QVERIFY(trace);
    const auto details = loadSpanDetails(*ws, trace->spans.at(0).rowId);
    QVERIFY(details && details->attributes.size() == 1);
    QCOMPARE(details->attributes[0].value.text, std::string("/home"));
    const std::vector<MetricFamilySummary> families = listMetricFamilies(*ws, &status);
    QVERIFY2(status.isOk(), status.message().c_str());
    QCOMPARE(families.size(), version >= 3 ? 1u : 0u);
    QVERIFY(listProfiles(*ws, &status).empty());
    QVERIFY2(status.isOk(), status.message().c_str());

    // Still read-only, the in-memory tables included.
    for (const char* write : {"INSERT INTO strings(text) VALUES('x')",
                              "DELETE FROM metric_exemplars", "DELETE FROM profile_flame_cache"}) {
      const Status refused = execSql(ws->db(), write);
      QVERIFY2(!refused.isOk() && refused.message().find("readonly") != std::string::npos, write);
    }
  }

  // `sightline sql` reads it the same way.
  SqlResult result = runReadOnlyQuery(path, "SELECT count(*) FROM profile_flame_cache", 0);
  QVERIFY2(result.error.empty(), result.error.c_str());
  QCOMPARE(result.rows.at(0).at(0).toString(), std::string("0"));

  QCOMPARE(fileVersion(path), version);
  QCOMPARE(fileHash(path), before);

  // A read-write open upgrades the file, keeping its rows.
  Status status;
  auto upgraded = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY2(upgraded, status.message().c_str());
  QVERIFY(!upgraded->upgradedInMemory());
  QCOMPARE(upgraded->schemaVersion(), kSchemaVersion);
  const std::vector<TraceSummary> traces = listTraces(*upgraded, TraceFilter{});
  QCOMPARE(traces.size(), 1u);
  const auto trace = loadTrace(*upgraded, traces[0].traceId);
  QVERIFY(trace);
  const auto details = loadSpanDetails(*upgraded, trace->spans.at(0).rowId);
  QVERIFY(details && details->attributes.size() == 1);
  QCOMPARE(details->attributes[0].key, std::string("http.route"));
  QCOMPARE(details->attributes[0].value.text, std::string("/home"));
}

void TstOlderWorkspace::overlayStatements_data() {
  using Kind = OverlayStatement::Kind;
  QTest::addColumn<QString>("migration");
  QTest::addColumn<int>("kind");
  QTest::addColumn<QString>("overlay");
  QTest::newRow("table") << QStringLiteral("CREATE TABLE x(a INTEGER)") << int(Kind::Run)
                         << QStringLiteral("CREATE TEMP TABLE x(a INTEGER)");
  QTest::newRow("view") << QStringLiteral("CREATE VIEW v AS SELECT a FROM t") << int(Kind::Run)
                        << QStringLiteral("CREATE TEMP VIEW v AS SELECT a FROM t");
  QTest::newRow("index on a new table")
      << QStringLiteral("CREATE INDEX n_a ON n(a)") << int(Kind::Run)
      << QStringLiteral("CREATE INDEX n_a ON n(a)");
  QTest::newRow("unique index on a new table")
      << QStringLiteral("CREATE UNIQUE INDEX n_a ON n (a)") << int(Kind::Run)
      << QStringLiteral("CREATE UNIQUE INDEX n_a ON n (a)");
  QTest::newRow("index on a table of the file")
      << QStringLiteral("CREATE INDEX t_a ON t(a) WHERE a IS NOT NULL") << int(Kind::Skip)
      << QString();
  QTest::newRow("new column") << QStringLiteral("ALTER TABLE t ADD COLUMN b")
                              << int(Kind::Impossible) << QString();
  QTest::newRow("rows") << QStringLiteral("INSERT INTO t VALUES(1)") << int(Kind::Impossible)
                        << QString();
  QTest::newRow("dropped table") << QStringLiteral("DROP TABLE t") << int(Kind::Impossible)
                                 << QString();
  QTest::newRow("same rows, new layout")
      << QString::fromUtf8(kSameRowsNewLayoutMark) + QStringLiteral("ALTER TABLE t ADD COLUMN b")
      << int(Kind::Skip) << QString();
}

void TstOlderWorkspace::overlayStatements() {
  QFETCH(QString, migration);
  QFETCH(int, kind);
  QFETCH(QString, overlay);
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  QVERIFY(execSql(db, "CREATE TABLE t(a); CREATE TEMP TABLE n(a)").isOk());
  const OverlayStatement statement = overlayStatement(db, migration.toStdString());
  QCOMPARE(int(statement.kind), kind);
  QCOMPARE(QString::fromStdString(statement.sql), overlay);
  if (statement.kind == OverlayStatement::Kind::Run)
    QVERIFY(execSql(db, statement.sql).isOk());
  sqlite3_close(db);
}

QTEST_GUILESS_MAIN(TstOlderWorkspace)
#include "tst_older_workspace.moc"
