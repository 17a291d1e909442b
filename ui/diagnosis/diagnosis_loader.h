#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <QString>

#include "model/diagnosis/findings_store.h"

namespace sightline {

// What the Diagnosis page's worker delivers: the findings and how they came to be. Built on
// the thread pool by the functions below; immutable once delivered.
struct DiagnosisSnapshot {
  enum class State {
    Stored,    // read from the workspace and up to date with its sources
    Stale,     // read from the workspace but older than its sources (or never computed)
    Nothing,   // nothing imported yet: nothing to diagnose
    Computed,  // just computed (and stored when `stored`)
    Failed,    // `error` says why
  };
  State state = State::Failed;
  std::vector<Finding> findings;
  std::optional<DiagnosisRunInfo> run;
  bool stored = false;
  QString error;
};

// Reads the stored findings of the workspace at `path` and whether they are up to date
// (loadDiagnosisRun()->sourcesSignature == diagnosisSourcesSignature()).
DiagnosisSnapshot loadStoredFindings(const QString& path);

// Runs the diagnosis with the workspace's rules; with `store`, through refreshStoredFindings
// (a read-write open), else read-only and kept in memory. A set `cancel` drops the result.
DiagnosisSnapshot computeFindings(const QString& path, bool store,
                                  const std::shared_ptr<std::atomic<bool>>& cancel);

}  // namespace sightline
