#include "importers/pprof_stacks.h"

namespace sightline {
namespace {

std::uint64_t stackHash(std::span<const std::uint32_t> locations) {
  std::uint64_t hash = 0x9e3779b97f4a7c15ull ^ locations.size();
  for (const std::uint32_t location : locations) {
    hash ^= location;
    hash *= 0xff51afd7ed558ccdull;
    hash ^= hash >> 32;
  }
  return hash;
}

}  // namespace

PprofStackResolver::PprofStackResolver(ProfileBuilder& builder,
                                       const std::vector<LocationFrames>& locations,
                                       const std::vector<std::uint32_t>& locationFrames)
    : m_builder(builder), m_locations(locations), m_locationFrames(locationFrames) {
  m_nodes.push_back(StackNode{0, 0});
}

bool PprofStackResolver::isStackOf(std::uint32_t node,
                                   std::span<const std::uint32_t> leafFirst) const {
  for (const std::uint32_t location : leafFirst) {
    const LocationFrames& frames = m_locations[location];
    for (std::uint32_t f = frames.begin; f < frames.end; ++f) {
      if (node == 0 || m_nodes[node].frame != m_locationFrames[f])
        return false;
      node = m_nodes[node].parent;
    }
  }
  return node == 0;
}

std::uint32_t PprofStackResolver::resolve(std::span<const std::uint32_t> locationsLeafFirst) {
  const std::uint64_t hash = stackHash(locationsLeafFirst);
  if (const auto it = m_nodeByHash.find(hash);
      it != m_nodeByHash.end() && isStackOf(it->second, locationsLeafFirst)) {
    return it->second;
  }
  std::uint32_t node = 0;
  for (auto it = locationsLeafFirst.rbegin(); it != locationsLeafFirst.rend(); ++it) {
    const LocationFrames& frames = m_locations[*it];
    for (std::uint32_t f = frames.end; f > frames.begin; --f) {
      const std::uint32_t parent = node;
      node = m_builder.child(parent, m_locationFrames[f - 1]);
      if (node == m_nodes.size())  // a new node of the builder's trie
        m_nodes.push_back(StackNode{parent, m_locationFrames[f - 1]});
    }
  }
  // On a hash collision the newer stack takes the slot; the older one still resolves,
  // through the builder's trie.
  m_nodeByHash[hash] = node;
  return node;
}

}  // namespace sightline
