#include "model/debt/hot_untested.h"

#include <algorithm>
#include <map>

#include "model/debt/debt_code_names.h"

namespace sightline {

namespace {

struct FunctionTotals {
  std::string file;      // relative to the service
  std::string fullFile;  // as the profile names it
  double ownNs = 0;
  double bestNs = -1;
  std::int64_t profile = 0;
};

std::string baseName(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// `go tool cover -func` rows: (service, short name) → (file base name, coverage %).
std::multimap<std::pair<std::string, std::string>, std::pair<std::string, double>> coverFunctions(
    const DebtAnalysis& analysis) {
  std::multimap<std::pair<std::string, std::string>, std::pair<std::string, double>> out;
  for (const DebtMeasureInput& m : analysis.inputs.measures) {
    if (m.kind != DebtUnitKind::Function || m.metric != "coverage" || m.symbol.empty())
      continue;
    if (const auto match = analysis.matcher.match(m.path))
      out.emplace(std::make_pair(match->service, coverFunctionName(m.symbol)),
                  std::make_pair(baseName(m.path), m.value));
  }
  return out;
}

}  // namespace

std::vector<HotUntestedFunction> hotUntestedFunctions(const DebtAnalysis& analysis,
                                                      const DebtTableOptions& options) {
  std::map<std::pair<std::string, std::string>, FunctionTotals> functions;
  for (const DebtCpuProfile& profile : analysis.runtime.cpu.profiles) {
    for (std::size_t f = 0; f < profile.functions.size(); ++f) {
      const DebtCpuFunction& function = profile.functions[f];
      if (function.service.empty() || profile.own[f] <= 0)
        continue;
      FunctionTotals& totals = functions[{function.service, function.name}];
      totals.file = function.relative;
      totals.fullFile = function.file;
      totals.ownNs += profile.own[f];
      if (profile.own[f] > totals.bestNs) {
        totals.bestNs = profile.own[f];
        totals.profile = profile.id;
      }
    }
  }
  const auto cover = coverFunctions(analysis);
  const DebtSpanScan& spans = analysis.runtime.spans;
  std::vector<HotUntestedFunction> result;
  for (const auto& [key, totals] : functions) {
    const auto& [service, name] = key;
    const double serviceNs = analysis.runtime.cpu.serviceTotalNs(service);
    if (serviceNs <= 0)
      continue;
    HotUntestedFunction hot;
    hot.service = service;
    hot.file = totals.file;
    hot.function = name;
    hot.cpuShare = totals.ownNs / serviceNs;
    hot.profileId = totals.profile;
    if (hot.cpuShare < options.hotMinShare)
      continue;
    const std::string shortName = coverFunctionName(name);
    auto [begin, end] = cover.equal_range({service, shortName});
    for (auto it = begin; it != end; ++it) {
      if (!hot.coverage || it->second.first == baseName(totals.file))
        hot.coverage = it->second.second;
    }
    if (!hot.coverage) {
      const int node = analysis.tree.find(service, totals.file);
      if (node >= 0)
        hot.coverage = analysis.tree.nodes[static_cast<std::size_t>(node)].figures.coverage;
    }
    // Spans that name the function (code.function) give its share of the service's
    // critical path.
    std::uint64_t pathNs = 0;
    bool named = false;
    for (std::size_t i = 0; i < spans.codeSpans.size(); ++i) {
      const DebtCodeSpan& span = spans.codeSpans[i];
      if (span.function.empty() || coverFunctionName(span.function) != shortName)
        continue;
      const std::string& spanService = analysis.runtime.codeSpanUnits[i].first.empty()
                                           ? span.service
                                           : analysis.runtime.codeSpanUnits[i].first;
      if (spanService != service)
        continue;
      named = true;
      pathNs += span.criticalPathNs;
    }
    if (auto it = spans.services.find(service);
        named && it != spans.services.end() && it->second.criticalPathNs > 0) {
      hot.criticalPathShare =
          static_cast<double>(pathNs) / static_cast<double>(it->second.criticalPathNs);
    }
    const double uncovered = hot.coverage ? 1 - std::clamp(*hot.coverage, 0.0, 100.0) / 100 : 1;
    hot.rank = std::max(hot.cpuShare, hot.criticalPathShare.value_or(0)) * uncovered;
    result.push_back(std::move(hot));
  }
  std::stable_sort(
      result.begin(), result.end(),
      [](const HotUntestedFunction& a, const HotUntestedFunction& b) { return a.rank > b.rank; });
  return result;
}

Status loadHotUntested(Workspace& workspace, const DebtTableOptions& options,
                       std::vector<HotUntestedFunction>* functions) {
  DebtAnalysis analysis;
  if (Status s = analyseDebt(workspace, options, &analysis); !s)
    return s;
  *functions = hotUntestedFunctions(analysis, options);
  return Status::ok();
}

}  // namespace sightline
