// `sightline debt`: the documented JSON (every key, null for an absent signal), the text
// table, --files, --mapping (saved as the user's rules; a bad file changes nothing),
// --thresholds (and --save-thresholds: the workspace's own, used by later runs), the
// cost/hot/compare modes and the usage errors.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"
#include "model/store/store_statement.h"
#include "tests/app/cli_in_process_runner.h"
#include "tests/model/debt/debt_test_workspace.h"

using namespace sightline;
using namespace sightline::debt_test;
using test::run;

namespace {

QJsonObject jsonOf(const test::CommandRun& result) {
  return QJsonDocument::fromJson(result.out.toUtf8()).object();
}

QJsonObject serviceOf(const QJsonObject& document, const QString& name) {
  for (const QJsonValue& value : document.value(QStringLiteral("services")).toArray()) {
    if (value.toObject().value(QStringLiteral("service")).toString() == name)
      return value.toObject();
  }
  return {};
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
  const QString path = dir.filePath(name);
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return {};
  file.write(content);
  return path;
}

}  // namespace

class TestCliDebt : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void jsonHasEveryFieldAndNulls();
  void textTable();
  void filesListUnits();
  void mappingIsSaved();
  void thresholdsFile();
  void savedThresholds();
  void otherModes();
  void usageErrors();

 private:
  QStringList debt(const QStringList& more) const {
    return QStringList{QStringLiteral("debt"), QStringLiteral("--db"), m_db} + more;
  }
  QTemporaryDir m_dir;
  QString m_db;
  std::int64_t m_before = 0;
  std::int64_t m_after = 0;
};

void TestCliDebt::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_db = m_dir.filePath(QStringLiteral("debt.sightline"));
  Status status;
  auto workspace = Workspace::open(m_db.toStdString(), Workspace::Mode::ReadWrite, &status);
  QVERIFY(workspace);
  // payment: 10/5 and 30/30 statements → 87.5 %; frontend: spans only.
  DebtBatch before;
  before.measures = {fileMeasure("services/payment/a.go", "statements", 10),
                     fileMeasure("services/payment/a.go", "covered_statements", 2),
                     fileMeasure("services/payment/ledger/b.go", "statements", 30),
                     fileMeasure("services/payment/ledger/b.go", "covered_statements", 20)};
  m_before = writeDebt(*workspace, "go-coverprofile", "before.out", std::move(before));
  DebtBatch after;
  after.measures = {fileMeasure("services/payment/a.go", "statements", 10),
                    fileMeasure("services/payment/a.go", "covered_statements", 5),
                    fileMeasure("services/payment/ledger/b.go", "statements", 30),
                    fileMeasure("services/payment/ledger/b.go", "covered_statements", 30),
                    fileMeasure("tools/gen.go", "statements", 3)};
  m_after = writeDebt(*workspace, "go-coverprofile", "after.out", std::move(after));
  QVERIFY(m_before > 0 && m_after > 0);
  TraceBuilder traces;
  traces.span(1, 1, 0, "frontend", "GET /x", SpanKind::Server, 0, 100);
  traces.span(1, 2, 1, "payment", "charge", SpanKind::Server, 10, 60);
  QVERIFY(traces.write(*workspace, "traces.json"));
}

void TestCliDebt::jsonHasEveryFieldAndNulls() {
  const test::CommandRun result = run(debt({QStringLiteral("--json")}));
  QCOMPARE(result.code, 0);
  QVERIFY(result.out.endsWith(QLatin1Char('\n')));
  const QJsonObject document = jsonOf(result);
  const QJsonArray services = document.value(QStringLiteral("services")).toArray();
  QCOMPARE(services.size(), 2);
  const QStringList keys = {QStringLiteral("service"),
                            QStringLiteral("coverage"),
                            QStringLiteral("duplication"),
                            QStringLiteral("vulnerabilities"),
                            QStringLiteral("vulnerability_density"),
                            QStringLiteral("ncloc"),
                            QStringLiteral("code_smells"),
                            QStringLiteral("churn"),
                            QStringLiteral("cpu_share"),
                            QStringLiteral("critical_path_share"),
                            QStringLiteral("p99_ns"),
                            QStringLiteral("error_rate"),
                            QStringLiteral("findings"),
                            QStringLiteral("score")};
  for (const QJsonValue& value : services) {
    QStringList actual = value.toObject().keys();
    QStringList expected = keys;
    actual.sort();
    expected.sort();
    QCOMPARE(actual, expected);
  }
  // The documented order, as written (QJsonObject sorts its keys, so look at the text).
  QVERIFY(result.out.contains(
      QStringLiteral("{\"service\":\"frontend\",\"coverage\":null,\"duplication\":null,")));
  const QJsonObject payment = serviceOf(document, QStringLiteral("payment"));
  QCOMPARE(payment.value(QStringLiteral("coverage")).toDouble(), 87.5);
  QVERIFY(payment.value(QStringLiteral("duplication")).isNull());
  QVERIFY(payment.value(QStringLiteral("cpu_share")).isNull());
  QCOMPARE(payment.value(QStringLiteral("p99_ns")).toInteger(), qint64(60 * kMs));
  QCOMPARE(payment.value(QStringLiteral("critical_path_share")).toDouble(), 0.6);
  const QJsonObject frontend = serviceOf(document, QStringLiteral("frontend"));
  QVERIFY(frontend.value(QStringLiteral("coverage")).isNull());
  QCOMPARE(frontend.value(QStringLiteral("error_rate")).toDouble(), 0.0);
  QCOMPARE(document.value(QStringLiteral("unmapped")).toArray(),
           QJsonArray({QStringLiteral("tools/gen.go")}));
  QVERIFY(!document.value(QStringLiteral("rules")).toArray().isEmpty());
  QCOMPARE(document.value(QStringLiteral("sources")).toArray().size(), 2);
}

void TestCliDebt::textTable() {
  const test::CommandRun result = run(debt({}));
  QCOMPARE(result.code, 0);
  QVERIFY(result.out.startsWith(QStringLiteral("SERVICE ")));
  const QStringList lines = result.out.split(QLatin1Char('\n'));
  const auto payment = std::find_if(lines.begin(), lines.end(), [](const QString& line) {
    return line.startsWith(QStringLiteral("payment "));
  });
  QVERIFY(payment != lines.end());
  QVERIFY2(payment->contains(QStringLiteral("87.5")), qPrintable(*payment));
  QVERIFY(result.out.contains(QStringLiteral("1 path(s) mapped to no service")));
}

void TestCliDebt::filesListUnits() {
  const test::CommandRun result = run(debt({QStringLiteral("--json"), QStringLiteral("--files")}));
  QCOMPARE(result.code, 0);
  const QJsonArray units =
      serviceOf(jsonOf(result), QStringLiteral("payment")).value(QStringLiteral("units")).toArray();
  QCOMPARE(units.size(), 3);
  QCOMPARE(units[0].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("ledger"));
  QCOMPARE(units[0].toObject().value(QStringLiteral("kind")).toString(),
           QStringLiteral("directory"));
  QCOMPARE(units[2].toObject().value(QStringLiteral("coverage")).toDouble(), 50.0);
  const test::CommandRun text = run(debt({QStringLiteral("--files")}));
  QVERIFY(text.out.contains(QStringLiteral("\n  ledger/ ")));
  QVERIFY(text.out.contains(QStringLiteral("\n    b.go ")));
}

void TestCliDebt::mappingIsSaved() {
  const QString bad =
      writeFile(m_dir, QStringLiteral("bad.json"), R"([{"prefix":"../x/","service":"x"}])");
  test::CommandRun result = run(debt({QStringLiteral("--mapping"), bad}));
  QCOMPARE(result.code, 1);
  QVERIFY2(result.err.contains(QStringLiteral("\"..\"")), qPrintable(result.err));
  result = run(debt({QStringLiteral("--mapping"), m_dir.filePath(QStringLiteral("none.json"))}));
  QCOMPARE(result.code, 1);

  const QString mapping = writeFile(m_dir, QStringLiteral("mapping.json"),
                                    R"([{"prefix":"tools/","service":"platform"}])");
  result = run(debt({QStringLiteral("--mapping"), mapping, QStringLiteral("--json")}));
  QCOMPARE(result.code, 0);
  const QJsonObject document = jsonOf(result);
  QVERIFY(document.value(QStringLiteral("unmapped")).toArray().isEmpty());
  QVERIFY(!serviceOf(document, QStringLiteral("platform")).isEmpty());
  // Kept in the workspace: a later run without --mapping uses it.
  result = run(debt({QStringLiteral("--json")}));
  QVERIFY(!serviceOf(jsonOf(result), QStringLiteral("platform")).isEmpty());
  bool found = false;
  for (const QJsonValue& rule : jsonOf(result).value(QStringLiteral("rules")).toArray()) {
    if (rule.toObject().value(QStringLiteral("prefix")).toString() == QStringLiteral("tools/")) {
      QCOMPARE(rule.toObject().value(QStringLiteral("origin")).toString(), QStringLiteral("user"));
      found = true;
    }
  }
  QVERIFY(found);
  // An empty list removes the user's rules.
  const QString none = writeFile(m_dir, QStringLiteral("empty.json"), "[]");
  result = run(debt({QStringLiteral("--mapping"), none, QStringLiteral("--json")}));
  QCOMPARE(result.code, 0);
  QVERIFY(serviceOf(jsonOf(result), QStringLiteral("platform")).isEmpty());
}

void TestCliDebt::thresholdsFile() {
  const QString lenient =
      writeFile(m_dir, QStringLiteral("lenient.json"), R"({"min_coverage": 50})");
  test::CommandRun result = run(debt({}));
  QVERIFY(!result.out.contains(QStringLiteral("87.5!")));  // warn band: not marked
  const QString strict = writeFile(m_dir, QStringLiteral("strict.json"), R"({"min_coverage": 90})");
  result = run(debt({QStringLiteral("--thresholds"), strict}));
  QCOMPARE(result.code, 0);
  QVERIFY2(result.out.contains(QStringLiteral("87.5!")), qPrintable(result.out));
  result = run(debt({QStringLiteral("--thresholds"), lenient}));
  QCOMPARE(result.code, 0);
  const QString typo = writeFile(m_dir, QStringLiteral("typo.json"), R"({"min_covrage": 90})");
  result = run(debt({QStringLiteral("--thresholds"), typo}));
  QCOMPARE(result.code, 1);
  QVERIFY(result.err.contains(QStringLiteral("min_covrage")));
}

void TestCliDebt::savedThresholds() {
  const QString strict = writeFile(m_dir, QStringLiteral("strict-saved.json"),
                                   R"({"min_coverage": 90, "p99_budget_ms": 20})");
  test::CommandRun result = run(debt({}));
  QVERIFY(!result.out.contains(QStringLiteral("87.5!")));
  QVERIFY(!result.out.contains(QStringLiteral("ms!")));
  // --save-thresholds without a file is a usage error; a bad file stores nothing.
  QCOMPARE(run(debt({QStringLiteral("--save-thresholds")})).code, 2);
  const QString typo = writeFile(m_dir, QStringLiteral("typo-saved.json"), R"({"p99": 1})");
  result = run(debt({QStringLiteral("--thresholds"), typo, QStringLiteral("--save-thresholds")}));
  QCOMPARE(result.code, 1);
  QVERIFY(!run(debt({})).out.contains(QStringLiteral("87.5!")));

  result = run(debt({QStringLiteral("--thresholds"), strict, QStringLiteral("--save-thresholds")}));
  QCOMPARE(result.code, 0);
  QVERIFY2(result.out.contains(QStringLiteral("87.5!")), qPrintable(result.out));
  // A later run without --thresholds uses the saved ones: payment's coverage (87.5 < 90)
  // and the p99 of both services (100 ms and 60 ms > 20 ms) are past them.
  result = run(debt({}));
  QCOMPARE(result.code, 0);
  QVERIFY2(result.out.contains(QStringLiteral("87.5!")), qPrintable(result.out));
  QCOMPARE(result.out.count(QStringLiteral("ms!")), 2);
  QVERIFY2(result.out.contains(QStringLiteral("coverage ≥ 90 %")), qPrintable(result.out));
  // --thresholds alone wins over the saved ones for that run, and does not replace them.
  const QString lenient =
      writeFile(m_dir, QStringLiteral("lenient-once.json"), R"({"min_coverage": 50})");
  result = run(debt({QStringLiteral("--thresholds"), lenient}));
  QVERIFY(!result.out.contains(QStringLiteral("87.5!")));
  QVERIFY(!result.out.contains(QStringLiteral("ms!")));
  QVERIFY(run(debt({})).out.contains(QStringLiteral("87.5!")));

  // Stored as the documented JSON under `debt.thresholds`.
  {
    Status status;
    auto workspace = Workspace::open(m_db.toStdString(), Workspace::Mode::ReadOnly, &status);
    QVERIFY(workspace);
    StoreStatement query(workspace->db(),
                         "SELECT value FROM workspace_settings WHERE key = 'debt.thresholds'");
    QVERIFY(query.step());
    DebtThresholds expected;
    expected.minCoverage = 90;
    expected.p99BudgetMs = 20;
    QCOMPARE(query.columnText(0), debtThresholdsJson(expected));
  }

  // A stored value that no longer parses: an error naming the key, exit 1.
  {
    Status status;
    auto workspace = Workspace::open(m_db.toStdString(), Workspace::Mode::ReadWrite, &status);
    QVERIFY(workspace);
    QVERIFY(execSql(workspace->db(),
                    "UPDATE workspace_settings SET value = '{\"min_covrage\": 1}' "
                    "WHERE key = 'debt.thresholds'")
                .isOk());
  }
  result = run(debt({}));
  QCOMPARE(result.code, 1);
  QVERIFY2(result.err.contains(QStringLiteral("debt.thresholds")), qPrintable(result.err));
  QVERIFY2(result.err.contains(QStringLiteral("min_covrage")), qPrintable(result.err));

  // Saving the defaults puts the workspace back as the other cases expect it.
  const QString defaults = writeFile(m_dir, QStringLiteral("defaults.json"), "{}");
  QCOMPARE(
      run(debt({QStringLiteral("--thresholds"), defaults, QStringLiteral("--save-thresholds")}))
          .code,
      0);
  QVERIFY(!run(debt({})).out.contains(QStringLiteral("87.5!")));
}

void TestCliDebt::otherModes() {
  test::CommandRun result =
      run(debt({QStringLiteral("--mode"), QStringLiteral("hot"), QStringLiteral("--json")}));
  QCOMPARE(result.code, 0);
  QVERIFY(jsonOf(result).value(QStringLiteral("functions")).isArray());
  result = run(debt({QStringLiteral("--mode"), QStringLiteral("cost"), QStringLiteral("--json")}));
  QCOMPARE(result.code, 0);
  const QJsonObject cost = jsonOf(result);
  QVERIFY(cost.value(QStringLiteral("units")).isArray());
  QCOMPARE(cost.value(QStringLiteral("entries")).toArray(),
           QJsonArray({QStringLiteral("frontend GET /x")}));
  QVERIFY(cost.value(QStringLiteral("cells")).isArray());
  result =
      run(debt({QStringLiteral("--baseline"), QString::number(m_before), QStringLiteral("--target"),
                QString::number(m_after), QStringLiteral("--json")}));
  QCOMPARE(result.code, 0);
  const QJsonObject payment = serviceOf(jsonOf(result), QStringLiteral("payment"));
  QCOMPARE(payment.value(QStringLiteral("baseline"))
               .toObject()
               .value(QStringLiteral("coverage"))
               .toDouble(),
           55.0);
  QCOMPARE(payment.value(QStringLiteral("target"))
               .toObject()
               .value(QStringLiteral("coverage"))
               .toDouble(),
           87.5);
  result =
      run(debt({QStringLiteral("--mode"), QStringLiteral("compare"), QStringLiteral("--baseline"),
                QString::number(m_before), QStringLiteral("--target"), QString::number(m_after)}));
  QCOMPARE(result.code, 0);
  QVERIFY2(result.out.contains(QStringLiteral("55.0 → 87.5 (+32.5)")), qPrintable(result.out));
  result = run(debt({QStringLiteral("--baseline"), QStringLiteral("999"),
                     QStringLiteral("--target"), QString::number(m_after)}));
  QCOMPARE(result.code, 1);
}

void TestCliDebt::usageErrors() {
  QCOMPARE(run({QStringLiteral("debt")}).code, 2);
  QCOMPARE(run(debt({QStringLiteral("--mode"), QStringLiteral("heat")})).code, 2);
  QCOMPARE(run(debt({QStringLiteral("--mode"), QStringLiteral("compare")})).code, 2);
  QCOMPARE(run(debt({QStringLiteral("--baseline"), QStringLiteral("1")})).code, 2);
  QCOMPARE(run(debt({QStringLiteral("--baseline"), QStringLiteral("a"), QStringLiteral("--target"),
                     QStringLiteral("2")}))
               .code,
           2);
  QCOMPARE(run(debt({QStringLiteral("--mode"), QStringLiteral("hot"), QStringLiteral("--baseline"),
                     QStringLiteral("1"), QStringLiteral("--target"), QStringLiteral("2")}))
               .code,
           2);
  QCOMPARE(run(debt({QStringLiteral("extra")})).code, 2);
  const test::CommandRun help = run({QStringLiteral("help"), QStringLiteral("debt")});
  QCOMPARE(help.code, 0);
  QVERIFY(help.out.contains(QStringLiteral("--mapping FILE")));
  QVERIFY(run({QStringLiteral("--help")}).out.contains(QStringLiteral("sightline debt")));
  QCOMPARE(run({QStringLiteral("debt"), QStringLiteral("--db"),
                m_dir.filePath(QStringLiteral("missing.sightline"))})
               .code,
           1);
}

QTEST_GUILESS_MAIN(TestCliDebt)
#include "tst_cli_debt.moc"
