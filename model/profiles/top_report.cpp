// pprof -top (internal/report TextItems over internal/graph at function granularity),
// computed from the call tree: a function's flat is the self of its nodes, its cum the
// total of its outermost nodes on each path (a sample counts once per function, however
// often the function recurs in its stack).

#include <algorithm>
#include <cstdlib>

#include "model/profiles/call_tree.h"
#include "model/profiles/call_tree_stacks.h"

namespace sightline {
namespace {

std::int64_t sumOfMagnitudes(const ProfileData& profile, int type) {
  if (type < 0 || type >= static_cast<int>(profile.typeCount()))
    return 0;
  std::int64_t sum = 0;
  for (std::size_t s = 0; s < profile.samples.size(); ++s)
    sum += std::abs(profile.value(s, static_cast<std::size_t>(type)));
  return sum;
}

struct FunctionSums {
  std::int64_t flat = 0;
  std::int64_t cum = 0;
  bool present = false;
  bool calledInline = false;     // some caller's edge into it is inline-only
  bool calledNotInline = false;  // some caller's edge into it has an ordinary call
};

// flat and cum per name over the assembled (not laid out) tree: flat sums the nodes' self,
// cum their subtree totals where the name is not already on the path above, found by a
// depth-first walk that counts each name on the current path. Base values count negative.
std::vector<FunctionSums> sumFunctions(const CallTreeAssembler& tree, std::size_t nameCount) {
  const std::size_t count = tree.size();
  std::vector<std::int64_t> subtree(count);
  for (std::uint32_t i = 0; i < count; ++i)
    subtree[i] = tree.node(i).self - tree.baseSelf(i);
  for (std::size_t i = count; i-- > 1;)
    subtree[tree.node(static_cast<std::uint32_t>(i)).parent] += subtree[i];

  std::vector<FunctionSums> sums(nameCount);
  std::vector<std::uint32_t> onPath(nameCount, 0);
  std::vector<std::pair<std::uint32_t, bool>> stack;  // (node, leaving)
  for (std::uint32_t c = tree.node(0).firstChild; c != kNoNode; c = tree.node(c).nextSibling)
    stack.emplace_back(c, false);
  while (!stack.empty()) {
    const auto [index, leaving] = stack.back();
    stack.pop_back();
    const CallTreeAssembler::Node& node = tree.node(index);
    if (leaving) {
      --onPath[node.name];
      continue;
    }
    if (!node.live)
      continue;
    FunctionSums& sum = sums[node.name];
    sum.present = true;
    sum.flat += node.self - tree.baseSelf(index);
    if (onPath[node.name]++ == 0)
      sum.cum += subtree[index];
    stack.emplace_back(index, true);
    for (std::uint32_t c = node.firstChild; c != kNoNode; c = tree.node(c).nextSibling)
      stack.emplace_back(c, false);
  }
  return sums;
}

// pprof marks an edge caller → callee inline when every call along it was inlined; a node
// is "(inline)" when its incoming edges are all inline, "(partial-inline)" when mixed.
// Edges join each shown function to the nearest shown function above it: with -nodecount
// pprof rebuilds the graph from the kept nodes only, so `shown` may leave some out.
// pprof takes a caller → callee pair once per sample, where it first occurs from the root
// (internal/graph's seenEdge): a recursive stack that meets the pair again lower down does
// not change the edge, whether that call was inlined or not. Every sample below a tree
// node has the node's path as its stack, so the walk counts a node's pair only when the
// pair is not already on the path above it.
void markInlineCalls(const CallTreeAssembler& tree, const std::vector<std::uint8_t>& shown,
                     std::vector<FunctionSums>& sums) {
  ChildIndex edgeIndex;  // (caller, callee) → index into the vectors below
  std::vector<std::uint8_t> edgeInline;
  std::vector<std::uint32_t> edgeCallee;
  std::vector<std::uint32_t> edgeOnPath;  // times the edge is counted on the walked path

  // A node to visit with the nearest shown node above it, or (leaving) an edge whose
  // counted occurrence's subtree has been walked.
  struct Step {
    std::uint32_t node = kNoNode;
    std::uint32_t shownAbove = kNoNode;
    std::uint32_t leftEdge = kNoNode;
  };
  std::vector<Step> stack;
  for (std::uint32_t c = tree.node(0).firstChild; c != kNoNode; c = tree.node(c).nextSibling)
    stack.push_back({c, kNoNode, kNoNode});
  while (!stack.empty()) {
    const Step step = stack.back();
    stack.pop_back();
    if (step.leftEdge != kNoNode) {
      --edgeOnPath[step.leftEdge];
      continue;
    }
    const CallTreeAssembler::Node& node = tree.node(step.node);
    if (!node.live)
      continue;  // nothing below it is live either
    const bool isShown = shown[node.name] != 0;
    if (isShown && step.shownAbove != kNoNode && tree.node(step.shownAbove).name != node.name) {
      const std::uint32_t caller = tree.node(step.shownAbove).name;
      std::uint32_t edge = edgeIndex.find(caller, node.name);
      if (edge == kNoNode) {
        edge = static_cast<std::uint32_t>(edgeInline.size());
        edgeIndex.insert(caller, node.name, edge);
        edgeInline.push_back(1);
        edgeCallee.push_back(node.name);
        edgeOnPath.push_back(0);
      }
      if (edgeOnPath[edge]++ == 0) {
        const bool inlineOnly = !(node.occurrence & kReachedNotInline);
        edgeInline[edge] &= inlineOnly ? 1 : 0;
      }
      stack.push_back({kNoNode, kNoNode, edge});
    }
    const std::uint32_t above = isShown ? step.node : step.shownAbove;
    for (std::uint32_t c = node.firstChild; c != kNoNode; c = tree.node(c).nextSibling)
      stack.push_back({c, above, kNoNode});
  }
  for (std::size_t e = 0; e < edgeInline.size(); ++e) {
    FunctionSums& sum = sums[edgeCallee[e]];
    (edgeInline[e] ? sum.calledInline : sum.calledNotInline) = true;
  }
}

}  // namespace

std::int64_t profileReportTotal(const ProfileData& profile, int sampleType,
                                const ProfileData* base) {
  const int type = resolveSampleType(profile, sampleType);
  const std::int64_t total = sumOfMagnitudes(profile, type);
  if (!base)
    return total;
  // With -diff_base the base samples carry the "pprof::base" label, and computeTotal
  // takes their sum alone when it is not zero.
  const std::int64_t baseTotal = sumOfMagnitudes(*base, matchSampleType(profile, type, *base));
  return baseTotal > 0 ? baseTotal : total + baseTotal;
}

TopReport computeTop(const ProfileData& profile, int sampleType, const ProfileFilter& filter,
                     const ProfileData* base, std::size_t nodeCount) {
  TopReport report;
  const int type = resolveSampleType(profile, sampleType);
  if (type >= 0)
    report.sampleType = profile.sampleTypes[static_cast<std::size_t>(type)];
  // pprof computes the total before it applies the filters: percentages stay relative to
  // the whole profile.
  report.total = profileReportTotal(profile, type, base);
  const std::optional<CompiledProfileFilter> compiled = CompiledProfileFilter::compile(filter);
  if (!compiled)
    return report;

  CallTreeNames names;
  const std::uint32_t rootName = names.intern("root");
  CallTreeAssembler assembler(rootName, profile.nodes.size() + (base ? base->nodes.size() : 0));
  {
    const FilteredStacks stacks =
        filterStacks(profile, type, *compiled, names, profile.dropFrames, profile.keepFrames);
    addSampleValues(stacks, mapToCallTree(stacks, assembler, /*markInline=*/true), assembler);
  }
  if (base) {
    const FilteredStacks stacks =
        filterStacks(*base, matchSampleType(profile, type, *base), *compiled, names,
                     profile.dropFrames, profile.keepFrames);
    addSampleValues(stacks, mapToCallTree(stacks, assembler, /*markInline=*/true), assembler,
                    /*asBase=*/true);
  }
  const std::vector<std::string> nameList = names.take();
  assembler.propagateLive();
  std::vector<FunctionSums> sums = sumFunctions(assembler, nameList.size());
  std::vector<std::uint32_t> order;  // name ids of the rows
  for (std::uint32_t name = 0; name < sums.size(); ++name) {
    // pprof leaves out nodes whose flat and cum are both zero (a diff can cancel out).
    if (sums[name].present && (sums[name].flat != 0 || sums[name].cum != 0))
      order.push_back(name);
  }
  // FlatNameOrder: |flat| descending, name, |cum| descending.
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const FunctionSums& x = sums[a];
    const FunctionSums& y = sums[b];
    if (std::abs(x.flat) != std::abs(y.flat))
      return std::abs(x.flat) > std::abs(y.flat);
    if (nameList[a] != nameList[b])
      return nameList[a] < nameList[b];
    return std::abs(x.cum) > std::abs(y.cum);
  });
  report.rowsBeforeLimit = order.size();
  if (nodeCount > 0 && order.size() > nodeCount)
    order.resize(nodeCount);

  std::vector<std::uint8_t> shown(nameList.size(), 0);
  for (std::uint32_t name : order)
    shown[name] = 1;
  markInlineCalls(assembler, shown, sums);
  report.rows.reserve(order.size());
  for (std::uint32_t name : order) {
    const FunctionSums& sum = sums[name];
    TopRow row;
    row.function = nameList[name];
    row.flat = sum.flat;
    row.cum = sum.cum;
    if (sum.calledInline)
      row.inlined = sum.calledNotInline ? TopInline::kPartialInline : TopInline::kInline;
    report.rows.push_back(std::move(row));
  }
  return report;
}

}  // namespace sightline
