// The demo data set that `installer/run.sh` opens (resources/demo/): every file imports, the
// traces are what the OpenTelemetry SDK recorded (demo-expected.json), and the three signals
// tell one story: the CPU profile's span labels name spans of the traces, the snapshots
// cover the traces' time window, and the planted bottlenecks the README promises are there.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <string>

#include "importers/core/file_importer.h"
#include "model/store/sql_query.h"
#include "model/store/workspace.h"
#include "model/traces/trace_queries.h"
#include "model/traces/trace_tree.h"

using namespace sightline;

namespace {

const QString kDemoDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");

QJsonObject readJson(const QString& name) {
  QFile file(kDemoDir + name);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

std::uint64_t u64(const QJsonObject& o, const char* key) {
  const QJsonValue v = o.value(QLatin1String(key));
  return v.isString() ? v.toString().toULongLong() : static_cast<std::uint64_t>(v.toDouble());
}

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

}  // namespace

class TestDemoData : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void tracesAreWhatTheSdkRecorded();
  void profilesAndSnapshotsImport();
  void cpuLabelsNameDemoSpans();
  void snapshotsCoverTheTraceWindow();
  void plantedSpansAreInTheWorkspace();

 private:
  // One value of a read-only query over the workspace, as text ("" on error).
  QString scalar(const std::string& sql) {
    const SqlResult result = runReadOnlyQuery(m_path, sql, 1);
    if (!result.error.empty() || result.rows.empty() || result.rows.front().empty()) {
      qWarning("%s: %s", sql.c_str(), result.error.c_str());
      return {};
    }
    return qs(result.rows.front().front().toString());
  }

  QTemporaryDir m_dir;
  std::string m_path;
  QJsonObject m_planted;
  std::unique_ptr<Workspace> m_workspace;
};

void TestDemoData::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_planted = readJson(QStringLiteral("planted.json"));
  QVERIFY2(!m_planted.isEmpty(), "resources/demo/planted.json is missing or not JSON");
  m_path = m_dir.filePath(QStringLiteral("demo.sightline")).toStdString();
  Status status;
  m_workspace = Workspace::open(m_path, Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_workspace, status.message().c_str());

  // Every file is imported here, so that each test below can also run on its own.
  const QJsonObject files = m_planted.value(QStringLiteral("files")).toObject();
  QStringList names{files.value(QStringLiteral("traces")).toString()};
  for (const QString& key : {QStringLiteral("profiles"), QStringLiteral("metrics")}) {
    for (const QJsonValue& name : files.value(key).toArray())
      names << name.toString();
  }
  for (const QString& name : names) {
    const FileImportResult result =
        importFile(*m_workspace, QString(kDemoDir + name).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported,
             qPrintable(name + QStringLiteral(": ") + qs(result.error)));
  }
}

void TestDemoData::tracesAreWhatTheSdkRecorded() {
  const QJsonObject want = readJson(QStringLiteral("demo-expected.json"));
  QVERIFY(!want.isEmpty());
  QCOMPARE(static_cast<std::uint64_t>(listTraces(*m_workspace, {}).size()),
           u64(want, "trace_count"));
  QCOMPARE(scalar("SELECT count(*) FROM spans").toULongLong(), u64(want, "span_count"));
  TraceFilter errorsOnly;
  errorsOnly.errorsOnly = true;
  QCOMPARE(static_cast<std::uint64_t>(listTraces(*m_workspace, errorsOnly).size()),
           u64(want, "error_trace_count"));
  QStringList services;
  for (const std::string& s : listServices(*m_workspace))
    services << qs(s);
  QCOMPARE(services, want.value(QStringLiteral("services")).toVariant().toStringList());

  for (const QJsonValue& value : want.value(QStringLiteral("largest")).toArray()) {
    const QJsonObject big = value.toObject();
    const auto id =
        TraceId::fromHex(big.value(QStringLiteral("trace_id")).toString().toStdString());
    QVERIFY(id);
    const std::optional<LoadedTrace> trace = loadTrace(*m_workspace, *id);
    QVERIFY(trace);
    QCOMPARE(static_cast<std::uint64_t>(trace->spans.size()), u64(big, "span_count"));
    const TraceTree tree = buildTraceTree(*trace);
    QCOMPARE(tree.roots.size(), std::size_t{1});
    QCOMPARE(qs(trace->spans[static_cast<std::size_t>(tree.roots.front())].name),
             big.value(QStringLiteral("root_name")).toString());
  }
}

void TestDemoData::profilesAndSnapshotsImport() {
  const QJsonObject files = m_planted.value(QStringLiteral("files")).toObject();
  const QJsonArray profiles = files.value(QStringLiteral("profiles")).toArray();
  const QJsonArray metrics = files.value(QStringLiteral("metrics")).toArray();
  QVERIFY(!profiles.isEmpty());
  QVERIFY(metrics.size() >= 3);
  QCOMPARE(scalar("SELECT count(*) FROM profiles").toLongLong(), profiles.size());
  QCOMPARE(scalar("SELECT count(*) FROM metric_snapshots").toLongLong(), metrics.size());
  // Every snapshot got its own instant from the samples' timestamps, not the file's mtime.
  QCOMPARE(scalar("SELECT count(DISTINCT time_ms) FROM metric_snapshots").toLongLong(),
           metrics.size());
}

void TestDemoData::cpuLabelsNameDemoSpans() {
  // "Show CPU time of this span" works only if the profile's span_id labels are span ids of
  // the traces: every labelled span must exist.
  const std::string labelledSpans =
      "SELECT DISTINCT l.text AS id FROM profile_labels l JOIN strings k ON k.id = l.key_id "
      "WHERE k.text = 'span_id'";
  QVERIFY(scalar("SELECT count(*) FROM (" + labelledSpans + ")").toLongLong() > 10);
  QCOMPARE(scalar("SELECT count(*) FROM (" + labelledSpans +
                  ") WHERE id NOT IN (SELECT lower(hex(span_id)) FROM spans)")
               .toLongLong(),
           0LL);
}

void TestDemoData::snapshotsCoverTheTraceWindow() {
  const QJsonObject window = m_planted.value(QStringLiteral("window")).toObject();
  const qint64 startMs = static_cast<qint64>(u64(window, "start_unix_nano") / 1000000);
  const qint64 endMs = static_cast<qint64>(u64(window, "end_unix_nano") / 1000000);
  QVERIFY(startMs < endMs);
  QVERIFY(scalar("SELECT min(time_ms) FROM metric_snapshots").toLongLong() >= startMs);
  QVERIFY(scalar("SELECT max(time_ms) FROM metric_snapshots").toLongLong() <= endMs);
  const qint64 firstSpanMs = scalar("SELECT min(start_ns) / 1000000 FROM spans").toLongLong();
  QVERIFY(firstSpanMs >= startMs && firstSpanMs < endMs);
}

void TestDemoData::plantedSpansAreInTheWorkspace() {
  // Each planted bottleneck names its evidence by ids: they must be spans of the traces (the
  // diagnosis engine's tests start from these).
  const QJsonArray bottlenecks = m_planted.value(QStringLiteral("bottlenecks")).toArray();
  QVERIFY(bottlenecks.size() >= 8);
  int checked = 0;
  for (const QJsonValue& value : bottlenecks) {
    const QJsonObject bottleneck = value.toObject();
    const QString rule = bottleneck.value(QStringLiteral("id")).toString();
    QVERIFY(!rule.isEmpty());
    for (const QString& key : bottleneck.keys()) {
      const QJsonValue list = bottleneck.value(key);
      if (!list.isArray())
        continue;
      for (const QJsonValue& item : list.toArray()) {
        const QString spanId = item.toObject().value(QStringLiteral("span_id")).toString();
        if (spanId.isEmpty())
          continue;
        const std::string sql =
            "SELECT count(*) FROM spans WHERE span_id = x'" + spanId.toStdString() + "'";
        QVERIFY2(scalar(sql).toLongLong() == 1, qPrintable(rule + QStringLiteral(": ") + spanId));
        ++checked;
      }
    }
  }
  QVERIFY(checked >= 8);
}

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demo_data.moc"
