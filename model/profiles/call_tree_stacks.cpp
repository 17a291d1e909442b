#include "model/profiles/call_tree_stacks.h"

#include <algorithm>

#include "model/common/big_buffers.h"
#include "model/profiles/call_tree_drop_frames.h"

namespace sightline {
namespace {

// pprof's focusedAndNotIgnored over a whole stack: per-frame bits OR-ed from the root.
std::vector<std::uint8_t> pathFlags(const ProfileData& profile,
                                    const std::vector<std::uint8_t>& frameFlags) {
  std::vector<std::uint8_t> path(profile.nodes.size(), 0);
  for (std::size_t n = 1; n < profile.nodes.size(); ++n) {
    const StackNode& node = profile.nodes[n];
    path[n] = path[node.parent] | (frameFlags[node.frame] & (kFrameFocused | kFrameIgnored));
  }
  return path;
}

}  // namespace

int resolveSampleType(const ProfileData& profile, int requested) {
  if (requested >= 0 && requested < static_cast<int>(profile.typeCount()))
    return requested;
  return requested < 0 ? profile.effectiveDefaultSampleType() : -1;
}

int matchSampleType(const ProfileData& current, int type, const ProfileData& base) {
  if (type >= 0 && type < static_cast<int>(current.typeCount())) {
    const int byName =
        base.sampleTypeIndex(current.sampleTypes[static_cast<std::size_t>(type)].type);
    if (byName >= 0)
      return byName;
  }
  return type >= 0 && type < static_cast<int>(base.typeCount()) ? type : -1;
}

FilteredStacks filterStacks(const ProfileData& profile, int sampleType,
                            const CompiledProfileFilter& filter, CallTreeNames& names,
                            const std::string& dropFrames, const std::string& keepFrames) {
  FilteredStacks stacks;
  stacks.pruned = pruneDropFrames(profile, dropFrames, keepFrames);
  stacks.profile = stacks.pruned ? stacks.pruned.get() : &profile;
  const ProfileData& data = *stacks.profile;
  stacks.sampleType =
      sampleType >= 0 && sampleType < static_cast<int>(data.typeCount()) ? sampleType : -1;
  stacks.frameName = names.frameNames(data);
  stacks.frameFlags = filter.frameFlags(data);

  const std::size_t sampleCount = data.samples.size();
  stacks.sampleKept.assign(sampleCount, 0);
  stacks.liveNode.assign(data.nodes.size(), 0);
  if (stacks.sampleType < 0)
    return stacks;

  std::vector<std::uint8_t> path;
  if (filter.hasFocus() || filter.hasIgnore())
    path = pathFlags(data, stacks.frameFlags);
  const std::vector<std::uint8_t> labelSetKept = filter.labelSetsKept(data);
  for (std::size_t s = 0; s < sampleCount; ++s) {
    const std::uint32_t leaf = data.samples[s].node;
    // pprof drops samples without locations whenever it filters, which it always does.
    if (leaf == 0 || leaf >= data.nodes.size() || stacks.value(s) == 0)
      continue;
    if (!path.empty() && (path[leaf] & (kFrameFocused | kFrameIgnored)) != kFrameFocused)
      continue;
    if (!labelSetKept.empty() && (data.samples[s].labelSet >= labelSetKept.size() ||
                                  !labelSetKept[data.samples[s].labelSet])) {
      continue;
    }
    stacks.sampleKept[s] = 1;
    stacks.liveNode[leaf] = 1;
  }
  for (std::size_t n = data.nodes.size(); n-- > 1;)
    if (stacks.liveNode[n])
      stacks.liveNode[data.nodes[n].parent] = 1;
  return stacks;
}

std::vector<std::uint32_t> mapToCallTree(const FilteredStacks& stacks, CallTreeAssembler& assembler,
                                         bool markInline) {
  const ProfileData& data = *stacks.profile;
  // A profile without even a root node (built by hand) maps nothing.
  std::vector<std::uint32_t> nodeOf;
  reserveBig(nodeOf, std::max<std::size_t>(data.nodes.size(), 1));
  nodeOf.assign(std::max<std::size_t>(data.nodes.size(), 1), kNoNode);
  nodeOf[0] = 0;
  // Whether a location (a non-inlined frame and the inlined frames below it) already has a
  // visible line above this node: then this node's frame is an inlined call.
  std::vector<std::uint8_t> visibleInLocation;
  if (markInline)
    visibleInLocation.assign(data.nodes.size(), 0);
  for (std::size_t n = 1; n < data.nodes.size(); ++n) {
    if (!stacks.liveNode[n])
      continue;
    const StackNode& node = data.nodes[n];
    const bool hidden = stacks.hidden(node.frame);
    const std::uint32_t callerNode = nodeOf[node.parent];
    nodeOf[n] = hidden ? callerNode : assembler.child(callerNode, stacks.frameName[node.frame]);
    if (markInline) {
      const bool locationStart = !data.frames[node.frame].inlined || node.parent == 0;
      const bool visibleAbove = !locationStart && visibleInLocation[node.parent];
      visibleInLocation[n] = visibleAbove || !hidden;
      if (!hidden)
        assembler.markOccurrence(nodeOf[n], visibleAbove ? kReachedInline : kReachedNotInline);
    }
  }
  return nodeOf;
}

void addSampleValues(const FilteredStacks& stacks, const std::vector<std::uint32_t>& nodeOf,
                     CallTreeAssembler& assembler, bool asBase) {
  const ProfileData& data = *stacks.profile;
  for (std::size_t s = 0; s < data.samples.size(); ++s) {
    if (!stacks.sampleKept[s])
      continue;
    const std::uint32_t node = nodeOf[data.samples[s].node];
    if (node == 0 || node == kNoNode)
      continue;
    if (asBase)
      assembler.addBaseSelf(node, stacks.value(s));
    else
      assembler.addSelf(node, stacks.value(s));
  }
}

}  // namespace sightline
