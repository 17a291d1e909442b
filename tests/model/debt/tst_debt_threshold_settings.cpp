// The heatmap thresholds kept in the workspace (`workspace_settings` key "debt.thresholds"):
// a round trip, the defaults when none are kept, a stored value that no longer parses, and a
// read-only workspace.
#include <QTemporaryDir>
#include <QTest>

#include "model/debt/debt_threshold_settings.h"
#include "model/diagnosis/findings_store.h"
#include "model/store/store_statement.h"
#include "tests/model/debt/debt_test_workspace.h"

using namespace sightline;
using namespace sightline::debt_test;

namespace {

DebtThresholds strict() {
  DebtThresholds t;
  t.minCoverage = 92.5;
  t.maxDuplication = 1;
  t.p99BudgetMs = 250;
  t.maxErrorRate = 0.002;
  t.maxCpuShare = 0.3;
  t.warnMargin = 0.25;
  return t;
}

std::string storedValue(Workspace& workspace) {
  StoreStatement query(workspace.db(),
                       "SELECT value FROM workspace_settings WHERE key = 'debt.thresholds'");
  return query.step() ? query.columnText(0) : std::string("(none)");
}

}  // namespace

class TestDebtThresholdSettings : public QObject {
  Q_OBJECT

 private slots:
  void roundTrip();
  void defaultsWhenAbsent();
  void badStoredValue_data();
  void badStoredValue();
  void readOnly();
};

void TestDebtThresholdSettings::roundTrip() {
  auto workspace = openMemory();
  QVERIFY(saveWorkspaceDebtThresholds(*workspace, strict()).isOk());
  QCOMPARE(storedValue(*workspace), debtThresholdsJson(strict()));
  DebtThresholds loaded;
  const Status status = loadWorkspaceDebtThresholds(*workspace, &loaded);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(debtThresholdsJson(loaded), debtThresholdsJson(strict()));
  QCOMPARE(loaded.minCoverage, 92.5);

  // A second save replaces the first; the diagnosis rules beside them are left alone.
  QVERIFY(saveWorkspaceRulesJson(*workspace, R"({"slow_span":{"p99_ms":10}})").isOk());
  DebtThresholds lenient;
  lenient.minCoverage = 40;
  QVERIFY(saveWorkspaceDebtThresholds(*workspace, lenient).isOk());
  QVERIFY(loadWorkspaceDebtThresholds(*workspace, &loaded).isOk());
  QCOMPARE(loaded.minCoverage, 40.0);
  QCOMPARE(loaded.p99BudgetMs, DebtThresholds{}.p99BudgetMs);
  QCOMPARE(loadWorkspaceRulesJson(*workspace), std::string(R"({"slow_span":{"p99_ms":10}})"));
}

void TestDebtThresholdSettings::defaultsWhenAbsent() {
  auto workspace = openMemory();
  DebtThresholds loaded = strict();
  const Status status = loadWorkspaceDebtThresholds(*workspace, &loaded);
  QVERIFY2(status.isOk(), status.message().c_str());
  QCOMPARE(debtThresholdsJson(loaded), debtThresholdsJson(DebtThresholds{}));
  // Keys left out of a stored value keep their defaults, as in a --thresholds file.
  QVERIFY(execSql(workspace->db(),
                  "INSERT INTO workspace_settings(key, value) VALUES "
                  "('debt.thresholds', '{\"max_churn\": 5}')")
              .isOk());
  QVERIFY(loadWorkspaceDebtThresholds(*workspace, &loaded).isOk());
  QCOMPARE(loaded.maxChurn, 5.0);
  QCOMPARE(loaded.minCoverage, DebtThresholds{}.minCoverage);
}

void TestDebtThresholdSettings::badStoredValue_data() {
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("named");
  QTest::newRow("unknown key") << QStringLiteral(R"({"min_covrage": 90})")
                               << QStringLiteral("min_covrage");
  QTest::newRow("not JSON") << QStringLiteral("{min_coverage: 90") << QStringLiteral("not JSON");
  QTest::newRow("negative") << QStringLiteral(R"({"max_churn": -1})")
                            << QStringLiteral("max_churn");
  QTest::newRow("array") << QStringLiteral("[80]") << QStringLiteral("JSON object");
}

void TestDebtThresholdSettings::badStoredValue() {
  QFETCH(QString, value);
  QFETCH(QString, named);
  auto workspace = openMemory();
  StoreStatement insert(workspace->db(),
                        "INSERT INTO workspace_settings(key, value) VALUES ('debt.thresholds', ?)");
  insert.bindText(1, value.toStdString());
  QCOMPARE(insert.execute(), 101);  // SQLITE_DONE
  DebtThresholds loaded = strict();
  const Status status = loadWorkspaceDebtThresholds(*workspace, &loaded);
  QVERIFY(!status.isOk());
  const QString message = QString::fromStdString(status.message());
  QVERIFY2(message.contains(QStringLiteral("\"debt.thresholds\"")), qPrintable(message));
  QVERIFY2(message.contains(named), qPrintable(message));
  // Nothing half-read.
  QCOMPARE(debtThresholdsJson(loaded), debtThresholdsJson(strict()));
}

void TestDebtThresholdSettings::readOnly() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath(QStringLiteral("w.sightline")).toStdString();
  Status status;
  {
    auto workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    QVERIFY2(workspace, status.message().c_str());
    QVERIFY(saveWorkspaceDebtThresholds(*workspace, strict()).isOk());
  }
  auto workspace = Workspace::open(path, Workspace::Mode::ReadOnly, &status);
  QVERIFY2(workspace, status.message().c_str());
  // Read-only still reads them…
  DebtThresholds loaded;
  QVERIFY(loadWorkspaceDebtThresholds(*workspace, &loaded).isOk());
  QCOMPARE(debtThresholdsJson(loaded), debtThresholdsJson(strict()));
  // …but cannot replace them, and says why.
  status = saveWorkspaceDebtThresholds(*workspace, DebtThresholds{});
  QVERIFY(!status.isOk());
  QVERIFY2(QString::fromStdString(status.message()).contains(QStringLiteral("read-only")),
           status.message().c_str());
  QCOMPARE(storedValue(*workspace), debtThresholdsJson(strict()));
}

QTEST_GUILESS_MAIN(TestDebtThresholdSettings)
#include "tst_debt_threshold_settings.moc"
