#include "ui/debt/debt_loader.h"

#include <QElapsedTimer>

#include "model/debt/debt_threshold_settings.h"
#include "model/store/workspace.h"

namespace sightline {

namespace {

QString text(const Status& status) {
  return QString::fromStdString(status.message());
}

std::unique_ptr<Workspace> open(const QString& path, Workspace::Mode mode, QString* error) {
  Status status;
  auto workspace = Workspace::open(path.toStdString(), mode, &status);
  if (!workspace)
    *error = text(status);
  return workspace;
}

// The options a worker reads with: the workspace's thresholds in place of the page's unless the
// page has its own. A stored value that no longer reads leaves the page's (and says why).
DebtTableOptions readOptions(Workspace& workspace, DebtTableOptions options,
                             DebtThresholdsFrom from, QString* thresholdsError = nullptr) {
  if (from != DebtThresholdsFrom::Workspace)
    return options;
  if (Status status = loadWorkspaceDebtThresholds(workspace, &options.thresholds);
      !status && thresholdsError) {
    *thresholdsError = text(status);
  }
  return options;
}

}  // namespace

DebtLoad loadDebt(const QString& path, const DebtTableOptions& pageOptions,
                  DebtThresholdsFrom from) {
  DebtLoad load;
  QElapsedTimer timer;
  timer.start();
  auto workspace = open(path, Workspace::Mode::ReadOnly, &load.error);
  if (!workspace)
    return load;
  const DebtTableOptions options =
      readOptions(*workspace, pageOptions, from, &load.thresholdsError);
  if (from == DebtThresholdsFrom::Workspace && load.thresholdsError.isEmpty())
    load.thresholds = options.thresholds;
  auto table = std::make_shared<DebtTable>();
  const Status status = loadDebtTable(*workspace, options, table.get());
  if (!status) {
    load.error = text(status);
    return load;
  }
  load.table = std::move(table);
  Status sourcesStatus;
  load.sources = listDebtSources(*workspace, &sourcesStatus);
  if (!sourcesStatus)
    load.error = text(sourcesStatus);
  load.elapsedMs = timer.elapsed();
  return load;
}

CostDebtLoad loadCostDebt(const QString& path, const DebtTableOptions& options,
                          DebtThresholdsFrom from) {
  CostDebtLoad load;
  auto workspace = open(path, Workspace::Mode::ReadOnly, &load.error);
  if (!workspace)
    return load;
  auto matrix = std::make_shared<CostDebtMatrix>();
  const Status status =
      loadCostDebtMatrix(*workspace, readOptions(*workspace, options, from), matrix.get());
  if (!status) {
    load.error = text(status);
    return load;
  }
  load.matrix = std::move(matrix);
  return load;
}

HotUntestedLoad loadHotUntestedFunctions(const QString& path, const DebtTableOptions& options,
                                         DebtThresholdsFrom from) {
  HotUntestedLoad load;
  auto workspace = open(path, Workspace::Mode::ReadOnly, &load.error);
  if (!workspace)
    return load;
  const Status status =
      loadHotUntested(*workspace, readOptions(*workspace, options, from), &load.functions);
  if (!status)
    load.error = text(status);
  return load;
}

DebtEvidenceLoad loadUnitEvidence(const QString& path, const DebtTableOptions& options,
                                  DebtThresholdsFrom from, const std::string& service,
                                  const std::string& unitPath) {
  DebtEvidenceLoad load;
  load.service = service;
  load.unitPath = unitPath;
  auto workspace = open(path, Workspace::Mode::ReadOnly, &load.error);
  if (!workspace)
    return load;
  const Status status = loadDebtEvidence(*workspace, readOptions(*workspace, options, from),
                                         service, unitPath, &load.evidence);
  if (!status) {
    load.error = text(status);
    return load;
  }
  load.findings = findDebtFindings(path, load.evidence.findingIds, &load.error);
  return load;
}

DebtCompareLoad compareDebtSources(const QString& path, const std::vector<std::int64_t>& baseline,
                                   const std::vector<std::int64_t>& target) {
  DebtCompareLoad load;
  auto workspace = open(path, Workspace::Mode::ReadOnly, &load.error);
  if (!workspace)
    return load;
  const Status status = compareDebt(*workspace, baseline, target, &load.changes);
  if (!status)
    load.error = text(status);
  return load;
}

QString saveServicePathRules(const QString& path, const std::vector<ServicePathRule>& userRules) {
  QString error;
  auto workspace = open(path, Workspace::Mode::ReadWrite, &error);
  if (!workspace)
    return error;
  const Status status = saveUserServicePathRules(*workspace, userRules);
  return status ? QString() : text(status);
}

QString storeDebtThresholds(const QString& path, const DebtThresholds& thresholds) {
  QString error;
  auto workspace = open(path, Workspace::Mode::ReadWrite, &error);
  if (!workspace)
    return error;
  const Status status = saveWorkspaceDebtThresholds(*workspace, thresholds);
  return status ? QString() : text(status);
}

}  // namespace sightline
