// The two halves of the sandwich view (call_tree.h): callers (inverted) and callees of one
// function. A stack that holds the function several times (recursion) counts once, from
// its outermost occurrence, so both roots' totals equal the function's cum in -top.

#include <algorithm>

#include "model/profiles/call_tree.h"
#include "model/profiles/call_tree_stacks.h"

namespace sightline {
namespace {

ProfileValueType typeOf(const ProfileData& profile, int type) {
  return type >= 0 ? profile.sampleTypes[static_cast<std::size_t>(type)] : ProfileValueType{};
}

// One profile's side of a sandwich half: its stacks, filtered and pruned with the drop_frames
// in force (the current profile's, for a base too).
struct SandwichSide {
  const ProfileData& profile;
  int type = -1;
  const std::string& dropFrames;
  const std::string& keepFrames;
  bool asBase = false;
  // When set, receives the profile's total under the filter (shares in a differential half).
  std::int64_t* wholeTotal = nullptr;
};

void addValue(CallTreeAssembler& assembler, std::uint32_t node, std::int64_t value, bool asBase) {
  if (asBase)
    assembler.addBaseSelf(node, value);
  else
    assembler.addSelf(node, value);
}

// The root total of the profile's whole call tree under the same filter: the kept samples
// with at least one visible frame.
std::int64_t visibleTotal(const FilteredStacks& stacks) {
  const ProfileData& data = *stacks.profile;
  std::vector<std::uint8_t> visible(data.nodes.size(), 0);
  for (std::size_t n = 1; n < data.nodes.size(); ++n)
    visible[n] = visible[data.nodes[n].parent] | !stacks.hidden(data.nodes[n].frame);
  std::int64_t total = 0;
  for (std::size_t s = 0; s < data.samples.size(); ++s)
    if (stacks.sampleKept[s] && visible[data.samples[s].node])
      total += stacks.value(s);
  return total;
}

// The tree below the outermost occurrence of the function on each path.
void addCallees(const SandwichSide& side, const CompiledProfileFilter& filter, CallTreeNames& names,
                std::uint32_t function, CallTreeAssembler& assembler) {
  const FilteredStacks stacks =
      filterStacks(side.profile, side.type, filter, names, side.dropFrames, side.keepFrames);
  const ProfileData& data = *stacks.profile;
  std::vector<std::uint32_t> nodeOf(data.nodes.size(), kNoNode);
  for (std::size_t n = 1; n < data.nodes.size(); ++n) {
    if (!stacks.liveNode[n])
      continue;
    const StackNode& node = data.nodes[n];
    const std::uint32_t above = nodeOf[node.parent];
    if (stacks.hidden(node.frame))
      nodeOf[n] = above;
    else if (above != kNoNode)
      nodeOf[n] = assembler.child(above, stacks.frameName[node.frame]);
    else if (stacks.frameName[node.frame] == function)
      nodeOf[n] = 0;
  }
  for (std::size_t s = 0; s < data.samples.size(); ++s) {
    const std::uint32_t node = nodeOf[data.samples[s].node];
    if (stacks.sampleKept[s] && node != kNoNode)
      addValue(assembler, node, stacks.value(s), side.asBase);
  }
  if (side.wholeTotal)
    *side.wholeTotal = visibleTotal(stacks);
}

// The callers of the outermost visible occurrence of the function on each path, inverted.
void addCallers(const SandwichSide& side, const CompiledProfileFilter& filter, CallTreeNames& names,
                std::uint32_t function, CallTreeAssembler& assembler) {
  const FilteredStacks stacks =
      filterStacks(side.profile, side.type, filter, names, side.dropFrames, side.keepFrames);
  const ProfileData& data = *stacks.profile;
  std::vector<std::uint32_t> outermost(data.nodes.size(), kNoNode);
  for (std::size_t n = 1; n < data.nodes.size(); ++n) {
    if (!stacks.liveNode[n])
      continue;
    const StackNode& node = data.nodes[n];
    outermost[n] = outermost[node.parent];
    if (outermost[n] == kNoNode && !stacks.hidden(node.frame) &&
        stacks.frameName[node.frame] == function)
      outermost[n] = static_cast<std::uint32_t>(n);
  }
  // Samples grouped by that occurrence: each group is one inverted path.
  std::vector<std::pair<std::uint32_t, std::int64_t>> occurrences;
  for (std::size_t s = 0; s < data.samples.size(); ++s) {
    const std::uint32_t at = outermost[data.samples[s].node];
    if (stacks.sampleKept[s] && at != kNoNode)
      occurrences.emplace_back(at, stacks.value(s));
  }
  std::sort(occurrences.begin(), occurrences.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < occurrences.size();) {
    const std::uint32_t at = occurrences[i].first;
    std::int64_t value = 0;
    for (; i < occurrences.size() && occurrences[i].first == at; ++i)
      value += occurrences[i].second;
    // Walk the callers up to the root; the outermost one holds the value as "self".
    std::uint32_t node = 0;
    for (std::uint32_t n = data.nodes[at].parent; n != 0; n = data.nodes[n].parent) {
      const std::uint32_t frame = data.nodes[n].frame;
      if (!stacks.hidden(frame))
        node = assembler.child(node, stacks.frameName[frame]);
    }
    addValue(assembler, node, value, side.asBase);
  }
  if (side.wholeTotal)
    *side.wholeTotal = visibleTotal(stacks);
}

// Adds one side's paths.
using AddHalf = void (*)(const SandwichSide&, const CompiledProfileFilter&, CallTreeNames&,
                         std::uint32_t, CallTreeAssembler&);

// One half of the sandwich of `function`, from `current` alone or against `base`.
CallTree buildHalf(AddHalf add, const ProfileData& current, const ProfileData* base, int sampleType,
                   const std::string& function, const ProfileFilter& filter) {
  const std::optional<CompiledProfileFilter> compiled = CompiledProfileFilter::compile(filter);
  if (!compiled)
    return {};
  CallTreeNames names;
  const std::uint32_t root = names.intern(function);
  const int type = resolveSampleType(current, sampleType);
  CallTreeAssembler assembler(root, current.nodes.size() + (base ? base->nodes.size() : 0));
  std::int64_t currentTotal = 0;
  std::int64_t baseTotal = 0;
  add({current, type, current.dropFrames, current.keepFrames, false,
       base ? &currentTotal : nullptr},
      *compiled, names, root, assembler);
  if (base) {
    add({*base, matchSampleType(current, type, *base), current.dropFrames, current.keepFrames, true,
         &baseTotal},
        *compiled, names, root, assembler);
  }
  CallTree tree = assembler.finish(names.take(), typeOf(current, type));
  if (base) {
    // Colours and changes are shares of the whole profiles, as in the flame graph above.
    tree.differential = true;
    tree.shareDenominator = currentTotal;
    tree.baseShareDenominator = baseTotal;
  }
  return tree;
}

}  // namespace

CallTree buildCalleesTree(const ProfileData& profile, int sampleType, const std::string& function,
                          const ProfileFilter& filter) {
  return buildHalf(addCallees, profile, nullptr, sampleType, function, filter);
}

CallTree buildCallersTree(const ProfileData& profile, int sampleType, const std::string& function,
                          const ProfileFilter& filter) {
  return buildHalf(addCallers, profile, nullptr, sampleType, function, filter);
}

CallTree buildDiffCalleesTree(const ProfileData& current, const ProfileData& base, int sampleType,
                              const std::string& function, const ProfileFilter& filter) {
  return buildHalf(addCallees, current, &base, sampleType, function, filter);
}

CallTree buildDiffCallersTree(const ProfileData& current, const ProfileData& base, int sampleType,
                              const std::string& function, const ProfileFilter& filter) {
  return buildHalf(addCallers, current, &base, sampleType, function, filter);
}

}  // namespace sightline
