#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "model/debt/debt_writer.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

SourceDescription source(const std::string& name) {
  return SourceDescription{"/in/" + name, "sarif", std::string(64, name.empty() ? '0' : name[0]),
                           100};
}

DebtBatch sampleBatch() {
  DebtBatch batch;
  batch.measures.push_back({DebtUnitKind::File, "svc/a.go", {}, 0, "statements", 12});
  batch.measures.push_back({DebtUnitKind::Function, "svc/a.go", "Handle", 40, "coverage", 62.5});
  batch.measures.push_back({DebtUnitKind::Project, "shop", {}, 0, "my_custom_metric", 7});
  DebtIssueRecord issue;
  issue.tool = "Staticcheck";
  issue.ruleId = "SA4006";
  issue.level = "warning";
  issue.securitySeverity = 7.5;
  issue.tags = {"security", "cwe-89"};
  issue.path = "svc/a.go";
  issue.line = 17;
  issue.message = "value never used";
  batch.issues.push_back(issue);
  issue.securitySeverity = std::numeric_limits<double>::quiet_NaN();  // no score
  issue.tags.clear();
  issue.line = 0;
  batch.issues.push_back(issue);
  batch.changes.push_back({"0123456789abcdef0123456789abcdef01234567", "A <a@b>",
                           1701680400000000000, "svc/a.go", 3, 1});
  batch.changes.push_back({"0123456789abcdef0123456789abcdef01234567", "A <a@b>",
                           1701680400000000000, "logo.png", std::nullopt, std::nullopt});
  batch.owners.push_back({"*", {"@org/platform"}, 1});
  batch.owners.push_back({"/vendor/", {}, 3});
  return batch;
}

}  // namespace

class TestDebtWriter : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;

  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_workspace->db(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
      qFatal("bad query %s", sql.c_str());
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        if (i > 0)
          row += '|';
        const auto* text = sqlite3_column_text(statement, i);
        row += text ? reinterpret_cast<const char*>(text) : "NULL";
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    return out;
  }
  std::string count(const std::string& table) {
    return rows("SELECT COUNT(*) FROM " + table).front();
  }

 private slots:
  void init() {
    Status status;
    m_workspace = Workspace::open(
        m_dir.filePath(QStringLiteral("w%1.sightline").arg(QRandomGenerator::global()->generate()))
            .toStdString(),
        Workspace::Mode::ReadWrite, &status);
    QVERIFY2(m_workspace, status.message().c_str());
  }
  void cleanup() { m_workspace.reset(); }

  void storesRecords() {
    DebtWriter writer(*m_workspace, source("a"));
    QVERIFY(writer.consume(sampleBatch()).isOk());
    QVERIFY(writer.consume(sampleBatch()).isOk());  // a second batch of the same source
    QVERIFY(writer.finish().isOk());
    const DebtWriteStats& stats = writer.stats();
    QCOMPARE(stats.measures, std::uint64_t(6));
    QCOMPARE(stats.issues, std::uint64_t(4));
    QCOMPARE(stats.changes, std::uint64_t(4));
    QCOMPARE(stats.owners, std::uint64_t(4));
    QVERIFY(stats.sourceId > 0);
    QCOMPARE(rows("SELECT path, kind, sha256, bytes FROM sources"),
             std::vector<std::string>{"/in/a|sarif|" + std::string(64, 'a') + "|100"});
    QCOMPARE(rows("SELECT kind, path, symbol, line, metric, value FROM debt_measures LIMIT 3"),
             (std::vector<std::string>{"file|svc/a.go|NULL|NULL|statements|12.0",
                                       "function|svc/a.go|Handle|40|coverage|62.5",
                                       "project|shop|NULL|NULL|my_custom_metric|7.0"}));
    QCOMPARE(rows("SELECT tool, rule_id, level, security_severity, tags, path, line, message "
                  "FROM debt_issues ORDER BY id LIMIT 2"),
             (std::vector<std::string>{
                 "Staticcheck|SA4006|warning|7.5|[\"security\",\"cwe-89\"]|svc/a.go|17|value never "
                 "used",
                 "Staticcheck|SA4006|warning|NULL|[]|svc/a.go|NULL|value never used"}));
    QCOMPARE(
        rows("SELECT commit_id, author, time_ns, path, added, deleted FROM debt_changes "
             "LIMIT 2"),
        (std::vector<std::string>{
            "0123456789abcdef0123456789abcdef01234567|A <a@b>|1701680400000000000|svc/a.go|3|1",
            "0123456789abcdef0123456789abcdef01234567|A <a@b>|1701680400000000000|logo.png|"
            "NULL|NULL"}));
    QCOMPARE(rows("SELECT seq, pattern, owners, line FROM code_owners ORDER BY seq"),
             (std::vector<std::string>{"0|*|[\"@org/platform\"]|1", "1|/vendor/|[]|3",
                                       "2|*|[\"@org/platform\"]|1", "3|/vendor/|[]|3"}));
    for (const char* table : {"debt_measures", "debt_issues", "debt_changes", "code_owners"}) {
      QCOMPARE(rows(std::string("SELECT DISTINCT source_id FROM ") + table),
               std::vector<std::string>{std::to_string(stats.sourceId)});
    }
  }

  // One refused record fails the whole source: nothing of it stays, earlier sources do.
  void nanMeasureRollsBack_data() {
    QTest::addColumn<double>("value");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity();
    QTest::newRow("minus infinity") << -std::numeric_limits<double>::infinity();
  }
  void nanMeasureRollsBack() {
    QFETCH(double, value);
    {
      DebtWriter earlier(*m_workspace, source("e"));
      QVERIFY(earlier.consume(sampleBatch()).isOk());
      QVERIFY(earlier.finish().isOk());
    }
    DebtWriter writer(*m_workspace, source("n"));
    QVERIFY(writer.consume(sampleBatch()).isOk());  // a first batch is already written
    DebtBatch bad;
    bad.measures.push_back({DebtUnitKind::File, "svc/b.go", {}, 0, "coverage", value});
    const Status refused = writer.consume(std::move(bad));
    QVERIFY(!refused.isOk());
    QVERIFY2(
        refused.message().find("coverage of svc/b.go is not a finite number") != std::string::npos,
        refused.message().c_str());
    // Later batches and finish() fail too.
    QVERIFY(!writer.consume(sampleBatch()).isOk());
    QVERIFY(!writer.finish().isOk());
    QCOMPARE(count("sources"), std::string("1"));
    QCOMPARE(rows("SELECT path FROM sources"), std::vector<std::string>{"/in/e"});
    QCOMPARE(count("debt_measures"), std::string("3"));
    QCOMPARE(count("debt_issues"), std::string("2"));
    QCOMPARE(count("debt_changes"), std::string("2"));
    QCOMPARE(count("code_owners"), std::string("2"));
  }

  void abortAndDestructionRollBack() {
    {
      DebtWriter writer(*m_workspace, source("x"));
      QVERIFY(writer.consume(sampleBatch()).isOk());
      writer.abort();
    }
    {
      DebtWriter writer(*m_workspace, source("y"));
      QVERIFY(writer.consume(sampleBatch()).isOk());
    }  // no finish(): rolled back
    QCOMPARE(count("sources"), std::string("0"));
    QCOMPARE(count("debt_measures"), std::string("0"));
    QCOMPARE(count("debt_issues"), std::string("0"));
    QCOMPARE(count("debt_changes"), std::string("0"));
    QCOMPARE(count("code_owners"), std::string("0"));
  }

  void emptySource() {
    DebtWriter writer(*m_workspace, source("z"));
    QVERIFY(writer.consume(DebtBatch{}).isOk());
    QVERIFY(writer.finish().isOk());
    QCOMPARE(count("sources"), std::string("1"));
    QCOMPARE(writer.stats().measures, std::uint64_t(0));
  }
};

QTEST_GUILESS_MAIN(TestDebtWriter)
#include "tst_debt_writer.moc"
