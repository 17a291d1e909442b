#include "model/diagnosis/compare_traces.h"

#include <string>
#include <unordered_map>

#include "model/diagnosis/compare_side_scan.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"

namespace sightline {

namespace {

// Interned names by id, each read once.
class StringNames {
 public:
  explicit StringNames(const Workspace& workspace)
      : m_query(workspace.db(), "SELECT text FROM strings WHERE id = ?") {}

  std::string operator()(std::int64_t id) {
    auto it = m_cache.find(id);
    if (it != m_cache.end())
      return it->second;
    m_query.bindInt(1, id);
    std::string text = m_query.step() ? m_query.columnText(0) : std::string();
    m_query.reset();
    return m_cache.emplace(id, std::move(text)).first->second;
  }

 private:
  StoreStatement m_query;
  std::unordered_map<std::int64_t, std::string> m_cache;
};

CompareSideSummary summaryOf(const ResolvedCompareSide& side, const CompareSideData& data) {
  CompareSideSummary summary;
  summary.side = side;
  summary.traces = data.traces;
  summary.spans = data.spans;
  summary.errorSpans = data.errorSpans;
  summary.firstStartNs = data.firstStartNs;
  summary.lastEndNs = data.lastEndNs;
  return summary;
}

}  // namespace

std::optional<TraceComparison> compareTraceSets(const Workspace& workspace,
                                                const CompareSideSpec& baseline,
                                                const CompareSideSpec& target, Status* status,
                                                const CompareOptions& options) {
  auto fail = [status](const std::string& side, const Status& cause) {
    if (status)
      *status = Status::error(side + ": " + cause.message());
    return std::nullopt;
  };
  ResolvedCompareSide baselineSide;
  ResolvedCompareSide targetSide;
  if (Status s = resolveCompareSide(workspace, baseline, &baselineSide); !s)
    return fail("baseline", s);
  if (Status s = resolveCompareSide(workspace, target, &targetSide); !s)
    return fail("target", s);

  SpanPathTable paths;
  CompareSideData baselineData;
  CompareSideData targetData;
  if (Status s = scanCompareSide(workspace, baselineSide, paths, &baselineData, options.allPaths);
      !s) {
    return fail("baseline", s);
  }
  if (Status s = scanCompareSide(workspace, targetSide, paths, &targetData, options.allPaths); !s)
    return fail("target", s);
  baselineData.pathSpans.resize(paths.size(), 0);
  baselineData.rootTraces.resize(paths.size(), 0);

  TraceComparison comparison;
  comparison.baseline = summaryOf(baselineSide, baselineData);
  comparison.target = summaryOf(targetSide, targetData);
  StringNames names(workspace);
  auto nameOf = [&names](std::int64_t id) { return names(id); };
  comparison.operations = compareOperations(baselineData.operations, targetData.operations, nameOf);
  comparison.paths =
      comparePaths(paths, baselineData.pathSpans, baselineData.rootTraces, targetData.pathSpans,
                   targetData.rootTraces, nameOf, options.pathSameTolerance);
  if (Status s = listSideProfiles(workspace, baselineSide, baselineData.firstStartNs,
                                  baselineData.lastEndNs, &comparison.profiles.baseline);
      !s) {
    return fail("baseline", s);
  }
  if (Status s = listSideProfiles(workspace, targetSide, targetData.firstStartNs,
                                  targetData.lastEndNs, &comparison.profiles.target);
      !s) {
    return fail("target", s);
  }
  pickDiffPair(comparison.profiles);
  if (status)
    *status = Status::ok();
  return comparison;
}

}  // namespace sightline
