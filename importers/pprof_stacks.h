#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "model/profile_builder.h"

namespace sightline {

// Where one pprof location's frames live in a shared frame list (leaf first: the inlined
// callee, then its callers, the location's outermost function last).
struct LocationFrames {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Turns a sample's stack of locations into a node of the profile's stack trie. Most samples
// repeat a stack seen before, so a whole stack is first looked up by its hash and checked
// frame by frame against a copy of the trie's parent links (plain vector reads): one hash
// lookup per sample instead of one per frame. Only new stacks walk the builder's trie.
class PprofStackResolver {
 public:
  PprofStackResolver(ProfileBuilder& builder, const std::vector<LocationFrames>& locations,
                     const std::vector<std::uint32_t>& locationFrames);

  // `locationsLeafFirst` are indices into `locations`, as pprof orders them.
  std::uint32_t resolve(std::span<const std::uint32_t> locationsLeafFirst);

 private:
  bool isStackOf(std::uint32_t node, std::span<const std::uint32_t> leafFirst) const;

  ProfileBuilder& m_builder;
  const std::vector<LocationFrames>& m_locations;
  const std::vector<std::uint32_t>& m_locationFrames;
  std::vector<StackNode> m_nodes;  // the builder's trie nodes, as they were created
  std::unordered_map<std::uint64_t, std::uint32_t> m_nodeByHash;  // stack hash → leaf node
};

}  // namespace sightline
