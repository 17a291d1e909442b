#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/profiles/profile_data.h"

namespace sightline {

// A trie of stacks keyed by small integers (frames, or a reader's own location ids),
// root first. Node 0 is the root. Inserting a path that exists returns the existing node,
// which is how identical stacks get merged before any call tree is built.
class StackTrie {
 public:
  StackTrie();
  std::uint32_t child(std::uint32_t parent, std::uint32_t key);
  const std::vector<StackNode>& nodes() const { return m_nodes; }
  std::vector<StackNode> takeNodes();
  std::size_t size() const { return m_nodes.size(); }

 private:
  // Children of a node form a singly linked list, newest first; a parent with more than
  // kListLimit children is moved to the hash index instead.
  struct Links {
    std::uint32_t firstChild;
    std::uint32_t nextSibling;
  };
  static constexpr std::uint32_t kNone = 0xffffffffu;
  static constexpr std::uint32_t kIndexed = 0xfffffffeu;  // Links::firstChild of a wide parent
  static constexpr int kListLimit = 8;

  std::uint32_t append(std::uint32_t parent, std::uint32_t key);
  std::uint32_t findIndexed(std::uint32_t parent, std::uint32_t key) const;
  void insertIndexed(std::uint32_t parent, std::uint32_t key, std::uint32_t node);
  void moveToIndex(std::uint32_t parent);
  void growIndex();

  std::vector<StackNode> m_nodes;
  std::vector<Links> m_links;
  // Most nodes of a large profile have one child, and new nodes arrive in runs (a new stack
  // is new from its first unseen frame to the leaf), so lists keep a lookup in memory that
  // was just written. Only wide parents (the root, dispatch loops) pay for hashing:
  // open addressing (parent << 32 | key) → node, linear probing, at most 70 % full.
  std::vector<std::uint64_t> m_slotKeys;
  std::vector<std::uint32_t> m_slotNodes;
  std::size_t m_slotMask = 0;
  std::size_t m_indexed = 0;
};

// Assembles a ProfileData: deduplicates functions, frames and label sets, inserts stacks
// into the trie and merges samples of the same (stack, label set) by adding their values.
// Memory grows with the distinct stacks, not with the number of samples added.
class ProfileBuilder {
 public:
  // Header fields (sample types first: addSample needs their count), mappings and comments
  // are set directly on data().
  ProfileData& data() { return m_data; }

  std::uint32_t addMapping(ProfileMapping mapping);
  // Returns the existing index when a function with the same name, system name, file and
  // start line was added before.
  std::uint32_t internFunction(const ProfileFunction& function);
  std::uint32_t internFrame(const ProfileFrame& frame);
  // Label sets compare in the order given; readers keep the file's order.
  std::uint32_t internLabelSet(std::vector<ProfileLabel> labels);

  // The node for `frame` called from `parent` (0 = the root).
  std::uint32_t child(std::uint32_t parent, std::uint32_t frame) {
    return m_trie.child(parent, frame);
  }
  // The node of a whole stack given leaf first (pprof's order).
  std::uint32_t stackFromLeaf(std::span<const std::uint32_t> framesLeafFirst);

  // Adds `values` (one per sample type) to the sample of (node, labelSet).
  // Returns the sample's index.
  std::uint32_t addSample(std::uint32_t node, std::uint32_t labelSet,
                          std::span<const std::int64_t> values);
  // Adds `values` to the sample at `index` (one addSample() returned).
  void addToSample(std::uint32_t index, std::span<const std::int64_t> values) {
    std::int64_t* target = m_data.values.data() + std::size_t{index} * m_data.sampleTypes.size();
    const std::size_t count = std::min(values.size(), m_data.sampleTypes.size());
    for (std::size_t t = 0; t < count; ++t)
      target[t] += values[t];
  }
  // Starts loading the values of sample `index` into the cache.
  void prefetchSample(std::uint32_t index) const {
    __builtin_prefetch(m_data.values.data() + std::size_t{index} * m_data.sampleTypes.size());
  }

  std::size_t nodeCount() const { return m_trie.size(); }
  // The trie built so far (node 0 = root); valid until the next child()/finish().
  const std::vector<StackNode>& trieNodes() const { return m_trie.nodes(); }

  // Moves the assembled profile out; the builder is empty afterwards.
  ProfileData finish();

 private:
  ProfileData m_data;
  StackTrie m_trie;
  std::unordered_map<std::string, std::uint32_t> m_functionIndex;
  std::unordered_map<std::string, std::uint32_t> m_frameIndex;
  std::unordered_map<std::string, std::uint32_t> m_labelSetIndex;
  static constexpr std::uint32_t kNoSample = 0xffffffffu;
  std::vector<std::uint32_t> m_unlabelledSample;  // node → sample without labels
  std::unordered_map<std::uint64_t, std::uint32_t> m_labelledSample;  // (node << 32 | labelSet)
  bool m_labelSetsStarted = false;
};

}  // namespace sightline
