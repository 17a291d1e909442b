// The two halves of the sandwich view (call_tree.h): callers (inverted) and callees of one
// function. A stack that holds the function several times (recursion) counts once, from
// its outermost occurrence, so both roots' totals equal the function's cum in -top.

#include <algorithm>

#include "model/call_tree.h"
#include "model/call_tree_stacks.h"

namespace sightline {
namespace {

struct SandwichInput {
  std::optional<CompiledProfileFilter> filter;
  int type = -1;
  CallTreeNames names;
  std::uint32_t function = 0;  // name id of the function
};

SandwichInput prepare(const ProfileData& profile, int sampleType, const std::string& function,
                      const ProfileFilter& filter) {
  SandwichInput input;
  input.filter = CompiledProfileFilter::compile(filter);
  input.type = resolveSampleType(profile, sampleType);
  input.function = input.names.intern(function);
  return input;
}

ProfileValueType typeOf(const ProfileData& profile, int type) {
  return type >= 0 ? profile.sampleTypes[static_cast<std::size_t>(type)] : ProfileValueType{};
}

}  // namespace

CallTree buildCalleesTree(const ProfileData& profile, int sampleType, const std::string& function,
                          const ProfileFilter& filter) {
  SandwichInput input = prepare(profile, sampleType, function, filter);
  if (!input.filter)
    return {};
  const FilteredStacks stacks = filterStacks(profile, input.type, *input.filter, input.names,
                                             profile.dropFrames, profile.keepFrames);
  const ProfileData& data = *stacks.profile;
  CallTreeAssembler assembler(input.function, data.nodes.size());
  // The tree below the outermost occurrence of the function on each path.
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
    else if (stacks.frameName[node.frame] == input.function)
      nodeOf[n] = 0;
  }
  for (std::size_t s = 0; s < data.samples.size(); ++s) {
    const std::uint32_t node = nodeOf[data.samples[s].node];
    if (stacks.sampleKept[s] && node != kNoNode)
      assembler.addSelf(node, stacks.value(s));
  }
  return assembler.finish(input.names.take(), typeOf(profile, input.type));
}

CallTree buildCallersTree(const ProfileData& profile, int sampleType, const std::string& function,
                          const ProfileFilter& filter) {
  SandwichInput input = prepare(profile, sampleType, function, filter);
  if (!input.filter)
    return {};
  const FilteredStacks stacks = filterStacks(profile, input.type, *input.filter, input.names,
                                             profile.dropFrames, profile.keepFrames);
  const ProfileData& data = *stacks.profile;

  // The trie node of the outermost visible occurrence of the function on each path.
  std::vector<std::uint32_t> outermost(data.nodes.size(), kNoNode);
  for (std::size_t n = 1; n < data.nodes.size(); ++n) {
    if (!stacks.liveNode[n])
      continue;
    const StackNode& node = data.nodes[n];
    outermost[n] = outermost[node.parent];
    if (outermost[n] == kNoNode && !stacks.hidden(node.frame) &&
        stacks.frameName[node.frame] == input.function)
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

  CallTreeAssembler assembler(input.function, occurrences.size() * 8 + 1);
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
    assembler.addSelf(node, value);
  }
  return assembler.finish(input.names.take(), typeOf(profile, input.type));
}

}  // namespace sightline
