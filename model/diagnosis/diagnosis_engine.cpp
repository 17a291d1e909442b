#include "model/diagnosis/diagnosis_engine.h"

#include <QDateTime>
#include <QFile>

#include <chrono>

#include "model/diagnosis/findings_store.h"
#include "model/diagnosis/metric_rules.h"
#include "model/diagnosis/profile_rules.h"
#include "model/diagnosis/span_table.h"
#include "model/diagnosis/trace_findings.h"

namespace sightline {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

std::vector<Finding> runDiagnosis(Workspace& workspace, const DiagnosisRules& rules, Status* status,
                                  DiagnosisTimings* timings, const std::atomic<bool>* cancel,
                                  const DiagnosisScope& scope,
                                  std::vector<EndpointCriticalPath>* criticalPaths) {
  DiagnosisTimings local;
  DiagnosisTimings& time = timings ? *timings : local;
  auto cancelled = [cancel] { return cancel && cancel->load(); };
  Status ok = Status::ok();
  std::vector<Finding> findings;

  auto start = Clock::now();
  const DiagnosisSpanTable table = loadDiagnosisSpans(workspace, &ok, scope);
  time.loadSpansMs = msSince(start);
  if (!ok) {
    if (status)
      *status = ok;
    return {};
  }
  if (cancelled())
    return {};

  start = Clock::now();
  findings = runTraceRules(table, rules, criticalPaths);
  time.traceRulesMs = msSince(start);
  if (cancelled())
    return {};

  start = Clock::now();
  std::vector<Finding> profileFindings = runProfileRules(workspace, table, rules, &ok, scope);
  time.profileRulesMs = msSince(start);
  if (!ok) {
    if (status)
      *status = ok;
    return {};
  }
  std::move(profileFindings.begin(), profileFindings.end(), std::back_inserter(findings));
  if (cancelled())
    return {};

  start = Clock::now();
  std::vector<Finding> metricFindings = runMetricRules(workspace, rules, &ok, scope);
  time.metricRulesMs = msSince(start);
  if (!ok) {
    if (status)
      *status = ok;
    return {};
  }
  std::move(metricFindings.begin(), metricFindings.end(), std::back_inserter(findings));
  linkMetricEvidence(findings, metricFindings);

  sortFindings(findings);
  if (status)
    *status = Status::ok();
  return findings;
}

DiagnosisRules effectiveDiagnosisRules(Workspace& workspace, const std::string& rulesFile,
                                       Status* status) {
  Status local;
  Status& result = status ? *status : local;
  if (!rulesFile.empty()) {
    QFile file(QString::fromStdString(rulesFile));
    if (!file.open(QIODevice::ReadOnly)) {
      result = Status::error("cannot read the rules file '" + rulesFile +
                             "': " + file.errorString().toStdString());
      return DiagnosisRules::defaults();
    }
    const QByteArray bytes = file.readAll();
    DiagnosisRules rules =
        DiagnosisRules::fromJson(std::string_view(bytes.constData(), bytes.size()), &result);
    if (!result)
      result = Status::error(rulesFile + ": " + result.message());
    return rules;
  }
  const std::string stored = loadWorkspaceRulesJson(workspace, &result);
  if (!result || stored.empty())
    return DiagnosisRules::defaults();
  DiagnosisRules rules = DiagnosisRules::fromJson(stored, &result);
  if (!result)
    result = Status::error("the workspace's own rules: " + result.message());
  return rules;
}

Status refreshStoredFindings(Workspace& workspace, const DiagnosisRules& rules,
                             std::vector<Finding>* findings) {
  const auto start = Clock::now();
  Status status;
  DiagnosisRunInfo run;
  run.sourcesSignature = diagnosisSourcesSignature(workspace, &status);
  if (!status)
    return status;
  std::vector<Finding> computed =
      runDiagnosis(workspace, rules, &status, nullptr, nullptr, {}, &run.criticalPaths);
  if (!status)
    return status;
  run.rulesJson = rules.toJson();
  run.computedAtUnixMs = QDateTime::currentMSecsSinceEpoch();
  run.elapsedMs = static_cast<std::int64_t>(msSince(start));
  status = saveFindings(workspace, computed, run);
  if (findings)
    *findings = std::move(computed);
  return status;
}

}  // namespace sightline
