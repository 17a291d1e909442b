#include "ui/diagnosis/diagnosis_loader.h"

#include <QDateTime>
#include <QElapsedTimer>

#include "model/diagnosis/diagnosis_engine.h"

namespace sightline {

namespace {

DiagnosisSnapshot failed(const QString& message) {
  DiagnosisSnapshot snapshot;
  snapshot.state = DiagnosisSnapshot::State::Failed;
  snapshot.error = message;
  return snapshot;
}

QString text(const Status& status) {
  return QString::fromStdString(status.message());
}

}  // namespace

DiagnosisSnapshot loadStoredFindings(const QString& path) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), Workspace::Mode::ReadOnly, &status);
  if (!workspace)
    return failed(text(status));
  const std::string signature = diagnosisSourcesSignature(*workspace, &status);
  if (!status)
    return failed(text(status));
  DiagnosisSnapshot snapshot;
  snapshot.run = loadDiagnosisRun(*workspace, &status);
  if (!status)
    return failed(text(status));
  snapshot.findings = loadFindings(*workspace, &status);
  if (!status)
    return failed(text(status));
  // The signature counts the imported sources first: "0:…" is a workspace with none.
  const bool nothingImported = signature.empty() || signature.starts_with("0:");
  if (snapshot.run && snapshot.run->sourcesSignature == signature) {
    snapshot.state = DiagnosisSnapshot::State::Stored;
  } else if (nothingImported) {
    snapshot.state = DiagnosisSnapshot::State::Nothing;
    snapshot.findings.clear();
  } else {
    snapshot.state = DiagnosisSnapshot::State::Stale;
  }
  return snapshot;
}

DiagnosisSnapshot computeFindings(const QString& path, bool store,
                                  const std::shared_ptr<std::atomic<bool>>& cancel) {
  Status status;
  const auto mode = store ? Workspace::Mode::ReadWrite : Workspace::Mode::ReadOnly;
  auto workspace = Workspace::open(path.toStdString(), mode, &status);
  if (!workspace)
    return failed(text(status));
  QElapsedTimer timer;
  timer.start();
  Status rulesStatus;
  const DiagnosisRules rules = effectiveDiagnosisRules(*workspace, {}, &rulesStatus);
  if (!rulesStatus)
    return failed(text(rulesStatus));
  DiagnosisSnapshot snapshot;
  snapshot.state = DiagnosisSnapshot::State::Computed;
  if (store) {
    status = refreshStoredFindings(*workspace, rules, &snapshot.findings);
    if (!status)
      return failed(text(status));
    snapshot.stored = true;
    snapshot.run = loadDiagnosisRun(*workspace, &status);
  } else {
    snapshot.findings = runDiagnosis(*workspace, rules, &status, nullptr, cancel.get());
    if (!status)
      return failed(text(status));
    DiagnosisRunInfo run;
    run.sourcesSignature = diagnosisSourcesSignature(*workspace);
    run.rulesJson = rules.toJson();
    run.computedAtUnixMs = QDateTime::currentMSecsSinceEpoch();
    run.elapsedMs = timer.elapsed();
    snapshot.run = run;
  }
  if (cancel && cancel->load())
    return failed(QStringLiteral("cancelled"));
  return snapshot;
}

}  // namespace sightline
