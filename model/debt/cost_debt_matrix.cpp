// Cost × debt (docs/DEBT.md): code units (packages: directories inside a service) against
// entry points (the root operation of traces), from the spans that name their code, the CPU
// samples labelled with a trace, and the critical path of spans that name no code (their
// service's root package).
#include <algorithm>
#include <map>
#include <set>

#include "model/debt/debt_analysis.h"
#include "model/debt/debt_code_names.h"
#include "model/debt/debt_table.h"

namespace sightline {

namespace {

struct CellTotals {
  std::uint64_t criticalPathNs = 0;
  double cpuNs = 0;
  double samples = 0;
  std::set<std::uint32_t> traces;
};

// The package of a file inside its service: its directory, "." at the service's root.
std::string packageOf(const std::string& relative) {
  const std::string dir = relativeDirectoryOf(relative);
  return dir.empty() ? std::string(".") : dir;
}

// Percentile ranks of the scores (0 lowest, 1 highest), ties sharing their mean rank.
void rankScores(std::vector<CostDebtCell>& cells) {
  std::vector<std::size_t> order(cells.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(),
            [&cells](std::size_t a, std::size_t b) { return cells[a].score < cells[b].score; });
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && cells[order[j]].score == cells[order[i]].score)
      ++j;
    const double mean = (static_cast<double>(i) + static_cast<double>(j - 1)) / 2;
    const double percentile = order.size() > 1 ? mean / static_cast<double>(order.size() - 1) : 1.0;
    for (std::size_t k = i; k < j; ++k)
      cells[order[k]].percentile = percentile;
    i = j;
  }
}

}  // namespace

Status loadCostDebtMatrix(Workspace& workspace, const DebtTableOptions& options,
                          CostDebtMatrix* matrix) {
  DebtAnalysis analysis;
  if (Status s = analyseDebt(workspace, options, &analysis); !s)
    return s;
  *matrix = CostDebtMatrix{};
  const DebtSpanScan& spans = analysis.runtime.spans;
  if (!spans.hasSpans())
    return Status::ok();

  std::map<std::pair<std::string, std::string>, int> unitIndex;
  auto unitOf = [&](const std::string& service, const std::string& relative) {
    auto [it, added] =
        unitIndex.try_emplace({service, packageOf(relative)}, static_cast<int>(unitIndex.size()));
    return it->second;
  };
  std::map<std::pair<int, std::uint32_t>, CellTotals> totals;  // (unit, entry)
  for (std::size_t i = 0; i < spans.codeSpans.size(); ++i) {
    const auto& [service, relative] = analysis.runtime.codeSpanUnits[i];
    const DebtCodeSpan& span = spans.codeSpans[i];
    if (service.empty())
      continue;
    CellTotals& cell = totals[{unitOf(service, relative), spans.entryOfTrace[span.trace]}];
    cell.criticalPathNs += span.criticalPathNs;
    cell.traces.insert(span.trace);
  }
  // Time the spans own without naming their code: the service's root package's.
  for (std::size_t e = 0; e < spans.entries.size(); ++e) {
    for (const auto& [service, unnamed] : spans.entries[e].unnamedOf) {
      CellTotals& cell = totals[{unitOf(service, std::string()), static_cast<std::uint32_t>(e)}];
      cell.criticalPathNs += unnamed.criticalPathNs;
      cell.traces.insert(unnamed.traces.begin(), unnamed.traces.end());
    }
  }
  for (const DebtCpuProfile& profile : analysis.runtime.cpu.profiles) {
    for (const DebtCpuSample& sample : profile.samples) {
      if (sample.owner < 0 || sample.trace < 0)
        continue;  // not the application's code, or not tied to a request
      const DebtCpuFunction& function = profile.functions[static_cast<std::size_t>(sample.owner)];
      const auto trace = static_cast<std::uint32_t>(sample.trace);
      CellTotals& cell =
          totals[{unitOf(function.service, function.relative), spans.entryOfTrace[trace]}];
      cell.cpuNs += sample.ns;
      cell.samples += sample.count;
      cell.traces.insert(trace);
    }
  }

  matrix->units.resize(unitIndex.size());
  std::vector<double> unitDebt(unitIndex.size(), 0);
  for (const auto& [key, index] : unitIndex) {
    CostDebtUnit& unit = matrix->units[static_cast<std::size_t>(index)];
    unit.service = key.first;
    unit.path = key.second;
    // A package's figures are its directory's; the root package's those of the service.
    int node = key.second == "." ? -1 : analysis.tree.find(key.first, key.second);
    if (node < 0)
      node = analysis.tree.services.count(key.first) ? analysis.tree.services.at(key.first) : -1;
    if (node >= 0) {
      const DebtFigures& figures = analysis.tree.nodes[static_cast<std::size_t>(node)].figures;
      unit.coverage = figures.coverage;
      unitDebt[static_cast<std::size_t>(index)] = codeDebt(figures, options.thresholds);
    }
  }
  for (const DebtEntrySpans& entry : spans.entries)
    matrix->entries.push_back(entry.service + " " + entry.operation);

  // Which entries each finding was seen in (its exemplar traces; none: all of them).
  std::vector<std::set<std::uint32_t>> findingEntries;
  for (const DebtFindingRow& finding : analysis.runtime.findings.rows) {
    std::set<std::uint32_t> entries;
    for (const std::string& hex : finding.traceIds) {
      const auto id = TraceId::fromHex(hex);
      const std::int64_t trace = id ? spans.traceOf(*id) : -1;
      if (trace >= 0)
        entries.insert(spans.entryOfTrace[static_cast<std::size_t>(trace)]);
    }
    findingEntries.push_back(std::move(entries));
  }

  for (const auto& [key, cell] : totals) {
    const auto& [unitIndexValue, entryIndex] = key;
    const CostDebtUnit& unit = matrix->units[static_cast<std::size_t>(unitIndexValue)];
    const DebtEntrySpans& entry = spans.entries[entryIndex];
    if (entry.durationNs == 0 || spans.traceCount == 0)
      continue;
    const double traffic = static_cast<double>(entry.traces) / spans.traceCount;
    const double inside = std::max(static_cast<double>(cell.criticalPathNs), cell.cpuNs) /
                          static_cast<double>(entry.durationNs);
    CostDebtCell out;
    out.unit = unitIndexValue;
    out.entry = static_cast<int>(entryIndex);
    out.cost = traffic * std::min(1.0, inside);
    if (out.cost <= 0)
      continue;
    const double meanTraceNs = static_cast<double>(entry.durationNs) / entry.traces;
    out.debt = 1 + unitDebt[static_cast<std::size_t>(unitIndexValue)];
    const auto& rows = analysis.runtime.findings.rows;
    for (std::size_t f = 0; f < rows.size(); ++f) {
      const DebtFindingRow& finding = rows[f];
      if (finding.service != unit.service)
        continue;
      if (!finding.function.empty()) {
        const auto [service, relative] = analysis.runtime.locationOf(finding.function);
        if (service != unit.service || packageOf(relative) != unit.path)
          continue;
      }
      if (!findingEntries[f].empty() && !findingEntries[f].count(entryIndex))
        continue;
      out.debt += findingDebt(finding, finding.impactPerRequestNs, meanTraceNs);
    }
    if (auto it = entry.spansOf.find(unit.service); it != entry.spansOf.end() && it->second.first)
      out.debt += static_cast<double>(it->second.second) / static_cast<double>(it->second.first);
    out.score = out.cost * out.debt;
    const bool cpuBacked = cell.cpuNs >= static_cast<double>(cell.criticalPathNs);
    out.sparse = cell.traces.size() < options.sparseTraces ||
                 (cpuBacked && cell.samples < options.sparseSamples);
    matrix->cells.push_back(out);
  }
  rankScores(matrix->cells);
  return Status::ok();
}

}  // namespace sightline
