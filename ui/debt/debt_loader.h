#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QString>

#include "model/debt/debt_sources.h"
#include "model/debt/debt_table.h"
#include "model/debt/debt_thresholds.h"
#include "ui/debt/debt_finding_refs.h"

namespace sightline {

// What the Tech debt page's workers deliver. Each function opens its own connection to the
// workspace at `path` (read-only, except the save functions), runs on the thread pool and
// returns an immutable value; `error` is set when it failed.

// Which thresholds a read uses: those of its options (the page's own, set in this session) or
// the workspace's (debt.thresholds, the defaults when it keeps none), read by the worker.
enum class DebtThresholdsFrom { Options, Workspace };

struct DebtLoad {
  std::shared_ptr<const DebtTable> table;
  std::vector<DebtSourceInfo> sources;
  // The workspace's thresholds the table was read with (DebtThresholdsFrom::Workspace), or
  // why they could not be read (the table then uses the options' thresholds).
  std::optional<DebtThresholds> thresholds;
  QString thresholdsError;
  QString error;
  qint64 elapsedMs = 0;
};
DebtLoad loadDebt(const QString& path, const DebtTableOptions& options, DebtThresholdsFrom from);

struct CostDebtLoad {
  std::shared_ptr<const CostDebtMatrix> matrix;
  QString error;
};
CostDebtLoad loadCostDebt(const QString& path, const DebtTableOptions& options,
                          DebtThresholdsFrom from);

struct HotUntestedLoad {
  std::vector<HotUntestedFunction> functions;
  QString error;
};
HotUntestedLoad loadHotUntestedFunctions(const QString& path, const DebtTableOptions& options,
                                         DebtThresholdsFrom from);

// The evidence behind one unit (a service, directory or file) and the findings it names.
struct DebtEvidenceLoad {
  std::string service;
  std::string unitPath;
  DebtEvidence evidence;
  std::vector<DebtFindingRef> findings;
  QString error;
};
DebtEvidenceLoad loadUnitEvidence(const QString& path, const DebtTableOptions& options,
                                  DebtThresholdsFrom from, const std::string& service,
                                  const std::string& unitPath);

struct DebtCompareLoad {
  std::vector<DebtServiceChange> changes;
  QString error;
};
DebtCompareLoad compareDebtSources(const QString& path, const std::vector<std::int64_t>& baseline,
                                   const std::vector<std::int64_t>& target);

// Replaces the user's code → service rules (a read-write open); empty on success, else why not.
QString saveServicePathRules(const QString& path, const std::vector<ServicePathRule>& userRules);

// Keeps `thresholds` as the workspace's own (a read-write open); empty on success, else why not.
QString storeDebtThresholds(const QString& path, const DebtThresholds& thresholds);

}  // namespace sightline
