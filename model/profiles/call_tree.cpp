#include "model/profiles/call_tree.h"

#include "model/profiles/call_tree_stacks.h"

namespace sightline {
namespace {

// pprof's flame graph calls its root "root".
constexpr std::string_view kRootName = "root";

ProfileValueType typeOf(const ProfileData& profile, int type) {
  return type >= 0 ? profile.sampleTypes[static_cast<std::size_t>(type)] : ProfileValueType{};
}

}  // namespace

CallTree buildCallTree(const ProfileData& profile, int sampleType, const ProfileFilter& filter) {
  const std::optional<CompiledProfileFilter> compiled = CompiledProfileFilter::compile(filter);
  if (!compiled)
    return {};
  const int type = resolveSampleType(profile, sampleType);
  CallTreeNames names;
  const std::uint32_t rootName = names.intern(kRootName);
  const FilteredStacks stacks =
      filterStacks(profile, type, *compiled, names, profile.dropFrames, profile.keepFrames);
  CallTreeAssembler assembler(rootName, stacks.profile->nodes.size());
  addSampleValues(stacks, mapToCallTree(stacks, assembler), assembler);
  return assembler.finish(names.take(), typeOf(profile, type));
}

CallTree buildDiffCallTree(const ProfileData& current, const ProfileData& base, int sampleType,
                           const ProfileFilter& filter) {
  const std::optional<CompiledProfileFilter> compiled = CompiledProfileFilter::compile(filter);
  if (!compiled)
    return {};
  const int type = resolveSampleType(current, sampleType);
  const int baseType = matchSampleType(current, type, base);
  CallTreeNames names;
  const std::uint32_t rootName = names.intern(kRootName);
  // One set of paths for both: pprof merges the two profiles and prunes the merged one
  // with the first profile's drop_frames.
  CallTreeAssembler assembler(rootName, current.nodes.size() + base.nodes.size());
  {
    const FilteredStacks stacks =
        filterStacks(current, type, *compiled, names, current.dropFrames, current.keepFrames);
    addSampleValues(stacks, mapToCallTree(stacks, assembler), assembler);
  }
  {
    const FilteredStacks stacks =
        filterStacks(base, baseType, *compiled, names, current.dropFrames, current.keepFrames);
    addSampleValues(stacks, mapToCallTree(stacks, assembler), assembler, /*asBase=*/true);
  }
  CallTree tree = assembler.finish(names.take(), typeOf(current, type));
  tree.differential = true;
  return tree;
}

bool sameCallTree(const CallTree& a, const CallTree& b) {
  if (a.nodes.size() != b.nodes.size() || a.names.size() != b.names.size() ||
      a.differential != b.differential || a.maxDepth != b.maxDepth ||
      a.sampleType.type != b.sampleType.type || a.sampleType.unit != b.sampleType.unit ||
      a.baseTotals != b.baseTotals || a.baseSelfs != b.baseSelfs ||
      a.shareDenominator != b.shareDenominator ||
      a.baseShareDenominator != b.baseShareDenominator) {
    return false;
  }
  const bool sameNames = a.names == b.names;
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    const CallTreeNode& x = a.nodes[i];
    const CallTreeNode& y = b.nodes[i];
    if (x.parent != y.parent || x.firstChild != y.firstChild || x.childCount != y.childCount ||
        x.depth != y.depth || x.total != y.total || x.self != y.self ||
        (sameNames ? x.name != y.name : a.names[x.name] != b.names[y.name])) {
      return false;
    }
  }
  return true;
}

}  // namespace sightline
