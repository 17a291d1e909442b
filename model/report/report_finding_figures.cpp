#include "model/report/report_finding_figures.h"

#include <algorithm>

#include "model/metrics/metric_queries.h"
#include "model/profiles/profile_queries.h"
#include "model/text/metric_value_text.h"

namespace sightline {

CallTree callTreeToDepth(const CallTree& tree, std::uint32_t depth, std::size_t* cut) {
  CallTree out;
  out.names = tree.names;
  out.sampleType = tree.sampleType;
  out.differential = tree.differential;
  out.shareDenominator = tree.shareDenominator;
  out.baseShareDenominator = tree.baseShareDenominator;
  if (cut)
    *cut = 0;
  if (tree.nodes.empty())
    return out;
  const bool withBase = !tree.baseTotals.empty();
  // Breadth first, so that each kept node's children get consecutive places as in the input.
  std::vector<std::uint32_t> source{0};
  out.nodes.push_back(tree.nodes[0]);
  out.nodes[0].parent = kNoNode;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const CallTreeNode& from = tree.nodes[source[i]];
    CallTreeNode& to = out.nodes[i];
    to.firstChild = 0;
    to.childCount = 0;
    if (from.depth >= depth) {
      if (cut) {
        // Every descendant of a node at the limit is left out.
        std::vector<std::uint32_t> stack{source[i]};
        while (!stack.empty()) {
          const CallTreeNode& node = tree.nodes[stack.back()];
          stack.pop_back();
          *cut += node.childCount;
          for (std::uint32_t c = 0; c < node.childCount; ++c)
            stack.push_back(node.firstChild + c);
        }
      }
      continue;
    }
    to.firstChild = static_cast<std::uint32_t>(out.nodes.size());
    to.childCount = from.childCount;
    for (std::uint32_t c = 0; c < from.childCount; ++c) {
      const std::uint32_t child = from.firstChild + c;
      CallTreeNode copy = tree.nodes[child];
      copy.parent = static_cast<std::uint32_t>(i);
      source.push_back(child);
      out.nodes.push_back(copy);
      // `to` may dangle after push_back: not used below.
    }
  }
  for (const CallTreeNode& node : out.nodes)
    out.maxDepth = std::max(out.maxDepth, node.depth);
  if (withBase) {
    for (std::uint32_t index : source) {
      out.baseTotals.push_back(tree.baseTotalOf(index));
      out.baseSelfs.push_back(tree.baseSelfOf(index));
    }
  }
  return out;
}

std::optional<FindingFlame> FindingFigureReader::flame(const Finding& finding) {
  if (finding.profileId == 0 || finding.function.empty())
    return std::nullopt;
  if (m_profileId != finding.profileId) {
    Status status;
    m_profile = loadProfile(m_workspace, finding.profileId, &status);
    m_profileId = finding.profileId;
  }
  if (!m_profile)
    return std::nullopt;
  const int sampleType = m_profile->effectiveDefaultSampleType();
  if (sampleType < 0)
    return std::nullopt;
  CallTree tree = buildCalleesTree(*m_profile, sampleType, finding.function);
  if (tree.nodes.empty() || tree.total() == 0)
    return std::nullopt;
  FindingFlame flame;
  // Mostly its own code (a leaf hotspot): what calls it says more than its few callees.
  if (tree.nodes[0].self * 10 >= tree.total() * 9) {
    tree = buildCallersTree(*m_profile, sampleType, finding.function);
    flame.callers = true;
    if (tree.nodes.empty() || tree.total() == 0)
      return std::nullopt;
  }
  flame.function = finding.function;
  flame.profileId = finding.profileId;
  const ProfileValueType& type = m_profile->sampleTypes[static_cast<std::size_t>(sampleType)];
  flame.sampleType = type.type + "/" + type.unit;
  flame.tree = callTreeToDepth(tree, kFindingFlameDepth, &flame.nodesCut);
  return flame;
}

std::optional<FindingSparkline> FindingFigureReader::sparkline(const Finding& finding) {
  const FindingEvidence* evidence = nullptr;
  for (const FindingEvidence& e : finding.evidence) {
    if (e.kind == FindingEvidence::Kind::MetricSeries && !e.series.empty()) {
      evidence = &e;
      break;
    }
  }
  std::string wanted = evidence ? evidence->series : std::string();
  if (wanted.empty() && !finding.series.empty())
    wanted = finding.series.front();
  if (wanted.empty())
    return std::nullopt;
  // The family is the series' name or a prefix of it (x_bucket, x_sum and x_count are x's).
  const std::string sample = wanted.substr(0, wanted.find('{'));
  Status status;
  for (const MetricFamilySummary& family : listMetricFamilies(m_workspace, &status)) {
    if (sample.compare(0, family.name.size(), family.name) != 0)
      continue;
    for (const MetricSeriesInfo& info : listFamilySeries(m_workspace, family.id)) {
      if (seriesText(info.name, info.labels).toStdString() != wanted)
        continue;
      std::vector<MetricPoint> points = loadSeriesPoints(m_workspace, info.id);
      std::sort(points.begin(), points.end(),
                [](const MetricPoint& a, const MetricPoint& b) { return a.timeMs < b.timeMs; });
      FindingSparkline line;
      line.series = wanted;
      const std::int64_t from =
          evidence ? static_cast<std::int64_t>(evidence->startUnixNano / 1'000'000)
                   : static_cast<std::int64_t>(finding.firstSeenUnixNano / 1'000'000);
      const std::int64_t to = evidence
                                  ? static_cast<std::int64_t>(evidence->endUnixNano / 1'000'000)
                                  : static_cast<std::int64_t>(finding.lastSeenUnixNano / 1'000'000);
      line.highlightFromMs = std::min(from, to);
      line.highlightToMs = std::max(from, to);
      // Around the evidence: as much again before and after it, at least a minute.
      const std::int64_t margin =
          std::max<std::int64_t>(60'000, line.highlightToMs - line.highlightFromMs);
      std::erase_if(points, [&](const MetricPoint& p) {
        return p.timeMs < line.highlightFromMs - margin || p.timeMs > line.highlightToMs + margin;
      });
      const std::size_t step = points.size() > kSparklinePoints
                                   ? (points.size() + kSparklinePoints - 1) / kSparklinePoints
                                   : 1;
      for (std::size_t i = 0; i < points.size(); i += step)
        line.points.emplace_back(points[i].timeMs, points[i].value);
      line.pointsThinned = points.size() - line.points.size();
      if (line.points.size() < 2)
        return std::nullopt;
      return line;
    }
  }
  return std::nullopt;
}

}  // namespace sightline
