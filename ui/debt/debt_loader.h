#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <QString>

#include "model/debt/debt_sources.h"
#include "model/debt/debt_table.h"
#include "ui/debt/debt_finding_refs.h"

namespace sightline {

// What the Tech debt page's workers deliver. Each function opens its own connection to the
// workspace at `path` (read-only, except saveServicePathRules), runs on the thread pool and
// returns an immutable value; `error` is set when it failed.

struct DebtLoad {
  std::shared_ptr<const DebtTable> table;
  std::vector<DebtSourceInfo> sources;
  QString error;
  qint64 elapsedMs = 0;
};
DebtLoad loadDebt(const QString& path, const DebtTableOptions& options);

struct CostDebtLoad {
  std::shared_ptr<const CostDebtMatrix> matrix;
  QString error;
};
CostDebtLoad loadCostDebt(const QString& path, const DebtTableOptions& options);

struct HotUntestedLoad {
  std::vector<HotUntestedFunction> functions;
  QString error;
};
HotUntestedLoad loadHotUntestedFunctions(const QString& path, const DebtTableOptions& options);

// The evidence behind one unit (a service, directory or file) and the findings it names.
struct DebtEvidenceLoad {
  std::string service;
  std::string unitPath;
  DebtEvidence evidence;
  std::vector<DebtFindingRef> findings;
  QString error;
};
DebtEvidenceLoad loadUnitEvidence(const QString& path, const DebtTableOptions& options,
                                  const std::string& service, const std::string& unitPath);

struct DebtCompareLoad {
  std::vector<DebtServiceChange> changes;
  QString error;
};
DebtCompareLoad compareDebtSources(const QString& path, const std::vector<std::int64_t>& baseline,
                                   const std::vector<std::int64_t>& target);

// Replaces the user's code → service rules (a read-write open); empty on success, else why not.
QString saveServicePathRules(const QString& path, const std::vector<ServicePathRule>& userRules);

}  // namespace sightline
