#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/common/big_buffers.h"
#include "model/profiles/call_tree.h"

namespace sightline {

// The distinct names of a call tree. Frames get pprof's function-granularity node names:
// the function's name, or for a nameless function "[binary]" (the mapping's base name) or
// "<unknown>", as pprof prints them.
class CallTreeNames {
 public:
  std::uint32_t intern(std::string_view name);
  // Name id of every frame of `profile`, interning as needed (one lookup per function).
  std::vector<std::uint32_t> frameNames(const ProfileData& profile);
  std::vector<std::string> take() { return std::move(m_names); }

 private:
  std::vector<std::string> m_names;
  std::unordered_map<std::string, std::uint32_t> m_index;
};

// Open-addressing map from a (parent, name) pair to a node. Only parents with several
// children use it; most nodes have one child.
class ChildIndex {
 public:
  std::uint32_t find(std::uint32_t parent, std::uint32_t name) const;
  void insert(std::uint32_t parent, std::uint32_t name, std::uint32_t node);

 private:
  static std::uint64_t key(std::uint32_t parent, std::uint32_t name) {
    return (static_cast<std::uint64_t>(parent) + 1) << 32 | name;  // never 0 (= empty slot)
  }
  std::size_t slotOf(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> m_shift);
  }
  void grow();

  std::vector<std::uint64_t> m_keys;
  std::vector<std::uint32_t> m_nodes;
  std::size_t m_size = 0;
  int m_shift = 64;
};

// Bits a caller can attach to nodes while assembling (pprof's inline edges for -top).
enum CallTreeOccurrence : std::uint8_t {
  kReachedInline = 1,     // some stack reaches the node through an inlined call
  kReachedNotInline = 2,  // some stack reaches it through an ordinary call
};

// Builds a call tree node by node: find-or-create children by name, add self values, then
// finish() adds totals up, drops nodes no sample with a non-zero value reaches, sorts
// children by name and lays the tree out with each node's children in one block.
class CallTreeAssembler {
 public:
  CallTreeAssembler(std::uint32_t rootName, std::size_t expectedNodes);

  std::uint32_t child(std::uint32_t parent, std::uint32_t name);
  std::size_t size() const { return m_nodes.size(); }

  void addSelf(std::uint32_t node, std::int64_t value) {
    m_nodes[node].self += value;
    m_nodes[node].live |= value != 0;
  }
  void addBaseSelf(std::uint32_t node, std::int64_t value);
  void markOccurrence(std::uint32_t node, std::uint8_t bits) { m_nodes[node].occurrence |= bits; }

  // Everything a lookup touches in one place: a call tree has millions of nodes and each
  // separate array would be one more cache miss per node.
  struct Node {
    std::int64_t self = 0;
    std::uint32_t parent = kNoNode;
    std::uint32_t name = 0;
    std::uint32_t firstChild = kNoNode;   // singly linked child list, newest first
    std::uint32_t nextSibling = kNoNode;  //
    std::uint32_t childCount = 0;
    std::uint8_t live = 0;  // a sample with a non-zero value ends here or below
    std::uint8_t occurrence = 0;
  };
  // Read access for analyses that need no layout (computeTop): nodes are in creation
  // order, parents before children; children are linked from firstChild via nextSibling.
  const Node& node(std::uint32_t i) const { return m_nodes[i]; }
  std::int64_t baseSelf(std::uint32_t i) const { return m_baseSelf.empty() ? 0 : m_baseSelf[i]; }
  // Marks the ancestors of live nodes live (finish() does it too); returns how many are.
  std::size_t propagateLive();

  // `occurrences`, when given, receives the markOccurrence bits of each final node;
  // `treeIndex`, when given, the final index of each assembler node (kNoNode if dropped).
  CallTree finish(std::vector<std::string> names, const ProfileValueType& sampleType,
                  std::vector<std::uint8_t>* occurrences = nullptr,
                  std::vector<std::uint32_t>* treeIndex = nullptr);

 private:
  std::vector<Node> m_nodes;
  std::vector<std::int64_t> m_baseSelf;  // empty unless differential
  ChildIndex m_index;
};

}  // namespace sightline
