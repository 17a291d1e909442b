#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/profiles/call_tree.h"

namespace sightline {

// A call tree kept together with where each stack of its profile ended up in it, so that a
// new focus or ignore can be answered from it without building the tree again. Focus and
// ignore only choose samples — they never change a stack's path — so the focused tree is
// this tree with other self values and the nodes no kept sample reaches left out. That is
// a few linear passes instead of a build (a 2.5M-node tree: ~0.35 s to build).
struct RefocusableCallTree {
  std::shared_ptr<const CallTree> tree;  // built without focus and ignore
  // The filter the tree was built with: hide and show only.
  ProfileFilter filter;
  int sampleType = -1;  // as resolved when the tree was built
  // The profile the stacks below belong to: the input, or a copy pruned by drop_frames.
  std::shared_ptr<const ProfileData> pruned;
  // Per trie node of that profile: the tree node its stack maps to (kNoNode when no sample
  // with a value reaches it).
  std::vector<std::uint32_t> treeNodeOfStack;
  // tree->nodes[i].parent, packed: the backward pass of a refocus reads only this. Filled
  // by addParentIndex (after the first frame: it is not needed to show the tree); a
  // refocus without it reads the parents from the nodes.
  std::vector<std::uint32_t> parentOf;
};

void addParentIndex(RefocusableCallTree& tree);

// buildCallTree(profile, sampleType, {hide, show}) that remembers the stack → node map.
// `profile` must outlive the result (it is not copied).
RefocusableCallTree buildRefocusableCallTree(const ProfileData& profile, int sampleType,
                                             const ProfileFilter& filter);

// The tree buildCallTree(profile, sampleType, filter) gives — node for node, in the same
// layout — computed from `base`. `profile` is the one `base` was built from. Nothing when
// `base` cannot answer it (another sample type, hide or show) or a regex is invalid.
std::optional<CallTree> refocusCallTree(const RefocusableCallTree& base, const ProfileData& profile,
                                        int sampleType, const ProfileFilter& filter);

}  // namespace sightline
