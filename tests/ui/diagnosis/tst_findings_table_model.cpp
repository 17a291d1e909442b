#include <QAbstractItemModelTester>
#include <QtTest>

#include "model/text/duration_text.h"
#include "model/text/timestamp_text.h"
#include "ui/diagnosis/evidence_jump.h"
#include "ui/diagnosis/finding_text.h"
#include "ui/diagnosis/findings_table_model.h"

using namespace sightline;

namespace {

constexpr std::uint64_t kT0 = 1'763'647'200'000'000'000ull;  // 2025-11-20 14:00:00 UTC
constexpr std::uint64_t kMs = 1'000'000ull;

TraceId traceId(int n) {
  TraceId id;
  id.bytes[15] = static_cast<std::uint8_t>(n);
  return id;
}

SpanId spanId(int n) {
  SpanId id;
  id.bytes[7] = static_cast<std::uint8_t>(n);
  return id;
}

FindingEvidence spanRow(int trace, int span, const char* role) {
  FindingEvidence e;
  e.kind = FindingEvidence::Kind::Span;
  e.role = role;
  e.traceId = traceId(trace);
  e.spanId = spanId(span);
  e.startUnixNano = kT0 + static_cast<std::uint64_t>(span) * 10 * kMs;
  e.endUnixNano = e.startUnixNano + 12 * kMs;
  return e;
}

Finding finding(const char* rule, Severity severity, const char* service, const char* title,
                std::uint64_t impactNs) {
  Finding f;
  f.rule = rule;
  f.severity = severity;
  f.service = service;
  f.title = title;
  f.impactNs = impactNs;
  f.count = 3;
  f.firstSeenUnixNano = kT0;
  f.lastSeenUnixNano = kT0 + 90'000 * kMs;
  return f;
}

// As the engine stores them: severity, then impact.
std::vector<Finding> sampleFindings() {
  Finding nPlusOne = finding("n-plus-one-db", Severity::High, "inventory",
                             "inventory GET /inventory: N+1 queries", 7'650 * kMs);
  nPlusOne.operation = "GET /inventory";
  nPlusOne.impactPerRequestNs = 91 * kMs;
  nPlusOne.traceIds = {traceId(2), traceId(1)};
  nPlusOne.evidence = {spanRow(1, 1, "repeated call"), spanRow(1, 2, "repeated call"),
                       spanRow(2, 3, "repeated call"), spanRow(1, 4, "repeated call"),
                       spanRow(2, 5, "repeated call")};
  Finding errors = finding("error-spans", Severity::Critical, "inventory",
                           "inventory pg pool acquire: 116 errors", 29'100 * kMs);
  errors.evidence = {spanRow(7, 1, "failed span")};
  Finding hotspot = finding("cpu-hotspot", Severity::High, "payment",
                            "main.computeFraudScore: 83 % of the CPU time", 19'500 * kMs);
  hotspot.function = "main.computeFraudScore";
  hotspot.profileId = 4;
  FindingEvidence function;
  function.kind = FindingEvidence::Kind::ProfileFunction;
  function.role = "hot function";
  function.profileId = 4;
  function.function = "main.computeFraudScore";
  hotspot.evidence = {function};
  Finding burn =
      finding("slo-burn", Severity::Medium, "frontend", "frontend: error budget burning", 0);
  burn.series = {"http_requests_total{code=\"500\"}"};
  FindingEvidence series;
  series.kind = FindingEvidence::Kind::MetricSeries;
  series.role = "error requests";
  series.series = "http_requests_total{code=\"500\",service=\"frontend\"}";
  burn.evidence = {series};
  std::vector<Finding> findings = {errors, nPlusOne, hotspot, burn};
  sortFindings(findings);
  return findings;
}

QStringList strings(std::initializer_list<const char*> texts) {
  QStringList list;
  for (const char* text : texts)
    list << QString::fromUtf8(text);
  return list;
}

QStringList titles(const QAbstractItemModel& model) {
  QStringList list;
  for (int row = 0; row < model.rowCount(); ++row)
    list << model.index(row, FindingsTableModel::TitleColumn).data().toString();
  return list;
}

}  // namespace

class TstFindingsTableModel : public QObject {
  Q_OBJECT

 private slots:
  void modelShowsFindingsInStoredOrder();
  void filterBySeverityServiceAndRule();
  void sortingByImpactAndBackToTheStoredOrder();
  void comboEntries();
  void spanEvidenceHighlightsTheFindingsSpansOfItsTrace();
  void openingAFindingPrefersTheExemplarWithSpans();
  void functionAndSeriesJumps();
  void seriesChartRange_data();
  void seriesChartRange();
  void evidenceText();
};

void TstFindingsTableModel::modelShowsFindingsInStoredOrder() {
  FindingsTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setFindings(sampleFindings());
  QCOMPARE(model.rowCount(), 4);
  QCOMPARE(model.columnCount(), int(FindingsTableModel::ColumnCount));
  QCOMPARE(titles(model),
           strings({"inventory pg pool acquire: 116 errors",
                    "main.computeFraudScore: 83 % of the CPU time",
                    "inventory GET /inventory: N+1 queries", "frontend: error budget burning"}));
  const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
    return model.index(row, column).data(role);
  };
  QCOMPARE(cell(0, FindingsTableModel::SeverityColumn).toString(), QStringLiteral("Critical"));
  QCOMPARE(cell(0, FindingsTableModel::SeverityColumn, FindingsTableModel::SeverityRole).toInt(),
           int(Severity::Critical));
  QCOMPARE(cell(3, FindingsTableModel::SeverityColumn).toString(), QStringLiteral("Medium"));
  // Durations as model/text writes them everywhere else.
  QCOMPARE(cell(2, FindingsTableModel::ImpactColumn).toString(), formatDuration(7'650 * kMs));
  QCOMPARE(cell(2, FindingsTableModel::ImpactColumn).toString(), QStringLiteral("7.65 s"));
  QCOMPARE(cell(2, FindingsTableModel::PerRequestColumn).toString(), QStringLiteral("91 ms"));
  QCOMPARE(cell(3, FindingsTableModel::ImpactColumn).toString(), QString());  // no estimate
  QCOMPARE(cell(2, FindingsTableModel::SubjectColumn).toString(),
           QStringLiteral("inventory · GET /inventory"));
  QCOMPARE(cell(1, FindingsTableModel::SubjectColumn).toString(),
           QStringLiteral("payment · main.computeFraudScore"));
  QCOMPARE(cell(2, FindingsTableModel::RuleColumn).toString(), QStringLiteral("n-plus-one-db"));
  QCOMPARE(cell(2, FindingsTableModel::CountColumn).toString(), QStringLiteral("3"));
  QCOMPARE(cell(2, FindingsTableModel::FirstSeenColumn).toString(), formatLocalTimestamp(kT0));
  // The same day: last seen without the date.
  const QString last = formatLocalTimestamp(kT0 + 90'000 * kMs);
  QCOMPARE(cell(2, FindingsTableModel::LastSeenColumn).toString(), last.mid(11));
  QVERIFY(cell(0, FindingsTableModel::TitleColumn, Qt::ToolTipRole)
              .toString()
              .startsWith(QStringLiteral("inventory pg pool acquire")));
  QCOMPARE(model.findingAt(4), nullptr);
  QCOMPARE(model.findingAt(1)->rule, std::string("cpu-hotspot"));

  model.setFindings({});
  QCOMPARE(model.rowCount(), 0);
}

void TstFindingsTableModel::filterBySeverityServiceAndRule() {
  FindingsTableModel model;
  FindingsFilterModel proxy;
  proxy.setSourceModel(&model);
  QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setFindings(sampleFindings());
  QCOMPARE(proxy.rowCount(), 4);

  FindingsFilter filter;
  filter.minSeverity = Severity::High;
  proxy.setFilter(filter);
  QCOMPARE(titles(proxy), strings({"inventory pg pool acquire: 116 errors",
                                   "main.computeFraudScore: 83 % of the CPU time",
                                   "inventory GET /inventory: N+1 queries"}));
  filter.minSeverity = Severity::Critical;
  proxy.setFilter(filter);
  QCOMPARE(titles(proxy), strings({"inventory pg pool acquire: 116 errors"}));

  filter = {};
  filter.service = QStringLiteral("inventory");
  proxy.setFilter(filter);
  QCOMPARE(titles(proxy), strings({"inventory pg pool acquire: 116 errors",
                                   "inventory GET /inventory: N+1 queries"}));
  filter.rule = QStringLiteral("n-plus-one-db");
  proxy.setFilter(filter);
  QCOMPARE(titles(proxy), strings({"inventory GET /inventory: N+1 queries"}));
  filter.minSeverity = Severity::Critical;  // all three together: nothing left
  proxy.setFilter(filter);
  QCOMPARE(proxy.rowCount(), 0);

  QVERIFY(FindingsFilter{}.isEmpty());
  QVERIFY(!filter.isEmpty());
  proxy.setFilter({});
  QCOMPARE(proxy.rowCount(), 4);
}

void TstFindingsTableModel::sortingByImpactAndBackToTheStoredOrder() {
  FindingsTableModel model;
  FindingsFilterModel proxy;
  proxy.setSourceModel(&model);
  model.setFindings(sampleFindings());
  proxy.sort(FindingsTableModel::ImpactColumn, Qt::DescendingOrder);
  QCOMPARE(titles(proxy).first(), QStringLiteral("inventory pg pool acquire: 116 errors"));
  QCOMPARE(titles(proxy).at(1), QStringLiteral("main.computeFraudScore: 83 % of the CPU time"));
  QCOMPARE(titles(proxy).last(), QStringLiteral("frontend: error budget burning"));
  // By severity, ties keep the stored (impact) order.
  proxy.sort(FindingsTableModel::SeverityColumn, Qt::DescendingOrder);
  QCOMPARE(titles(proxy), titles(model));
  proxy.sort(-1);
  QCOMPARE(titles(proxy), titles(model));
}

void TstFindingsTableModel::comboEntries() {
  const std::vector<Finding> findings = sampleFindings();
  QCOMPARE(findingServices(findings), strings({"frontend", "inventory", "payment"}));
  QCOMPARE(findingRules(findings),
           strings({"cpu-hotspot", "error-spans", "n-plus-one-db", "slo-burn"}));
  QCOMPARE(findingServices({}), QStringList());
}

void TstFindingsTableModel::spanEvidenceHighlightsTheFindingsSpansOfItsTrace() {
  const std::vector<Finding> findings = sampleFindings();
  const Finding& nPlusOne = findings[2];
  QCOMPARE(nPlusOne.rule, std::string("n-plus-one-db"));
  // Row 0 is in trace 1: spans 1, 2 and 4 of the evidence are in it, 3 and 5 are not.
  EvidenceJump jump = jumpForEvidence(nPlusOne, 0);
  QCOMPARE(jump.kind, EvidenceJump::Kind::Trace);
  QCOMPARE(jump.traceId, traceId(1));
  QCOMPARE(jump.spans, std::vector<SpanId>({spanId(1), spanId(2), spanId(4)}));
  // Row 2 is in trace 2.
  jump = jumpForEvidence(nPlusOne, 2);
  QCOMPARE(jump.traceId, traceId(2));
  QCOMPARE(jump.spans, std::vector<SpanId>({spanId(3), spanId(5)}));
  QCOMPARE(jumpForEvidence(nPlusOne, 99).kind, EvidenceJump::Kind::None);
}

void TstFindingsTableModel::openingAFindingPrefersTheExemplarWithSpans() {
  const std::vector<Finding> findings = sampleFindings();
  // Trace 2 is the first exemplar: it wins over trace 1 of the first evidence row.
  EvidenceJump jump = jumpForFinding(findings[2]);
  QCOMPARE(jump.kind, EvidenceJump::Kind::Trace);
  QCOMPARE(jump.traceId, traceId(2));
  QCOMPARE(jump.spans.size(), std::size_t(2));
  // No exemplars: the first span row's trace.
  jump = jumpForFinding(findings[0]);
  QCOMPARE(jump.traceId, traceId(7));
  QCOMPARE(jump.spans, std::vector<SpanId>({spanId(1)}));
  // An exemplar without span rows: the trace alone.
  Finding slow = findings[3];
  slow.evidence.clear();
  slow.traceIds = {traceId(9)};
  jump = jumpForFinding(slow);
  QCOMPARE(jump.kind, EvidenceJump::Kind::Trace);
  QCOMPARE(jump.traceId, traceId(9));
  QVERIFY(jump.spans.empty());
  QCOMPARE(jumpForFinding(Finding{}).kind, EvidenceJump::Kind::None);
}

void TstFindingsTableModel::functionAndSeriesJumps() {
  const std::vector<Finding> findings = sampleFindings();
  EvidenceJump jump = jumpForFinding(findings[1]);
  QCOMPARE(jump.kind, EvidenceJump::Kind::Function);
  QCOMPARE(jump.profileId, std::int64_t(4));
  QCOMPARE(jump.function, std::string("main.computeFraudScore"));
  QVERIFY(jump.span.isZero());

  // A series row without its own range takes the finding's first/last seen.
  jump = jumpForFinding(findings[3]);
  QCOMPARE(jump.kind, EvidenceJump::Kind::Series);
  QCOMPARE(jump.series, std::string("http_requests_total{code=\"500\",service=\"frontend\"}"));
  QCOMPARE(jump.startUnixNano, kT0);
  QCOMPARE(jump.endUnixNano, kT0 + 90'000 * kMs);
  Finding withRange = findings[3];
  withRange.evidence[0].startUnixNano = kT0 + 10 * kMs;
  withRange.evidence[0].endUnixNano = kT0 + 20 * kMs;
  jump = jumpForEvidence(withRange, 0);
  QCOMPARE(jump.startUnixNano, kT0 + 10 * kMs);
  QCOMPARE(jump.endUnixNano, kT0 + 20 * kMs);
}

void TstFindingsTableModel::seriesChartRange_data() {
  QTest::addColumn<qint64>("startMs");
  QTest::addColumn<qint64>("endMs");
  QTest::addColumn<qint64>("fromMs");
  QTest::addColumn<qint64>("toMs");
  // Ten minutes: a fifth (two minutes) on each side.
  QTest::newRow("ten minutes") << 600'000LL << 1'200'000LL << 480'000LL << 1'320'000LL;
  // A burst of ten seconds: widened to the minimum minute, centred.
  QTest::newRow("short burst") << 600'000LL << 610'000LL << 575'000LL << 635'000LL;
  // One instant.
  QTest::newRow("instant") << 600'000LL << 600'000LL << 570'000LL << 630'000LL;
}

void TstFindingsTableModel::seriesChartRange() {
  QFETCH(qint64, startMs);
  QFETCH(qint64, endMs);
  QFETCH(qint64, fromMs);
  QFETCH(qint64, toMs);
  const TimeRangeMs range = sightline::seriesChartRange(static_cast<std::uint64_t>(startMs) * kMs,
                                                        static_cast<std::uint64_t>(endMs) * kMs);
  QCOMPARE(range.fromMs, fromMs);
  QCOMPARE(range.toMs, toMs);
}

void TstFindingsTableModel::evidenceText() {
  const std::vector<Finding> findings = sampleFindings();
  const FindingEvidence& span = findings[0].evidence[0];
  QCOMPARE(evidenceKindLabel(span.kind), QStringLiteral("Span"));
  QCOMPARE(evidenceTarget(span), QStringLiteral("trace 00000000… · span 0000000000000001"));
  QCOMPARE(evidenceTime(span),
           formatLocalTimestamp(span.startUnixNano).mid(11) + QStringLiteral(", 12 ms"));
  const FindingEvidence& function = findings[1].evidence[0];
  QCOMPARE(evidenceTarget(function), QStringLiteral("main.computeFraudScore in profile #4"));
  QCOMPARE(evidenceTime(function), QString());  // no time: nothing to show
  QCOMPARE(severityLabel(Severity::High), QStringLiteral("High"));
  QVERIFY(severityColor(Severity::Critical) != severityColor(Severity::High));
  // Amber needs dark text; the others white.
  QVERIFY(severityTextColor(Severity::Medium).lightness() < 100);
  QVERIFY(severityTextColor(Severity::Critical).lightness() > 200);
}

QTEST_MAIN(TstFindingsTableModel)
#include "tst_findings_table_model.moc"
