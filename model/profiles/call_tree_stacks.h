#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/profiles/call_tree_assembler.h"
#include "model/profiles/profile_filter.h"

namespace sightline {

// One profile made ready for call-tree building, the way pprof prepares it: drop_frames
// applied, the filter evaluated per frame, samples kept or not (focus/ignore, non-zero
// value of the chosen type), and which trie nodes any kept sample passes through.
struct FilteredStacks {
  const ProfileData* profile = nullptr;  // the input, or `pruned` when drop_frames cut frames
  std::shared_ptr<const ProfileData> pruned;
  int sampleType = -1;                   // -1: the profile has no such type (no values)
  std::vector<std::uint32_t> frameName;  // CallTreeNames id per frame
  std::vector<std::uint8_t> frameFlags;  // FrameFilterBit per frame
  std::vector<std::uint8_t> sampleKept;  // per sample
  std::vector<std::uint8_t> liveNode;    // per trie node

  std::int64_t value(std::size_t sample) const {
    return profile->value(sample, static_cast<std::size_t>(sampleType));
  }
  bool hidden(std::uint32_t frame) const { return frameFlags[frame] & kFrameHidden; }
};

// Prepares `profile`. `dropFrames`/`keepFrames` are the profile-level regexes to prune with
// (pprof uses the first profile's for a merged diff); an invalid one is ignored, as pprof does.
FilteredStacks filterStacks(const ProfileData& profile, int sampleType,
                            const CompiledProfileFilter& filter, CallTreeNames& names,
                            const std::string& dropFrames, const std::string& keepFrames);

// The sample type to read: `requested` when valid, the profile's default when negative.
int resolveSampleType(const ProfileData& profile, int requested);
// The base profile's type for `type` of `current`: same name, else the same index, else -1.
int matchSampleType(const ProfileData& current, int type, const ProfileData& base);

// Maps every live trie node to a node of `assembler` (hidden frames share their caller's).
// Nodes not reached stay kNoNode. With `markInline`, marks each node with
// CallTreeOccurrence bits: whether the frame is an inlined line of its location once
// hidden lines are gone (pprof's inline edges).
std::vector<std::uint32_t> mapToCallTree(const FilteredStacks& stacks, CallTreeAssembler& assembler,
                                         bool markInline = false);

// Adds each kept sample's value at its leaf's node (as base values with `asBase`). Samples
// whose every frame was hidden are dropped, as pprof drops them.
void addSampleValues(const FilteredStacks& stacks, const std::vector<std::uint32_t>& nodeOf,
                     CallTreeAssembler& assembler, bool asBase = false);

}  // namespace sightline
