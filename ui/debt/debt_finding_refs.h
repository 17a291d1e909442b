#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <QString>

namespace sightline {

// A finding the debt evidence names (DebtEvidence::findingIds), with what the Diagnosis tab
// needs to find it again: its rule and title.
struct DebtFindingRef {
  std::int64_t id = 0;
  std::string rule;
  std::string severity;  // "low" … "critical"
  std::string title;
  std::string service;
};

// The stored findings of `ids`, in the Diagnosis tab's order (rank); ids no longer stored
// (the diagnosis ran again) are left out. Reads the workspace at `workspacePath` read-only, on
// the caller's thread (a worker's); `error` is set when that fails. (model/diagnosis loads
// findings without their ids, so this reads `findings` through the read-only query API.)
std::vector<DebtFindingRef> findDebtFindings(const QString& workspacePath,
                                             const std::vector<std::int64_t>& ids, QString* error);

}  // namespace sightline
