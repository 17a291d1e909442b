#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include "model/store/schema.h"
#include "model/store/sql_query.h"
#include "model/store/store_statement.h"
#include "model/store/string_interner.h"
#include "model/store/workspace.h"
#include "model/traces/span_attribute_table.h"
#include "model/traces/trace_writer.h"

using namespace sightline;

namespace {

std::int64_t scalar(sqlite3* db, const std::string& sql) {
  StoreStatement q(db, sql);
  return q.step() ? q.columnInt(0) : -1;
}

std::string pathIn(const QTemporaryDir& dir, const char* name) {
  return dir.filePath(QString::fromLatin1(name)).toStdString();
}

// Imports one small source so that the workspace has rows in every span table.
void importSample(Workspace& ws, const std::string& sha) {
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
  span.name = "op";
  span.startUnixNano = 10;
  span.endUnixNano = 20;
  AttributeValue bytes;
  bytes.type = AttributeValue::Type::Bytes;
  bytes.text = std::string("\x01\x02", 2);
  span.attributes.push_back({"raw", bytes});
  batch.spans.push_back(span);
  TraceWriter writer(ws, SourceDescription{"/data/" + sha, "otlp-json", sha, 99});
  QVERIFY(writer.consume(std::move(batch)).isOk());
  QVERIFY(writer.finish().isOk());
}

}  // namespace

class TstWorkspace : public QObject {
  Q_OBJECT

 private slots:
  void createsSchemaInMemory();
  void migratesAnEmptyFile();
  void refusesANewerSchema();
  void refusesAFileThatIsNotAWorkspace();
  void readOnlyModeRefusesWrites();
  void readOnlyNeedsAWorkspaceItUnderstands();
  void findsSourcesBySha256();
  void spanIndexStatementsBuildAFreshDatabase();
  void internerStaysCorrectBeyondItsCache();
  void readOnlySqlAnswersQueries();
  void readOnlySqlRefusesWrites_data();
  void readOnlySqlRefusesWrites();
};

void TstWorkspace::createsSchemaInMemory() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY2(ws, status.message().c_str());
  QCOMPARE(ws->schemaVersion(), kSchemaVersion);
  for (const char* table :
       {"sources", "strings", "resources", "resource_attributes", "scopes", "scope_attributes",
        "spans", "span_attributes", "span_events", "span_event_attributes", "span_links",
        "span_link_attributes", "traces"}) {
    const std::string sql =
        std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
        table + "'";
    QVERIFY2(scalar(ws->db(), sql) == 1, table);
  }
  // Schema version 2: the profile tables.
  for (const char* table : {"profiles", "profile_sample_types", "profile_mappings",
                            "profile_functions", "profile_frames", "profile_stacks",
                            "profile_samples", "profile_values", "profile_labels"}) {
    const std::string sql =
        std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
        table + "'";
    QVERIFY2(scalar(ws->db(), sql) == 1, table);
  }
  // Schema version 3: the metric tables.
  for (const char* table : {"metric_families", "metric_series", "metric_snapshots", "metric_points",
                            "metric_exemplars", "metric_snapshot_families"}) {
    const std::string sql =
        std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
        table + "'";
    QVERIFY2(scalar(ws->db(), sql) == 1, table);
  }
  for (const char* index :
       {"spans_trace", "spans_name", "traces_start", "traces_duration", "profile_labels_text",
        "profile_samples_label_set", "metric_series_hash", "metric_series_family",
        "metric_snapshots_time", "metric_snapshot_families_family"}) {
    const std::string sql =
        std::string("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '") +
        index + "'";
    QVERIFY2(scalar(ws->db(), sql) == 1, index);
  }
  QCOMPARE(scalar(ws->db(), "PRAGMA foreign_keys"), 1);
}

void TstWorkspace::migratesAnEmptyFile() {
  QTemporaryDir dir;
  const std::string path = pathIn(dir, "empty.sightline");
  {
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::WriteOnly));
  }
  QCOMPARE(QFileInfo(QString::fromStdString(path)).size(), 0);
  Status status;
  {
    auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY2(ws, status.message().c_str());
    QCOMPARE(ws->schemaVersion(), kSchemaVersion);
    StoreStatement mode(ws->db(), "PRAGMA journal_mode");
    QVERIFY(mode.step());
    QCOMPARE(mode.columnText(0), std::string("wal"));
    importSample(*ws, "abc");
  }
  // Reopening runs no migration again and keeps the data.
  auto again = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY(again);
  QCOMPARE(again->schemaVersion(), kSchemaVersion);
  QCOMPARE(scalar(again->db(), "SELECT count(*) FROM spans"), 1);
}

void TstWorkspace::refusesANewerSchema() {
  QTemporaryDir dir;
  const std::string path = pathIn(dir, "future.sightline");
  sqlite3* db = nullptr;
  QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  QVERIFY(execSql(db, "PRAGMA user_version = 999").isOk());
  sqlite3_close(db);
  Status status;
  auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
  QVERIFY(!ws);
  QVERIFY(!status.isOk());
  QVERIFY2(status.message().find("999") != std::string::npos, status.message().c_str());
}

void TstWorkspace::refusesAFileThatIsNotAWorkspace() {
  QTemporaryDir dir;
  const std::string path = pathIn(dir, "notes.txt");
  {
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
  }
  Status status;
  QVERIFY(!Workspace::open(path, Workspace::Mode::ReadWrite, &status));
  QVERIFY2(status.message().rfind(path, 0) == 0, status.message().c_str());
  QVERIFY(!Workspace::open(path, Workspace::Mode::ReadOnly, &status));
  QCOMPARE(QFileInfo(QString::fromStdString(path)).size(), 4096);
}

void TstWorkspace::readOnlyModeRefusesWrites() {
  QTemporaryDir dir;
  const std::string path = pathIn(dir, "w.sightline");
  Status status;
  {
    auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(ws);
    importSample(*ws, "abc");
  }
  auto ro = Workspace::open(path, Workspace::Mode::ReadOnly, &status);
  QVERIFY2(ro, status.message().c_str());
  QCOMPARE(ro->mode(), Workspace::Mode::ReadOnly);
  QCOMPARE(scalar(ro->db(), "SELECT count(*) FROM spans"), 1);
  QVERIFY(!execSql(ro->db(), "DELETE FROM spans").isOk());
  {
    TraceWriter writer(*ro, SourceDescription{"/x", "otlp-json", "other", 1});
    QVERIFY(!writer.consume(TraceBatch{}).isOk());
    const Status finished = writer.finish();
    QVERIFY(!finished.isOk());
    QVERIFY(finished.message().find("read-only") != std::string::npos);
  }
  QCOMPARE(scalar(ro->db(), "SELECT count(*) FROM spans"), 1);

  auto memory = Workspace::open(":memory:", Workspace::Mode::ReadOnly, &status);
  QVERIFY(memory);
  QVERIFY(!execSql(memory->db(), "INSERT INTO strings(text) VALUES('x')").isOk());
}

void TstWorkspace::readOnlyNeedsAWorkspaceItUnderstands() {
  QTemporaryDir dir;
  Status status;
  auto missing =
      Workspace::open(pathIn(dir, "missing.sightline"), Workspace::Mode::ReadOnly, &status);
  QVERIFY(!missing);
  QVERIFY(!status.isOk());
  QVERIFY(!QFile::exists(QString::fromStdString(pathIn(dir, "missing.sightline"))));

  const std::string blank = pathIn(dir, "blank.sightline");
  sqlite3* db = nullptr;
  QCOMPARE(sqlite3_open(blank.c_str(), &db), SQLITE_OK);
  QVERIFY(execSql(db, "CREATE TABLE t(x)").isOk());
  sqlite3_close(db);
  auto old = Workspace::open(blank, Workspace::Mode::ReadOnly, &status);
  QVERIFY(!old);
  QVERIFY2(status.message().find("version 0") != std::string::npos, status.message().c_str());

  // Older versions are read upgraded in memory (tst_older_workspace), newer ones are not.
  const std::string future = pathIn(dir, "future.sightline");
  QCOMPARE(sqlite3_open(future.c_str(), &db), SQLITE_OK);
  QVERIFY(execSql(db, "PRAGMA user_version = 999").isOk());
  sqlite3_close(db);
  QVERIFY(!Workspace::open(future, Workspace::Mode::ReadOnly, &status));
  QVERIFY2(status.message().find("999") != std::string::npos, status.message().c_str());
}

void TstWorkspace::findsSourcesBySha256() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  QVERIFY(!ws->findSourceBySha256("feed").has_value());
  importSample(*ws, "feed");
  auto found = ws->findSourceBySha256("feed");
  QVERIFY(found.has_value());
  QCOMPARE(found->path, std::string("/data/feed"));
  QCOMPARE(found->kind, std::string("otlp-json"));
  QCOMPARE(found->bytes, 99u);
  QCOMPARE(found->status, std::string("ok"));
  QVERIFY(found->importedAtUnixMs > 1600000000000);
  QVERIFY(found->id > 0);
  QVERIFY(!ws->findSourceBySha256("FEED").has_value());
  // The same bytes cannot be stored twice: the second source row violates sha256 UNIQUE.
  TraceWriter again(*ws, SourceDescription{"/other", "otlp-json", "feed", 99});
  QVERIFY(!again.finish().isOk());
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM sources"), 1);
}

void TstWorkspace::spanIndexStatementsBuildAFreshDatabase() {
  sqlite3* db = nullptr;
  QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
  QVERIFY(registerSpanAttributeSql(db));
  for (const auto& sql : tableStatements())
    QVERIFY2(execSql(db, sql).isOk(), sql.c_str());
  for (const auto& sql : spanIndexStatements())
    QVERIFY2(execSql(db, sql).isOk(), sql.c_str());
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                  "NULL"),
           static_cast<std::int64_t>(spanIndexStatements().size()));
  for (const auto& sql : dropSpanIndexStatements())
    QVERIFY(execSql(db, sql).isOk());
  QCOMPARE(scalar(db,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                  "NULL"),
           0);
  sqlite3_close(db);
}

void TstWorkspace::internerStaysCorrectBeyondItsCache() {
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(ws);
  StringInterner small(ws->db(), 2);
  const std::int64_t a = small.intern("a");
  const std::int64_t b = small.intern("b");
  const std::int64_t c = small.intern("c");  // beyond the cache
  QVERIFY(a > 0 && b > 0 && c > 0);
  QVERIFY(a != b && b != c && a != c);
  QCOMPARE(small.intern("c"), c);
  QCOMPARE(small.intern("a"), a);
  const std::int64_t d = small.intern("d");
  QVERIFY(d != c);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM strings"), 4);
  // A fresh interner loads what is there, up to its cap, and finds the rest in the table.
  StringInterner reloaded(ws->db(), 1);
  QCOMPARE(reloaded.intern("d"), d);
  QCOMPARE(reloaded.intern("b"), b);
  QCOMPARE(reloaded.intern("a"), a);
  QVERIFY(reloaded.intern("e") > d);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM strings"), 5);
  QVERIFY(reloaded.status().isOk());
}

void TstWorkspace::readOnlySqlAnswersQueries() {
  QTemporaryDir dir;
  const std::string path = pathIn(dir, "w.sightline");
  Status status;
  {
    auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(ws);
    importSample(*ws, "abc");
  }
  SqlResult result =
      runReadOnlyQuery(path, "SELECT name, service, duration_ns, trace_id FROM spans_view", 0);
  QVERIFY2(result.error.empty(), result.error.c_str());
  QCOMPARE(result.columns,
           (std::vector<std::string>{"name", "service", "duration_ns", "trace_id"}));
  QCOMPARE(result.rows.size(), 1u);
  QCOMPARE(std::get<std::string>(result.rows[0][0].value), std::string("op"));
  QCOMPARE(std::get<std::string>(result.rows[0][1].value), std::string("svc"));
  QCOMPARE(std::get<std::int64_t>(result.rows[0][2].value), 10);
  QCOMPARE(result.rows[0][3].toString(), std::string("01000000000000000000000000000000"));

  result =
      runReadOnlyQuery(path, "SELECT key, type, value, NULL, 1.5 FROM span_attributes_view", 0);
  QVERIFY2(result.error.empty(), result.error.c_str());
  QCOMPARE(result.rows.size(), 1u);
  QCOMPARE(result.rows[0][0].toString(), std::string("raw"));
  QCOMPARE(result.rows[0][1].toString(), std::string("bytes"));
  QCOMPARE(std::get<std::vector<std::uint8_t>>(result.rows[0][2].value),
           (std::vector<std::uint8_t>{1, 2}));
  QVERIFY(result.rows[0][3].isNull());
  QCOMPARE(std::get<double>(result.rows[0][4].value), 1.5);

  result = runReadOnlyQuery(path, "SELECT value FROM json_each('[1,2,3]')", 2);
  QVERIFY(result.error.empty());
  QCOMPARE(result.rows.size(), 2u);
  QVERIFY(result.truncated);

  result = runReadOnlyQuery(path, "SELECT nonsense FROM nowhere", 0);
  QVERIFY(!result.error.empty());
  result = runReadOnlyQuery(pathIn(dir, "absent.sightline"), "SELECT 1", 0);
  QVERIFY(!result.error.empty());
}

void TstWorkspace::readOnlySqlRefusesWrites_data() {
  QTest::addColumn<QString>("sql");
  QTest::newRow("delete") << QStringLiteral("DELETE FROM spans");
  QTest::newRow("drop") << QStringLiteral("DROP TABLE spans");
  QTest::newRow("insert") << QStringLiteral("INSERT INTO strings(text) VALUES('x')");
  QTest::newRow("update") << QStringLiteral("UPDATE spans SET name_id = 0");
  QTest::newRow("pragma write") << QStringLiteral("PRAGMA user_version = 5");
  QTest::newRow("second statement") << QStringLiteral("SELECT 1; DELETE FROM spans");
  QTest::newRow("attach") << QStringLiteral("ATTACH DATABASE 'x.db' AS x");
}

void TstWorkspace::readOnlySqlRefusesWrites() {
  QFETCH(QString, sql);
  QTemporaryDir dir;
  const std::string path = pathIn(dir, "w.sightline");
  Status status;
  {
    auto ws = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY(ws);
    importSample(*ws, "abc");
  }
  const SqlResult result = runReadOnlyQuery(path, sql.toStdString(), 0);
  QVERIFY2(!result.error.empty(), qPrintable(sql));
  auto ws = Workspace::open(path, Workspace::Mode::ReadOnly, &status);
  QVERIFY(ws);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM spans"), 1);
  QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM strings WHERE text = 'x'"), 0);
  QCOMPARE(ws->schemaVersion(), kSchemaVersion);
  QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.db"))));
}

QTEST_GUILESS_MAIN(TstWorkspace)
#include "tst_workspace.moc"
