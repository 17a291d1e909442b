#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/compare_operations.h"
#include "model/diagnosis/compare_paths.h"
#include "model/diagnosis/compare_profiles.h"
#include "model/diagnosis/compare_side.h"

namespace sightline {

class Workspace;

// One side's totals.
struct CompareSideSummary {
  ResolvedCompareSide side;
  std::uint64_t traces = 0;
  std::uint64_t spans = 0;
  std::uint64_t errorSpans = 0;
  std::uint64_t firstStartNs = 0;  // earliest span start, 0 without spans
  std::uint64_t lastEndNs = 0;     // latest span end
};

// A before/after comparison of two sets of traces (`sightline compare`, the Compare page):
// per-operation latency and errors, the shape of the traces, and the profiles of each side.
struct TraceComparison {
  CompareSideSummary baseline;
  CompareSideSummary target;
  std::vector<OperationComparison> operations;  // compareOperations' order
  std::vector<PathComparison> paths;            // comparePaths' order
  CompareProfiles profiles;
};

struct CompareOptions {
  double pathSameTolerance = kPathSameTolerance;
  // False: `paths` holds the roots only (the endpoints), which is all a report needs; for
  // traces whose paths rarely repeat the full paths are most of the cost.
  bool allPaths = true;
};

// Resolves both sides and compares them: one SQL statement per side streams its spans
// (scanCompareSide), then the operations, paths and profiles are compared. nullopt and
// `status` filled when a side cannot be resolved or the workspace cannot be read.
std::optional<TraceComparison> compareTraceSets(const Workspace& workspace,
                                                const CompareSideSpec& baseline,
                                                const CompareSideSpec& target, Status* status,
                                                const CompareOptions& options = {});

}  // namespace sightline
