#pragma once

// Hand-built call trees for the flame graph tests (a CallTree is a plain struct).
#include <string>
#include <vector>

#include "model/profiles/call_tree.h"

namespace sightline::test {

struct NodeSpec {
  int parent;  // index into the spec list, -1 for the root
  const char* name;
  std::int64_t total;
  std::int64_t baseTotal = 0;
};

// Specs must list the children of each node contiguously, after their parent (breadth first
// does this). Self values are the total minus the children's totals.
inline CallTree makeCallTree(const std::vector<NodeSpec>& specs, bool differential = false) {
  CallTree tree;
  tree.differential = differential;
  tree.sampleType = {"cpu", "nanoseconds"};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    CallTreeNode node;
    node.parent = specs[i].parent < 0 ? kNoNode : static_cast<std::uint32_t>(specs[i].parent);
    node.total = specs[i].total;
    node.self = specs[i].total;
    if (differential) {
      tree.baseTotals.push_back(specs[i].baseTotal);
      tree.baseSelfs.push_back(specs[i].baseTotal);
    }
    std::uint32_t name = 0;
    while (name < tree.names.size() && tree.names[name] != specs[i].name)
      ++name;
    if (name == tree.names.size())
      tree.names.emplace_back(specs[i].name);
    node.name = name;
    if (node.parent != kNoNode) {
      CallTreeNode& parent = tree.nodes[node.parent];
      if (parent.childCount == 0)
        parent.firstChild = static_cast<std::uint32_t>(i);
      ++parent.childCount;
      parent.self -= node.total;
      if (differential)
        tree.baseSelfs[node.parent] -= specs[i].baseTotal;
      node.depth = parent.depth + 1;
      tree.maxDepth = std::max(tree.maxDepth, node.depth);
    }
    tree.nodes.push_back(node);
  }
  return tree;
}

// A CPU profile of 1000 ns. At 500 px, tiny1..tiny3 are half a pixel wide each.
//  0 root 1000
//    1 main 900: 3 work 600 (9 compute 500, 10 zero 0), 4 tiny1 1 (11 deep 1), 5 tiny2 1,
//                6 tiny3 1, 7 io 200 (12 read 150)
//    2 gc 100: 8 mark 100
inline CallTree sampleTree() {
  return makeCallTree({
      {-1, "root", 1000},
      {0, "main", 900},
      {0, "runtime.gc", 100},
      {1, "work", 600},
      {1, "tiny1", 1},
      {1, "tiny2", 1},
      {1, "tiny3", 1},
      {1, "io", 200},
      {2, "mark", 100},
      {3, "compute", 500},
      {3, "zero", 0},
      {4, "deep", 1},
      {7, "read", 150},
  });
}

}  // namespace sightline::test
