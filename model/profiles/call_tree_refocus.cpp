#include "model/profiles/call_tree_refocus.h"

#include <algorithm>

#include "model/common/big_buffers.h"
#include "model/profiles/call_tree_stacks.h"

namespace sightline {
namespace {

constexpr std::string_view kRootName = "root";

bool sameHiding(const ProfileFilter& a, const ProfileFilter& b) {
  return a.hide == b.hide && a.show == b.show;
}

}  // namespace

RefocusableCallTree buildRefocusableCallTree(const ProfileData& profile, int sampleType,
                                             const ProfileFilter& filter) {
  RefocusableCallTree result;
  result.filter.hide = filter.hide;
  result.filter.show = filter.show;
  const std::optional<CompiledProfileFilter> compiled =
      CompiledProfileFilter::compile(result.filter);
  if (!compiled)
    return result;
  result.sampleType = resolveSampleType(profile, sampleType);
  CallTreeNames names;
  const std::uint32_t rootName = names.intern(kRootName);
  const FilteredStacks stacks = filterStacks(profile, result.sampleType, *compiled, names,
                                             profile.dropFrames, profile.keepFrames);
  CallTreeAssembler assembler(rootName, stacks.profile->nodes.size());
  std::vector<std::uint32_t> nodeOf = mapToCallTree(stacks, assembler);
  addSampleValues(stacks, nodeOf, assembler);
  std::vector<std::uint32_t> treeIndex;
  const ProfileValueType type =
      result.sampleType >= 0 ? profile.sampleTypes[static_cast<std::size_t>(result.sampleType)]
                             : ProfileValueType{};
  result.tree =
      std::make_shared<const CallTree>(assembler.finish(names.take(), type, nullptr, &treeIndex));
  // The assembler's node ids become final tree indices, in place.
  for (std::uint32_t& node : nodeOf)
    node = node == kNoNode ? kNoNode : treeIndex[node];
  result.treeNodeOfStack = std::move(nodeOf);
  result.pruned = stacks.pruned;
  return result;
}

void addParentIndex(RefocusableCallTree& tree) {
  tree.parentOf.clear();
  if (!tree.tree)
    return;
  tree.parentOf.reserve(tree.tree->nodes.size());
  for (const CallTreeNode& node : tree.tree->nodes)
    tree.parentOf.push_back(node.parent);
}

std::optional<CallTree> refocusCallTree(const RefocusableCallTree& base, const ProfileData& profile,
                                        int sampleType, const ProfileFilter& filter) {
  if (!base.tree || !sameHiding(base.filter, filter) ||
      resolveSampleType(profile, sampleType) != base.sampleType) {
    return std::nullopt;
  }
  const std::optional<CompiledProfileFilter> compiled = CompiledProfileFilter::compile(filter);
  if (!compiled)
    return std::nullopt;
  const ProfileData& data = base.pruned ? *base.pruned : profile;
  const CallTree& full = *base.tree;
  if (base.sampleType < 0 || full.nodes.empty())
    return full;

  // Which stacks pass: per-frame focus/ignore bits OR-ed from the root (pprof decides per
  // location; a location matches when one of its lines does).
  const std::vector<std::uint8_t> frameFlags = compiled->frameFlags(data);
  const bool choosing = compiled->hasFocus() || compiled->hasIgnore();
  const std::vector<std::uint8_t> labelSetKept = compiled->labelSetsKept(data);
  std::vector<std::uint8_t> path;
  if (choosing) {
    path.assign(data.nodes.size(), 0);
    for (std::size_t n = 1; n < data.nodes.size(); ++n) {
      const StackNode& node = data.nodes[n];
      path[n] = path[node.parent] | (frameFlags[node.frame] & (kFrameFocused | kFrameIgnored));
    }
  }

  // Kept samples' values at their nodes (self values for now); `reached` marks the nodes a
  // kept sample with a value ends at or below.
  const std::size_t count = full.nodes.size();
  std::vector<std::int64_t> total;
  reserveBig(total, count);
  total.assign(count, 0);
  std::vector<std::uint8_t> reached(count, 0);
  reached[0] = 1;
  const auto type = static_cast<std::size_t>(base.sampleType);
  for (std::size_t s = 0; s < data.samples.size(); ++s) {
    const std::uint32_t leaf = data.samples[s].node;
    const std::int64_t value = data.value(s, type);
    if (leaf == 0 || leaf >= data.nodes.size() || value == 0)
      continue;
    if (choosing && (path[leaf] & (kFrameFocused | kFrameIgnored)) != kFrameFocused)
      continue;
    if (!labelSetKept.empty() && (data.samples[s].labelSet >= labelSetKept.size() ||
                                  !labelSetKept[data.samples[s].labelSet])) {
      continue;
    }
    const std::uint32_t node = base.treeNodeOfStack[leaf];
    if (node == 0 || node == kNoNode)
      continue;  // every frame hidden: pprof drops the sample
    total[node] += value;
    reached[node] = 1;
  }
  // Children come after their parents in the layout: one backward pass adds totals up.
  std::vector<std::uint32_t> parents;
  const std::uint32_t* parentOf = base.parentOf.data();
  if (base.parentOf.size() != count) {
    parents.reserve(count);
    for (const CallTreeNode& node : full.nodes)
      parents.push_back(node.parent);
    parentOf = parents.data();
  }
  for (std::size_t i = count; i-- > 1;) {
    total[parentOf[i]] += total[i];
    reached[parentOf[i]] |= reached[i];
  }

  // Keep the reached nodes in their order: the survivors of a node's child block stay
  // contiguous and sorted, which is exactly the layout a fresh build gives them. A node's
  // self value is its total less its children's, taken off as the children are placed.
  CallTree tree;
  tree.names = full.names;
  tree.sampleType = full.sampleType;
  tree.differential = false;
  std::vector<std::uint32_t> newIndex;
  reserveBig(newIndex, count);
  newIndex.assign(count, kNoNode);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i)
    kept += reached[i];
  tree.nodes.reserve(kept);
  const BackgroundPrefault prefault(tree.nodes.data(), kept * sizeof(CallTreeNode));
  for (std::size_t i = 0; i < count; ++i) {
    if (!reached[i])
      continue;
    const CallTreeNode& from = full.nodes[i];
    const auto at = static_cast<std::uint32_t>(tree.nodes.size());
    newIndex[i] = at;
    CallTreeNode node;
    node.name = from.name;
    node.depth = from.depth;
    node.self = total[i];
    node.total = total[i];
    if (i > 0) {
      node.parent = newIndex[from.parent];
      CallTreeNode& parent = tree.nodes[node.parent];
      parent.self -= total[i];
      if (parent.childCount++ == 0)
        parent.firstChild = at;
      tree.maxDepth = std::max(tree.maxDepth, node.depth);
    }
    tree.nodes.push_back(node);
  }
  return tree;
}

}  // namespace sightline
