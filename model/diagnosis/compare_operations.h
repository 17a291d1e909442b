#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnosis/compare_side_scan.h"

namespace sightline {

// The figures of one (service, operation) on one side. Percentiles are nearest-rank, as
// model/traces/trace_statistics.h computes them.
struct OperationSideFigures {
  std::uint64_t count = 0;
  std::uint64_t p50Ns = 0;
  std::uint64_t p95Ns = 0;
  std::uint64_t p99Ns = 0;
  std::uint64_t errors = 0;
  double errorRate = 0;  // errors / count
};

// One operation over the two sides: changed (on both sides, whatever the change), added (only
// in the target) or removed (only in the baseline).
struct OperationComparison {
  enum class Status { Changed, Added, Removed };
  std::string service;
  std::string operation;
  Status status = Status::Changed;
  std::optional<OperationSideFigures> baseline;
  std::optional<OperationSideFigures> target;

  // Target − baseline, only for a changed operation. Ratios are relative to the baseline and
  // absent when it is 0.
  std::optional<std::int64_t> p50ChangeNs;
  std::optional<std::int64_t> p95ChangeNs;
  std::optional<std::int64_t> p99ChangeNs;
  std::optional<double> p95ChangeRatio;
  std::optional<double> errorRateChange;  // in rate points, e.g. 0.05 = +5 points
};

// Summarises each side's samples (reordering their durations) and compares them: changed
// operations first, by p95 change, largest regression first (ties: by relative change, then
// service and operation); then added ones by their target p95, then removed ones by their
// baseline p95, both largest first. `nameOf` turns string ids into text.
std::vector<OperationComparison> compareOperations(
    std::vector<CompareOperationSamples>& baseline, std::vector<CompareOperationSamples>& target,
    const std::function<std::string(std::int64_t)>& nameOf);

// The figures of one side's samples; reorders the durations.
OperationSideFigures summariseOperation(CompareOperationSamples& samples);

// "changed", "added", "removed".
const char* operationStatusName(OperationComparison::Status status);

}  // namespace sightline
