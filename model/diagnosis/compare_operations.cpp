#include "model/diagnosis/compare_operations.h"

#include <algorithm>
#include <map>

#include "model/traces/trace_statistics.h"

namespace sightline {

namespace {

using Key = std::pair<std::int64_t, std::int64_t>;  // service id, name id

std::int64_t difference(std::uint64_t target, std::uint64_t baseline) {
  return static_cast<std::int64_t>(target) - static_cast<std::int64_t>(baseline);
}

void fillChanges(OperationComparison& row) {
  const OperationSideFigures& b = *row.baseline;
  const OperationSideFigures& t = *row.target;
  row.p50ChangeNs = difference(t.p50Ns, b.p50Ns);
  row.p95ChangeNs = difference(t.p95Ns, b.p95Ns);
  row.p99ChangeNs = difference(t.p99Ns, b.p99Ns);
  if (b.p95Ns > 0)
    row.p95ChangeRatio = static_cast<double>(*row.p95ChangeNs) / static_cast<double>(b.p95Ns);
  row.errorRateChange = t.errorRate - b.errorRate;
}

// The order of compareOperations.
bool before(const OperationComparison& a, const OperationComparison& b) {
  if (a.status != b.status)
    return a.status < b.status;
  switch (a.status) {
    case OperationComparison::Status::Changed:
      if (*a.p95ChangeNs != *b.p95ChangeNs)
        return *a.p95ChangeNs > *b.p95ChangeNs;
      if (a.p95ChangeRatio.value_or(0) != b.p95ChangeRatio.value_or(0))
        return a.p95ChangeRatio.value_or(0) > b.p95ChangeRatio.value_or(0);
      break;
    case OperationComparison::Status::Added:
      if (a.target->p95Ns != b.target->p95Ns)
        return a.target->p95Ns > b.target->p95Ns;
      break;
    case OperationComparison::Status::Removed:
      if (a.baseline->p95Ns != b.baseline->p95Ns)
        return a.baseline->p95Ns > b.baseline->p95Ns;
      break;
  }
  if (a.service != b.service)
    return a.service < b.service;
  return a.operation < b.operation;
}

}  // namespace

OperationSideFigures summariseOperation(CompareOperationSamples& samples) {
  OperationSideFigures figures;
  std::vector<std::uint64_t>& d = samples.durationsNs;
  figures.count = d.size();
  figures.errors = samples.errors;
  if (d.empty())
    return figures;
  figures.errorRate = static_cast<double>(samples.errors) / static_cast<double>(d.size());
  figures.p50Ns = nearestRankPercentile(d, 50);
  figures.p95Ns = nearestRankPercentile(d, 95);
  figures.p99Ns = nearestRankPercentile(d, 99);
  return figures;
}

std::vector<OperationComparison> compareOperations(
    std::vector<CompareOperationSamples>& baseline, std::vector<CompareOperationSamples>& target,
    const std::function<std::string(std::int64_t)>& nameOf) {
  // Both sides' ids come from the one `strings` table, so they match across sides.
  std::map<Key, OperationComparison> rows;
  auto rowOf = [&](const CompareOperationSamples& samples) -> OperationComparison& {
    auto [it, inserted] = rows.try_emplace(Key{samples.serviceId, samples.nameId});
    if (inserted) {
      it->second.service = nameOf(samples.serviceId);
      it->second.operation = nameOf(samples.nameId);
    }
    return it->second;
  };
  for (CompareOperationSamples& samples : baseline) {
    if (!samples.durationsNs.empty())
      rowOf(samples).baseline = summariseOperation(samples);
  }
  for (CompareOperationSamples& samples : target) {
    if (!samples.durationsNs.empty())
      rowOf(samples).target = summariseOperation(samples);
  }
  std::vector<OperationComparison> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) {
    if (row.baseline && row.target) {
      row.status = OperationComparison::Status::Changed;
      fillChanges(row);
    } else {
      row.status =
          row.target ? OperationComparison::Status::Added : OperationComparison::Status::Removed;
    }
    out.push_back(std::move(row));
  }
  std::sort(out.begin(), out.end(), before);
  return out;
}

const char* operationStatusName(OperationComparison::Status status) {
  switch (status) {
    case OperationComparison::Status::Added:
      return "added";
    case OperationComparison::Status::Removed:
      return "removed";
    case OperationComparison::Status::Changed:
      break;
  }
  return "changed";
}

}  // namespace sightline
