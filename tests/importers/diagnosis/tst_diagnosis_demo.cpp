// The diagnosis engine on the demo (resources/demo/): every bottleneck planted.json lists is
// found with the evidence the generator recorded, and nothing else is high or critical.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "importers/core/file_importer.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/diagnosis/findings_store.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

const QString kDemoDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/../../resources/demo/");

QJsonObject readJson(const QString& name) {
  QFile file(kDemoDir + name);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject bottleneck(const QJsonObject& planted, const char* id) {
  for (const QJsonValue& value : planted.value(QStringLiteral("bottlenecks")).toArray()) {
    if (value.toObject().value(QStringLiteral("id")).toString() == QLatin1String(id))
      return value.toObject();
  }
  return {};
}

std::set<std::string> strings(const QJsonArray& array, const char* key = nullptr) {
  std::set<std::string> out;
  for (const QJsonValue& value : array) {
    out.insert((key ? value.toObject().value(QLatin1String(key)) : value).toString().toStdString());
  }
  return out;
}

std::set<std::string> spanIds(const Finding& finding) {
  std::set<std::string> out;
  for (const FindingEvidence* row : finding.spanEvidence())
    out.insert(row->spanId.toHex());
  return out;
}

std::set<std::string> traceIds(const Finding& finding) {
  std::set<std::string> out;
  for (const TraceId& id : finding.traceIds)
    out.insert(id.toHex());
  return out;
}

bool includes(const std::set<std::string>& all, const std::set<std::string>& some) {
  return std::includes(all.begin(), all.end(), some.begin(), some.end());
}

}  // namespace

class TestDiagnosisDemo : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void slowOperationIsTheFraudCheck();
  void errorBurstStartsInInventory();
  void deepChainIsTheInvoice();
  void databaseDominatesAccountOrders();
  void nPlusOneQueriesInInventory();
  void parallelizableCallsInCheckoutPreview();
  void cpuHotspotRunsUnderTheFraudCheck();
  void ledgerAppendsWaitOnTheLock();
  void inventoryRestartAndPoolSaturation();
  void nothingElseIsHighOrWorse();
  void storedFindingsReadBackTheSame();

 private:
  const Finding* find(const char* rule, const std::string& service = {},
                      const std::string& operation = {}) const {
    for (const Finding& f : m_findings) {
      if (f.rule == rule && (service.empty() || f.service == service) &&
          (operation.empty() || f.operation == operation))
        return &f;
    }
    return nullptr;
  }

  QTemporaryDir m_dir;
  std::unique_ptr<Workspace> m_workspace;
  QJsonObject m_planted;
  std::vector<Finding> m_findings;
};

void TestDiagnosisDemo::initTestCase() {
  QVERIFY(m_dir.isValid());
  m_planted = readJson(QStringLiteral("planted.json"));
  QVERIFY(!m_planted.isEmpty());
  Status status;
  m_workspace = Workspace::open(m_dir.filePath(QStringLiteral("demo.sightline")).toStdString(),
                                Workspace::Mode::ReadWrite, &status);
  QVERIFY2(m_workspace, status.message().c_str());
  const QJsonObject files = m_planted.value(QStringLiteral("files")).toObject();
  QStringList names{files.value(QStringLiteral("traces")).toString()};
  for (const QString& key : {QStringLiteral("profiles"), QStringLiteral("metrics")}) {
    for (const QJsonValue& name : files.value(key).toArray())
      names << name.toString();
  }
  for (const QString& name : names) {
    const FileImportResult result =
        importFile(*m_workspace, QString(kDemoDir + name).toStdString());
    QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  }
  m_findings = runDiagnosis(*m_workspace, DiagnosisRules::defaults(), &status);
  QVERIFY2(status.isOk(), status.message().c_str());
  if (qEnvironmentVariableIsSet("SIGHTLINE_PRINT_FINDINGS")) {
    for (const Finding& f : m_findings)
      qInfo("%-8s %-22s %s", severityName(f.severity).data(), f.rule.c_str(), f.title.c_str());
  }
}

void TestDiagnosisDemo::slowOperationIsTheFraudCheck() {
  const QJsonObject planted = bottleneck(m_planted, "slow-operation");
  const Finding* f = find("slow-operation", "payment", "fraud check");
  QVERIFY(f);
  QVERIFY(f->severity >= Severity::High);
  QCOMPARE(f->count, planted.value(QStringLiteral("count")).toInteger());
  QVERIFY2(f->title.find("p99 1.78 s") != std::string::npos, f->title.c_str());
  // The exemplars are the slowest spans the generator planted.
  const std::set<std::string> planteds =
      strings(planted.value(QStringLiteral("slow_spans")).toArray(), "span_id");
  const std::set<std::string> found = spanIds(*f);
  QVERIFY(!found.empty());
  QVERIFY(includes(planteds, found));
  // The histogram fed with the same durations is evidence too.
  QVERIFY(std::any_of(f->series.begin(), f->series.end(), [](const std::string& s) {
    return s.rfind("fraud_check_duration_seconds", 0) == 0 &&
           s.find("graph_features=\"true\"") != std::string::npos;
  }));
  // Its callers are slow only because of it.
  for (const Finding& other : m_findings) {
    if (other.rule == "slow-operation" && &other != f &&
        other.title.find("fraud check") != std::string::npos)
      QCOMPARE(other.severity, Severity::Low);
  }
}

void TestDiagnosisDemo::errorBurstStartsInInventory() {
  const QJsonObject planted = bottleneck(m_planted, "error-burst");
  const Finding* f = find("error-spans", "inventory", "pg pool acquire");
  QVERIFY(f);
  QVERIFY(f->severity >= Severity::High);
  QCOMPARE(static_cast<qint64>(f->count), planted.value(QStringLiteral("by_operation"))
                                              .toObject()
                                              .value(QStringLiteral("pg pool acquire"))
                                              .toInteger());
  QVERIFY(includes(strings(planted.value(QStringLiteral("trace_ids")).toArray()), traceIds(*f)));
  QVERIFY(f->firstSeenUnixNano >=
          planted.value(QStringLiteral("first_error_start_unix_nano")).toString().toULongLong());
  QVERIFY(f->lastSeenUnixNano <=
          planted.value(QStringLiteral("last_error_end_unix_nano")).toString().toULongLong());
  // The inventory server spans only passed the pool's errors on: no finding of their own.
  QVERIFY(!find("error-spans", "inventory", "GET /inventory/:sku"));
}

void TestDiagnosisDemo::deepChainIsTheInvoice() {
  const QJsonObject planted = bottleneck(m_planted, "deep-chain");
  const Finding* f = find("deep-chain", "frontend", "GET /api/orders/:id/invoice");
  QVERIFY(f);
  QCOMPARE(static_cast<qint64>(f->count),
           static_cast<qint64>(planted.value(QStringLiteral("trace_ids")).toArray().size()));
  QVERIFY(includes(strings(planted.value(QStringLiteral("trace_ids")).toArray()), traceIds(*f)));
  // The chain of the first exemplar runs from the root down, depth 11.
  QCOMPARE(f->evidence.front().traceId, f->traceIds.front());
  QVERIFY2(f->title.find("call depth 10–11") != std::string::npos ||
               f->title.find("call depth 11") != std::string::npos,
           f->title.c_str());
  QCOMPARE(std::count_if(m_findings.begin(), m_findings.end(),
                         [](const Finding& x) { return x.rule == "deep-chain"; }),
           1);
}

void TestDiagnosisDemo::databaseDominatesAccountOrders() {
  const QJsonObject planted = bottleneck(m_planted, "db-dominant");
  const Finding* f = find("database-dominant", "frontend", "GET /api/account/orders");
  QVERIFY(f);
  QVERIFY(f->severity >= Severity::High);
  QCOMPARE(static_cast<qint64>(f->count),
           static_cast<qint64>(planted.value(QStringLiteral("trace_ids")).toArray().size()));
  QVERIFY(includes(strings(planted.value(QStringLiteral("trace_ids")).toArray()), traceIds(*f)));
  // The slow query itself is named.
  const Finding* query = find("slow-query");
  QVERIFY(query);
  QVERIFY2(query->title.find("FROM orders o JOIN order_items i") != std::string::npos,
           query->title.c_str());
}

void TestDiagnosisDemo::nPlusOneQueriesInInventory() {
  const QJsonObject planted = bottleneck(m_planted, "n-plus-one");
  const Finding* f = find("n-plus-one-db", "inventory", "GET /inventory");
  QVERIFY(f);
  QVERIFY(f->severity >= Severity::High);
  QCOMPARE(static_cast<qint64>(f->count), planted.value(QStringLiteral("runs")).toInteger());
  QVERIFY2(f->title.find(
               planted.value(QStringLiteral("statement_normalised")).toString().toStdString()) !=
               std::string::npos,
           f->title.c_str());
  QVERIFY2(f->title.find("12–18") != std::string::npos, f->title.c_str());
  QVERIFY(includes(strings(planted.value(QStringLiteral("trace_ids")).toArray()), traceIds(*f)));
}

void TestDiagnosisDemo::parallelizableCallsInCheckoutPreview() {
  const QJsonObject planted = bottleneck(m_planted, "parallelisable-calls");
  const Finding* f = find("parallelizable-calls", "frontend", "GET /api/checkout/preview");
  QVERIFY(f);
  QCOMPARE(static_cast<qint64>(f->count),
           static_cast<qint64>(planted.value(QStringLiteral("trace_ids")).toArray().size()));
  QCOMPARE(std::count_if(m_findings.begin(), m_findings.end(),
                         [](const Finding& x) { return x.rule == "parallelizable-calls"; }),
           1);
}

void TestDiagnosisDemo::cpuHotspotRunsUnderTheFraudCheck() {
  const QJsonObject planted = bottleneck(m_planted, "cpu-hotspot");
  const Finding* f = find("cpu-hotspot");
  QVERIFY(f);
  QCOMPARE(f->function, planted.value(QStringLiteral("function")).toString().toStdString());
  QCOMPARE(f->service, std::string("payment"));
  QCOMPARE(f->operation, std::string("fraud check"));
  QVERIFY(f->severity >= Severity::High);
  QVERIFY(
      includes(strings(planted.value(QStringLiteral("spans")).toArray(), "span_id"), spanIds(*f)));
}

void TestDiagnosisDemo::ledgerAppendsWaitOnTheLock() {
  const QJsonObject planted = bottleneck(m_planted, "lock-contention");
  const Finding* f = find("waiting-not-computing", "payment", "ledger append");
  QVERIFY(f);
  QVERIFY(f->severity >= Severity::High);
  QCOMPARE(static_cast<qint64>(f->count),
           static_cast<qint64>(planted.value(QStringLiteral("spans")).toArray().size()));
  QVERIFY(
      includes(strings(planted.value(QStringLiteral("spans")).toArray(), "span_id"), spanIds(*f)));
  const QJsonObject profiles = planted.value(QStringLiteral("profiles")).toObject();
  const std::string holder = profiles.value(QStringLiteral("mutex"))
                                 .toObject()
                                 .value(QStringLiteral("function"))
                                 .toString()
                                 .toStdString();
  const std::string waiter = profiles.value(QStringLiteral("block"))
                                 .toObject()
                                 .value(QStringLiteral("function"))
                                 .toString()
                                 .toStdString();
  auto named = [f](const std::string& function, const char* role) {
    return std::any_of(f->evidence.begin(), f->evidence.end(), [&](const FindingEvidence& e) {
      return e.kind == FindingEvidence::Kind::ProfileFunction && e.function == function &&
             e.role == role;
    });
  };
  QVERIFY2(named(holder, "lock holder"), f->title.c_str());
  QVERIFY2(named(waiter, "blocked here"), f->title.c_str());
  QVERIFY2(named(waiter, "parked goroutine"), f->title.c_str());
}

void TestDiagnosisDemo::inventoryRestartAndPoolSaturation() {
  const Finding* restart = find("process-restart", "inventory");
  QVERIFY(restart);
  QVERIFY2(restart->title.find("14:06:30") != std::string::npos &&
               restart->title.find("14:07:30") != std::string::npos,
           restart->title.c_str());
  const Finding* pool = find("saturation", "inventory");
  QVERIFY(pool);
  QVERIFY2(pool->title.find("100 %") != std::string::npos, pool->title.c_str());
}

void TestDiagnosisDemo::nothingElseIsHighOrWorse() {
  // Each high or critical finding belongs to one planted bottleneck.
  const std::set<std::pair<std::string, std::string>> planted = {
      {"slow-operation", "payment"},     {"error-spans", "inventory"},
      {"slo-burn", "inventory"},         {"deep-chain", "frontend"},
      {"database-dominant", "frontend"}, {"slow-query", "checkout"},
      {"n-plus-one-db", "inventory"},    {"parallelizable-calls", "frontend"},
      {"cpu-hotspot", "payment"},        {"waiting-not-computing", "payment"},
      {"process-restart", "inventory"},  {"saturation", "inventory"},
  };
  for (const Finding& f : m_findings) {
    if (f.severity < Severity::High)
      continue;
    QVERIFY2(planted.count({f.rule, f.service}), (f.rule + ": " + f.title).c_str());
  }
}

void TestDiagnosisDemo::storedFindingsReadBackTheSame() {
  DiagnosisRunInfo run;
  run.sourcesSignature = diagnosisSourcesSignature(*m_workspace);
  QVERIFY(saveFindings(*m_workspace, m_findings, run).isOk());
  Status status;
  const std::vector<Finding> back = loadFindings(*m_workspace, &status);
  QVERIFY(status.isOk());
  QCOMPARE(back.size(), m_findings.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    QCOMPARE(back[i].title, m_findings[i].title);
    QCOMPARE(back[i].severity, m_findings[i].severity);
    QCOMPARE(back[i].evidence.size(), m_findings[i].evidence.size());
    QCOMPARE(back[i].traceIds, m_findings[i].traceIds);
    QCOMPARE(spanIds(back[i]), spanIds(m_findings[i]));
  }
}

QTEST_GUILESS_MAIN(TestDiagnosisDemo)
#include "tst_diagnosis_demo.moc"
