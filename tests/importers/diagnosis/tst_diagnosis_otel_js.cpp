// The trace rules on cases built with the OpenTelemetry JS SDK (tests/data/otel-js-diagnosis,
// expected.json): each positive case fires its rule on exactly the spans the generator
// recorded, and each near miss (4 identical queries, calls 6 ms apart, calls to different
// routes, overlapping calls, a 450 ms query, a 404 and gRPC OK) stays silent.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <set>

#include "importers/core/file_importer.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/store/workspace.h"

using namespace sightline;

namespace {

const QString kDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/otel-js-diagnosis/");

std::set<std::string> idSet(const QJsonArray& array) {
  std::set<std::string> out;
  for (const QJsonValue& value : array)
    out.insert(value.toString().toStdString());
  return out;
}

}  // namespace

class TestDiagnosisOtelJs : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cases_data();
  void cases();

 private:
  // The spans of `trace` in the findings of `rule`.
  std::set<std::string> flagged(const std::string& rule, const std::string& trace) const {
    std::set<std::string> spans;
    for (const Finding& finding : m_findings) {
      if (finding.rule != rule)
        continue;
      for (const FindingEvidence* row : finding.spanEvidence()) {
        if (row->traceId.toHex() == trace)
          spans.insert(row->spanId.toHex());
      }
    }
    return spans;
  }

  std::unique_ptr<Workspace> m_workspace;
  QJsonArray m_cases;
  std::vector<Finding> m_findings;
};

void TestDiagnosisOtelJs::initTestCase() {
  QFile file(kDir + QStringLiteral("expected.json"));
  QVERIFY(file.open(QIODevice::ReadOnly));
  m_cases =
      QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
  QCOMPARE(m_cases.size(), 13);
  Status status;
  m_workspace = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY(m_workspace);
  const FileImportResult result =
      importFile(*m_workspace, QString(kDir + QStringLiteral("traces.otlp.pb")).toStdString());
  QVERIFY2(result.outcome == FileImportResult::Outcome::Imported, result.error.c_str());
  m_findings = runDiagnosis(*m_workspace, DiagnosisRules::defaults(), &status);
  QVERIFY2(status.isOk(), status.message().c_str());
}

void TestDiagnosisOtelJs::cases_data() {
  QTest::addColumn<QJsonObject>("expected");
  QFile file(kDir + QStringLiteral("expected.json"));
  if (!file.open(QIODevice::ReadOnly))
    return;
  for (const QJsonValue& value :
       QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray()) {
    const QJsonObject c = value.toObject();
    QTest::newRow(qPrintable(c.value(QStringLiteral("case")).toString())) << c;
  }
}

void TestDiagnosisOtelJs::cases() {
  QFETCH(QJsonObject, expected);
  const std::string rule = expected.value(QStringLiteral("rule")).toString().toStdString();
  const std::string trace = expected.value(QStringLiteral("trace_id")).toString().toStdString();
  const std::set<std::string> spans = flagged(rule, trace);
  if (expected.value(QStringLiteral("kind")).toString() == QLatin1String("near-miss")) {
    QVERIFY2(spans.empty(), (rule + " fired on a near miss").c_str());
    return;
  }
  const std::set<std::string> offending =
      idSet(expected.value(QStringLiteral("offending_span_ids")).toArray());
  if (rule == "error-spans") {
    // Only the span where the error starts is reported; the client that passed a 503 on is
    // counted with it.
    QCOMPARE(spans.size(), std::size_t{1});
    QVERIFY(offending.count(*spans.begin()));
    return;
  }
  QCOMPARE(spans, offending);
}

QTEST_GUILESS_MAIN(TestDiagnosisOtelJs)
#include "tst_diagnosis_otel_js.moc"
