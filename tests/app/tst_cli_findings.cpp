// `sightline findings`: stored findings after import, JSON and text forms, --severity,
// --rules (overrides, mistakes), --save-rules, and a workspace of an older schema read
// without being written.
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "model/diagnosis/findings_store.h"
#include "tests/app/cli_in_process_runner.h"
#include "tests/model/store/older_workspace.h"

using namespace sightline;
using test::run;

namespace {

const QString kCases = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js-diagnosis/traces.otlp.pb");

QByteArray fileHash(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QJsonArray findingsOf(const test::CommandRun& result) {
  return QJsonDocument::fromJson(result.out.toUtf8())
      .object()
      .value(QStringLiteral("findings"))
      .toArray();
}

QStringList rulesOf(const QJsonArray& findings) {
  QStringList rules;
  for (const QJsonValue& f : findings)
    rules << f.toObject().value(QStringLiteral("rule")).toString();
  return rules;
}

}  // namespace

class TestCliFindings : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void importStoresTheFindings();
  void jsonHasEveryField();
  void textTableAndEvidence();
  void severityFilters();
  void rulesFileOverridesAndSaves();
  void mistakesAreUsageOrInputErrors();
  void olderWorkspaceIsNotWritten();

 private:
  QTemporaryDir m_dir;
  QString m_db;
};

void TestCliFindings::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("cases.sightline"));
  const test::CommandRun imported =
      run({QStringLiteral("import"), QStringLiteral("--db"), m_db, kCases});
  QCOMPARE(imported.code, 0);
}

void TestCliFindings::importStoresTheFindings() {
  Status status;
  auto workspace = Workspace::open(m_db.toStdString(), Workspace::Mode::ReadOnly, &status);
  QVERIFY(workspace);
  const auto stored = loadFindings(*workspace, &status);
  QVERIFY(status.isOk());
  QVERIFY(!stored.empty());
  const auto runInfo = loadDiagnosisRun(*workspace);
  QVERIFY(runInfo);
  QCOMPARE(runInfo->sourcesSignature, diagnosisSourcesSignature(*workspace));
  // The verb prints the stored findings: same order, same titles.
  const test::CommandRun result =
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
  QCOMPARE(result.code, 0);
  const QJsonArray findings = findingsOf(result);
  QCOMPARE(static_cast<std::size_t>(findings.size()), stored.size());
  for (qsizetype i = 0; i < findings.size(); ++i) {
    QCOMPARE(findings[i].toObject().value(QStringLiteral("title")).toString().toStdString(),
             stored[static_cast<std::size_t>(i)].title);
  }
}

void TestCliFindings::jsonHasEveryField() {
  const test::CommandRun result =
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
  QCOMPARE(result.code, 0);
  const QJsonArray findings = findingsOf(result);
  const QStringList rules = rulesOf(findings);
  for (const char* rule :
       {"n-plus-one-db", "n-plus-one-http", "parallelizable-calls", "slow-query", "error-spans"})
    QVERIFY2(rules.contains(QLatin1String(rule)), rule);
  const QStringList keys = {QStringLiteral("rule"),
                            QStringLiteral("severity"),
                            QStringLiteral("title"),
                            QStringLiteral("explanation"),
                            QStringLiteral("service"),
                            QStringLiteral("operation"),
                            QStringLiteral("function"),
                            QStringLiteral("impact_ns"),
                            QStringLiteral("impact_per_request_ns"),
                            QStringLiteral("traffic_share"),
                            QStringLiteral("count"),
                            QStringLiteral("first_seen_unix_nano"),
                            QStringLiteral("last_seen_unix_nano"),
                            QStringLiteral("trace_ids"),
                            QStringLiteral("span_ids"),
                            QStringLiteral("profile_id"),
                            QStringLiteral("series"),
                            QStringLiteral("evidence")};
  for (const QJsonValue& value : findings) {
    const QJsonObject f = value.toObject();
    QCOMPARE(f.keys().size(), keys.size());
    for (const QString& key : keys)
      QVERIFY2(f.contains(key), qPrintable(key));
  }
  // The N+1 finding: its span ids are the 8 repeated queries, lowercase hex.
  for (const QJsonValue& value : findings) {
    const QJsonObject f = value.toObject();
    if (f.value(QStringLiteral("rule")).toString() != QLatin1String("n-plus-one-db"))
      continue;
    const QJsonArray spans = f.value(QStringLiteral("span_ids")).toArray();
    QCOMPARE(spans.size(), 8);
    QCOMPARE(spans[0].toString(), spans[0].toString().toLower());
    QCOMPARE(f.value(QStringLiteral("trace_ids")).toArray().first().toString(),
             QStringLiteral("6703fb181c41c0ef843f7397c242dbc4"));
    QCOMPARE(f.value(QStringLiteral("operation")).toString(), QStringLiteral("load cart"));
    QCOMPARE(f.value(QStringLiteral("impact_ns")).toInteger(), 63000000);
  }
}

void TestCliFindings::textTableAndEvidence() {
  const test::CommandRun table = run({QStringLiteral("findings"), QStringLiteral("--db"), m_db});
  QCOMPARE(table.code, 0);
  QVERIFY(table.out.startsWith(QStringLiteral(" #  SEVERITY")));
  QVERIFY(table.out.contains(
      QStringLiteral("N+1 queries, 8 × SELECT price FROM products WHERE id = ?")));
  const test::CommandRun details =
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--evidence")});
  QCOMPARE(details.code, 0);
  QVERIFY(details.out.contains(
      QStringLiteral("repeated query: trace 6703fb181c41c0ef843f7397c242dbc4 span ")));
}

void TestCliFindings::severityFilters() {
  const QJsonArray all = findingsOf(
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--json")}));
  const QJsonArray medium = findingsOf(
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--severity"),
           QStringLiteral("medium"), QStringLiteral("--json")}));
  int expected = 0;
  for (const QJsonValue& f : all) {
    const QString severity = f.toObject().value(QStringLiteral("severity")).toString();
    expected += severity != QLatin1String("low") ? 1 : 0;
  }
  QCOMPARE(medium.size(), expected);
  QVERIFY(medium.size() < all.size());
}

void TestCliFindings::rulesFileOverridesAndSaves() {
  const QString rules = m_dir.filePath(QStringLiteral("rules.json"));
  QFile file(rules);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(
      R"({"rules": {"n-plus-one-db": {"min_repeats": 9}, "slow-query": {"enabled": false}}})");
  file.close();
  const QByteArray before = fileHash(m_db);
  const test::CommandRun once = run({QStringLiteral("findings"), QStringLiteral("--db"), m_db,
                                     QStringLiteral("--rules"), rules, QStringLiteral("--json")});
  QCOMPARE(once.code, 0);
  QVERIFY(!rulesOf(findingsOf(once)).contains(QStringLiteral("n-plus-one-db")));
  QVERIFY(!rulesOf(findingsOf(once)).contains(QStringLiteral("slow-query")));
  QCOMPARE(fileHash(m_db), before);  // without --save-rules nothing is written
  QVERIFY(rulesOf(findingsOf(run({QStringLiteral("findings"), QStringLiteral("--db"), m_db,
                                  QStringLiteral("--json")})))
              .contains(QStringLiteral("n-plus-one-db")));

  const test::CommandRun saved =
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--rules"),
           rules, QStringLiteral("--save-rules"), QStringLiteral("--json")});
  QCOMPARE(saved.code, 0);
  // From now on the workspace's own rules apply.
  const QStringList after = rulesOf(findingsOf(
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--json")})));
  QVERIFY(!after.contains(QStringLiteral("n-plus-one-db")));
  QVERIFY(after.contains(QStringLiteral("n-plus-one-http")));
}

void TestCliFindings::mistakesAreUsageOrInputErrors() {
  const test::CommandRun severity = run({QStringLiteral("findings"), QStringLiteral("--db"), m_db,
                                         QStringLiteral("--severity"), QStringLiteral("urgent")});
  QCOMPARE(severity.code, 2);
  QVERIFY(
      severity.err.contains(QStringLiteral("--severity expects low, medium, high or critical")));
  const test::CommandRun save = run(
      {QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--save-rules")});
  QCOMPARE(save.code, 2);
  const test::CommandRun missing =
      run({QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--rules"),
           m_dir.filePath(QStringLiteral("nope.json"))});
  QCOMPARE(missing.code, 1);
  QVERIFY(missing.err.contains(QStringLiteral("cannot read the rules file")));
  const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
  QFile file(bad);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(R"({"rules": {"n-plus-one-db": {"min_repeat": 9}}})");
  file.close();
  const test::CommandRun typo = run(
      {QStringLiteral("findings"), QStringLiteral("--db"), m_db, QStringLiteral("--rules"), bad});
  QCOMPARE(typo.code, 1);
  QVERIFY2(typo.err.contains(
               QStringLiteral("unknown threshold \"min_repeat\" of rule \"n-plus-one-db\"")),
           qPrintable(typo.err));
  const test::CommandRun noDb = run({QStringLiteral("findings"), QStringLiteral("--db"),
                                     m_dir.filePath(QStringLiteral("absent.sightline"))});
  QCOMPARE(noDb.code, 1);
}

void TestCliFindings::olderWorkspaceIsNotWritten() {
  const QString old = m_dir.filePath(QStringLiteral("v4.sightline"));
  QVERIFY(QFile::copy(m_db, old));
  QVERIFY(test::downgradeWorkspace(old.toStdString(), 4).isOk());
  const QByteArray before = fileHash(old);
  const test::CommandRun result =
      run({QStringLiteral("findings"), QStringLiteral("--db"), old, QStringLiteral("--json")});
  QCOMPARE(result.code, 0);
  QVERIFY(rulesOf(findingsOf(result)).contains(QStringLiteral("slow-query")));
  QCOMPARE(fileHash(old), before);
}

QTEST_GUILESS_MAIN(TestCliFindings)
#include "tst_cli_findings.moc"
