#include "model/debt/debt_runtime.h"

#include <algorithm>
#include <unordered_set>

#include "model/traces/trace_statistics.h"

namespace sightline {

std::set<std::string> DebtRuntime::services() const {
  std::set<std::string> out;
  for (const auto& [service, figures] : spans.services)
    out.insert(service);
  for (const DebtCpuProfile& profile : cpu.profiles)
    out.insert(profile.services.begin(), profile.services.end());
  return out;
}

std::set<std::string> DebtRuntime::files() const {
  std::set<std::string> out;
  for (const DebtCpuProfile& profile : cpu.profiles) {
    for (std::size_t f = 0; f < profile.functions.size(); ++f) {
      if (!profile.functions[f].service.empty() && profile.cum[f] > 0)
        out.insert(profile.functions[f].file);
    }
  }
  for (const DebtCodeSpan& span : spans.codeSpans) {
    if (!span.file.empty())
      out.insert(span.file);
  }
  return out;
}

std::pair<std::string, std::string> DebtRuntime::locationOf(const std::string& function) const {
  auto it = functionFiles.find(function);
  return it == functionFiles.end() ? std::pair<std::string, std::string>{} : it->second;
}

Status scanDebtRuntime(Workspace& workspace, const ServicePathMatcher& rules,
                       DebtRuntime* runtime) {
  if (Status s = scanDebtCpu(workspace, rules, &runtime->cpu); !s)
    return s;
  // Samples labelled with a span id alone need that span's trace.
  std::unordered_set<SpanId, SpanIdHash> wanted;
  for (const DebtCpuProfile& profile : runtime->cpu.profiles) {
    for (const DebtCpuSample& sample : profile.samples) {
      if (sample.spanLabel && !sample.traceLabel)
        wanted.insert(*sample.spanLabel);
    }
  }
  if (Status s = scanDebtSpans(workspace, wanted, &runtime->spans); !s)
    return s;
  resolveDebtCpuTraces(runtime->spans, &runtime->cpu);
  for (const DebtCpuProfile& profile : runtime->cpu.profiles) {
    for (const DebtCpuFunction& function : profile.functions) {
      if (!function.service.empty())
        runtime->functionFiles.try_emplace(function.name, function.service, function.relative);
    }
  }
  for (const DebtCodeSpan& span : runtime->spans.codeSpans) {
    const auto match = span.file.empty() ? std::nullopt : rules.match(span.file);
    runtime->codeSpanUnits.emplace_back(match ? match->service : std::string(),
                                        match ? match->relative : std::string());
  }
  return loadDebtFindings(workspace, &runtime->findings);
}

double codeDebt(const DebtFigures& figures, const DebtThresholds& thresholds) {
  double debt = 0;
  for (DebtColumn column :
       {DebtColumn::Coverage, DebtColumn::Duplication, DebtColumn::VulnerabilityDensity,
        DebtColumn::CodeSmells, DebtColumn::DebtMinutes, DebtColumn::Churn}) {
    const DebtCellStatus status = debtCellStatus(column, figures, thresholds);
    debt += status == DebtCellStatus::Bad ? 1 : status == DebtCellStatus::Warn ? 0.5 : 0;
  }
  return debt;
}

namespace {

struct UnitRuntime {
  double cpuNs = 0;
  std::uint64_t criticalPathNs = 0;
  std::vector<const DebtFindingRow*> findings;
};

std::optional<double> costOf(const DebtFigures& f) {
  if (!f.criticalPathShare && !f.cpuShare)
    return std::nullopt;
  return std::max(f.criticalPathShare.value_or(0), f.cpuShare.value_or(0));
}

}  // namespace

void addRuntimeFigures(DebtUnitTree& tree, const DebtRuntime& runtime,
                       const DebtThresholds& thresholds) {
  std::vector<UnitRuntime> units(tree.nodes.size());
  auto unitOf = [&tree](const std::string& service, const std::string& relative) {
    const int node = tree.find(service, relative);
    if (node >= 0)
      return node;
    auto it = tree.services.find(service);
    return it == tree.services.end() ? -1 : it->second;
  };
  std::set<std::string> profiled;     // services with CPU time of their own
  std::set<std::string> codeSpanned;  // services whose spans name their code
  for (const DebtCpuProfile& profile : runtime.cpu.profiles) {
    for (std::size_t f = 0; f < profile.functions.size(); ++f) {
      const DebtCpuFunction& function = profile.functions[f];
      if (function.service.empty() || profile.own[f] <= 0)
        continue;
      if (const int node = unitOf(function.service, function.relative); node >= 0) {
        profiled.insert(function.service);
        units[static_cast<std::size_t>(node)].cpuNs += profile.own[f];
      }
    }
  }
  for (std::size_t i = 0; i < runtime.spans.codeSpans.size(); ++i) {
    const auto& [service, relative] = runtime.codeSpanUnits[i];
    if (service.empty())
      continue;
    if (const int node = unitOf(service, relative); node >= 0) {
      codeSpanned.insert(service);
      units[static_cast<std::size_t>(node)].criticalPathNs +=
          runtime.spans.codeSpans[i].criticalPathNs;
    }
  }
  for (const DebtFindingRow& finding : runtime.findings.rows) {
    if (finding.function.empty())
      continue;
    const auto [service, relative] = runtime.locationOf(finding.function);
    if (const int node = service.empty() ? -1 : tree.find(service, relative); node >= 0)
      units[static_cast<std::size_t>(node)].findings.push_back(&finding);
  }
  // Sum up (a parent comes before its children); a service's own figures come from its
  // spans and findings below.
  for (std::size_t i = tree.nodes.size(); i-- > 0;) {
    const int parent = tree.nodes[i].parent;
    if (parent < 0)
      continue;
    UnitRuntime& up = units[static_cast<std::size_t>(parent)];
    up.cpuNs += units[i].cpuNs;
    up.criticalPathNs += units[i].criticalPathNs;
    if (tree.nodes[static_cast<std::size_t>(parent)].parent >= 0)
      up.findings.insert(up.findings.end(), units[i].findings.begin(), units[i].findings.end());
  }

  const DebtSpanScan& spans = runtime.spans;
  const double cpuTotal = runtime.cpu.totalNs;
  const double tracedNs = static_cast<double>(spans.tracedNs);
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    DebtUnitNode& node = tree.nodes[i];
    DebtFigures& f = node.figures;
    const UnitRuntime& unit = units[i];
    const bool isService = node.parent < 0;
    if (profiled.count(node.service) && cpuTotal > 0)
      f.cpuShare = unit.cpuNs / cpuTotal;
    std::vector<const DebtFindingRow*> findings = unit.findings;
    const auto spanFigures = spans.services.find(node.service);
    const bool hasSpans = spanFigures != spans.services.end();
    if (isService) {
      findings.clear();
      for (const DebtFindingRow& finding : runtime.findings.rows) {
        if (finding.service == node.service)
          findings.push_back(&finding);
      }
      if (hasSpans) {
        const DebtServiceSpans& s = spanFigures->second;
        if (!s.entryDurations.empty()) {
          std::vector<std::uint64_t> durations = s.entryDurations;
          f.p99Ns = nearestRankPercentile(durations, 99);
        }
        if (s.spans > 0)
          f.errorRate = static_cast<double>(s.errorSpans) / static_cast<double>(s.spans);
        if (spans.criticalPathTotalNs > 0)
          f.criticalPathShare = static_cast<double>(s.criticalPathNs) /
                                static_cast<double>(spans.criticalPathTotalNs);
      }
    } else if (codeSpanned.count(node.service) && spans.criticalPathTotalNs > 0) {
      f.criticalPathShare =
          static_cast<double>(unit.criticalPathNs) / static_cast<double>(spans.criticalPathTotalNs);
    }
    // Findings are known where the diagnosis ran over the unit's runtime data.
    if (runtime.findings.diagnosed && (hasSpans || profiled.count(node.service))) {
      f.findings = findings.size();
      f.severeFindings = static_cast<std::uint64_t>(std::count_if(
          findings.begin(), findings.end(),
          [](const DebtFindingRow* finding) { return finding->severity >= Severity::High; }));
    }
    const std::optional<double> cost = costOf(f);
    if (!cost)
      continue;
    double debt = 1 + codeDebt(f, thresholds) + f.errorRate.value_or(0);
    for (const DebtFindingRow* finding : findings)
      debt += findingDebt(*finding, finding->impactNs, tracedNs);
    f.score = *cost * debt;
  }
}

}  // namespace sightline
