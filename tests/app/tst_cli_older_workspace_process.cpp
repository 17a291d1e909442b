// The reading verbs of the `sightline` binary on workspaces written by an older Sightline:
// they answer as on the current schema (the file read upgraded in memory) and leave the file
// exactly as it was; `import` still upgrades it.
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "model/store/schema.h"
#include "tests/app/cli_process_runner.h"
#include "tests/model/store/older_workspace.h"

using namespace sightline;
using namespace sightline::cli_test;

namespace {

const QString kTraces = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js/traces.otlp.json");
const QString kSnapshot =
    QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus/prom-client/snapshot-1.prom");

int fileVersion(const QString& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
  const int version = readSchemaVersion(db);
  sqlite3_close(db);
  return version;
}

QByteArray fileHash(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

Run run(const QStringList& arguments) {
  const Run result = runSightline(arguments);
  if (result.code != 0)
    qWarning() << arguments << result.err;
  return result;
}

}  // namespace

class TstCliOlderWorkspaceProcess : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  QString m_current;  // traces and one metrics snapshot, schema kSchemaVersion
  QString m_version1;
  QString m_version3;

  QString copyAt(int version) {
    const QString copy = m_dir.filePath(QStringLiteral("v%1.sightline").arg(version));
    if (!QFile::copy(m_current, copy) || !test::downgradeWorkspace(copy.toStdString(), version))
      return {};
    return copy;
  }

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_current = m_dir.filePath(QStringLiteral("current.sightline"));
    const Run imported = run({QStringLiteral("import"), QStringLiteral("--db"), m_current,
                              QStringLiteral("--time"), QStringLiteral("1700000000"), kSnapshot});
    QCOMPARE(imported.code, 0);
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("--db"), m_current, kTraces}).code, 0);
    m_version1 = copyAt(1);
    m_version3 = copyAt(3);
    QVERIFY(!m_version1.isEmpty() && !m_version3.isEmpty());
    QCOMPARE(fileVersion(m_version1), 1);
    QCOMPARE(fileVersion(m_version3), 3);
    QVERIFY(kSchemaVersion > 3);
  }

  // Version 1 has the trace tables only: traces read as before, metrics as none.
  void version1AnswersLikeTheCurrentSchema() {
    const QByteArray before = fileHash(m_version1);
    const QStringList traces = {QStringLiteral("traces"), QStringLiteral("--json")};
    const Run old = run(QStringList{traces[0], QStringLiteral("--db"), m_version1, traces[1]});
    QCOMPARE(old.code, 0);
    const Run now = run(QStringList{traces[0], QStringLiteral("--db"), m_current, traces[1]});
    QCOMPARE(old.out, now.out);
    const QJsonArray list = parseObject(old.out).value(QLatin1String("traces")).toArray();
    QVERIFY(!list.isEmpty());
    const QString traceId = list.at(0).toObject().value(QLatin1String("trace_id")).toString();
    const Run trace = run({QStringLiteral("trace"), QStringLiteral("--db"), m_version1, traceId,
                           QStringLiteral("--json")});
    QCOMPARE(trace.code, 0);
    QCOMPARE(trace.out, run({QStringLiteral("trace"), QStringLiteral("--db"), m_current, traceId,
                             QStringLiteral("--json")})
                            .out);

    const Run metrics = run(
        {QStringLiteral("metrics"), QStringLiteral("--db"), m_version1, QStringLiteral("--json")});
    QCOMPARE(metrics.code, 0);
    QCOMPARE(parseObject(metrics.out).value(QLatin1String("families")).toArray().size(), 0);
    const Run sql = run({QStringLiteral("sql"), QStringLiteral("--db"), m_version1,
                         QStringLiteral("SELECT count(*) AS n FROM metric_series")});
    QCOMPARE(sql.code, 0);
    QCOMPARE(sql.out, QStringLiteral("n\n0\n"));

    QCOMPARE(fileVersion(m_version1), 1);
    QCOMPARE(fileHash(m_version1), before);
  }

  // Version 3 has the metrics but no stored flame graphs: the metric verbs answer in full.
  void version3AnswersLikeTheCurrentSchema() {
    const QByteArray before = fileHash(m_version3);
    for (const QStringList& verb :
         {QStringList{QStringLiteral("metrics")},
          QStringList{QStringLiteral("metrics"), QStringLiteral("--json")},
          QStringList{QStringLiteral("metrics"), QStringLiteral("--series"),
                      QStringLiteral("{le=\"+Inf\"}")}}) {
      const Run old = run(verb + QStringList{QStringLiteral("--db"), m_version3});
      QCOMPARE(old.code, 0);
      QVERIFY(!old.out.isEmpty());
      QCOMPARE(old.out, run(verb + QStringList{QStringLiteral("--db"), m_current}).out);
    }
    QCOMPARE(fileVersion(m_version3), 3);
    QCOMPARE(fileHash(m_version3), before);
  }

  void importUpgradesTheFile() {
    const QString copy = copyAt(2);
    QVERIFY(!copy.isEmpty());
    QCOMPARE(fileVersion(copy), 2);
    QCOMPARE(run({QStringLiteral("import"), QStringLiteral("--db"), copy, QStringLiteral("--time"),
                  QStringLiteral("1700000000"), kSnapshot})
                 .code,
             0);
    QCOMPARE(fileVersion(copy), kSchemaVersion);
  }
};

QTEST_GUILESS_MAIN(TstCliOlderWorkspaceProcess)
#include "tst_cli_older_workspace_process.moc"
