#pragma once

// A small workspace for the Diagnosis page's tests: one trace of five spans (a checkout with
// three repeated queries under it), stored findings written by hand with saveFindings, and
// optionally the Go pprof profile whose samples carry the checkout span's id and two metric
// snapshots.

#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include "importers/core/file_importer.h"
#include "model/diagnosis/findings_store.h"
#include "model/store/workspace.h"

namespace sightline::test {

inline const char kTraceHex[] = "4bf92f3577b34da6a3ce929d0e0e4736";
inline const char kCheckoutSpan[] = "00f067aa0ba902b7";  // carries samples in cpu_labels.pb.gz
inline const char kQuerySpans[3][17] = {"2222222222222201", "2222222222222202", "2222222222222203"};

inline const char kTrace[] = R"({"resourceSpans": [{
  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
  "scopeSpans": [{"scope": {"name": "test"}, "spans": [
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7",
     "name": "POST /checkout", "kind": 2,
     "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000001000000000"},
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "1111111111111111",
     "parentSpanId": "00f067aa0ba902b7", "name": "render receipt", "kind": 1,
     "startTimeUnixNano": "1700000000500000000", "endTimeUnixNano": "1700000000900000000"},
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "2222222222222201",
     "parentSpanId": "00f067aa0ba902b7", "name": "SELECT item", "kind": 3,
     "startTimeUnixNano": "1700000000100000000", "endTimeUnixNano": "1700000000200000000"},
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "2222222222222202",
     "parentSpanId": "00f067aa0ba902b7", "name": "SELECT item", "kind": 3,
     "startTimeUnixNano": "1700000000200000000", "endTimeUnixNano": "1700000000300000000"},
    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "2222222222222203",
     "parentSpanId": "00f067aa0ba902b7", "name": "SELECT item", "kind": 3,
     "startTimeUnixNano": "1700000000300000000", "endTimeUnixNano": "1700000000400000000"}
  ]}]}]})";

// Two snapshots of a request counter, a minute apart (2023-11-14 22:13:20 UTC and after).
inline const char kSnapshot1[] =
    "# TYPE http_requests_total counter\n"
    "http_requests_total{code=\"200\",service=\"shop\"} 100 1700000000000\n"
    "http_requests_total{code=\"500\",service=\"shop\"} 2 1700000000000\n";
inline const char kSnapshot2[] =
    "# TYPE http_requests_total counter\n"
    "http_requests_total{code=\"200\",service=\"shop\"} 160 1700000060000\n"
    "http_requests_total{code=\"500\",service=\"shop\"} 40 1700000060000\n";

inline SpanId spanIdOf(const char* hex) {
  return *SpanId::fromHex(hex);
}

inline TraceId fixtureTrace() {
  return *TraceId::fromHex(kTraceHex);
}

// The findings the tests store: a high N+1 in the fixture's trace, a medium CPU hotspot in
// profile `profileId`, a low error-rate finding on the counter.
inline std::vector<Finding> fixtureFindings(std::int64_t profileId = 1) {
  Finding nPlusOne;
  nPlusOne.rule = "n-plus-one-db";
  nPlusOne.severity = Severity::High;
  nPlusOne.title = "shop POST /checkout: N+1 queries, 3 × SELECT item";
  nPlusOne.explanation = "The same statement runs once per item.";
  nPlusOne.service = "shop";
  nPlusOne.operation = "POST /checkout";
  nPlusOne.impactNs = 200'000'000;
  nPlusOne.impactPerRequestNs = 200'000'000;
  nPlusOne.count = 3;
  nPlusOne.firstSeenUnixNano = 1'700'000'000'100'000'000ull;
  nPlusOne.lastSeenUnixNano = 1'700'000'000'400'000'000ull;
  nPlusOne.traceIds = {fixtureTrace()};
  for (const char* hex : kQuerySpans) {
    FindingEvidence row;
    row.kind = FindingEvidence::Kind::Span;
    row.role = "repeated call";
    row.traceId = fixtureTrace();
    row.spanId = spanIdOf(hex);
    row.startUnixNano = nPlusOne.firstSeenUnixNano;
    row.endUnixNano = row.startUnixNano + 100'000'000;
    nPlusOne.evidence.push_back(row);
  }

  Finding hotspot;
  hotspot.rule = "cpu-hotspot";
  hotspot.severity = Severity::Medium;
  hotspot.title = "main.handleCheckout: 40 % of the CPU time";
  hotspot.service = "payment";
  hotspot.function = "main.handleCheckout";
  hotspot.profileId = profileId;
  hotspot.impactNs = 100'000'000;
  hotspot.count = 12;
  FindingEvidence function;
  function.kind = FindingEvidence::Kind::ProfileFunction;
  function.role = "hot function";
  function.profileId = profileId;
  function.function = "main.handleCheckout";
  hotspot.evidence.push_back(function);
  // The same function, with the span whose samples show it.
  function.role = "span running it";
  function.spanId = spanIdOf(kCheckoutSpan);
  hotspot.evidence.push_back(function);

  Finding errors;
  errors.rule = "slo-burn";
  errors.severity = Severity::Low;
  errors.title = "shop: 38 of 98 requests failed";
  errors.service = "shop";
  errors.series = {"http_requests_total{code=\"500\",service=\"shop\"}"};
  FindingEvidence series;
  series.kind = FindingEvidence::Kind::MetricSeries;
  series.role = "error requests";
  series.series = errors.series.front();
  series.startUnixNano = 1'700'000'000'000'000'000ull;
  series.endUnixNano = 1'700'000'060'000'000'000ull;
  errors.evidence.push_back(series);

  std::vector<Finding> findings = {errors, hotspot, nPlusOne};
  sortFindings(findings);
  return findings;
}

inline bool writeFile(const QString& path, const char* text) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(text) == qint64(qstrlen(text));
}

// Creates dir/w.sightline with the trace (and, with `everySignal`, the labelled CPU profile
// and the two snapshots) and stores `findings` as up to date (or, with `stale`, as computed
// from other sources). Returns the workspace's path, empty on failure.
inline QString makeWorkspace(const QTemporaryDir& dir, const std::vector<Finding>& findings,
                             bool everySignal = false, bool stale = false) {
  const QString path = dir.filePath(QStringLiteral("w.sightline"));
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadWrite, &status);
  if (!workspace)
    return {};
  QStringList files = {dir.filePath(QStringLiteral("trace.otlp.json"))};
  if (!writeFile(files.front(), kTrace))
    return {};
  if (everySignal) {
    files << QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/go-pprof/cpu_labels.pb.gz");
    const QString first = dir.filePath(QStringLiteral("s1.prom"));
    const QString second = dir.filePath(QStringLiteral("s2.prom"));
    if (!writeFile(first, kSnapshot1) || !writeFile(second, kSnapshot2))
      return {};
    files << first << second;
  }
  for (const QString& file : files) {
    const FileImportResult result = importFile(*workspace, file.toStdString());
    if (result.outcome != FileImportResult::Outcome::Imported)
      return {};
  }
  DiagnosisRunInfo run;
  run.sourcesSignature = stale ? std::string("0:0:0") : diagnosisSourcesSignature(*workspace);
  run.rulesJson = "{}";
  run.computedAtUnixMs = 1'700'000'100'000;
  run.elapsedMs = 12;
  if (!saveFindings(*workspace, findings, run))
    return {};
  return path;
}

}  // namespace sightline::test
