#include "model/profiles/call_tree_assembler.h"

#include <algorithm>
#include <bit>
#include <numeric>

namespace sightline {
namespace {

// filepath.Base as pprof uses it for "[binary]" names.
std::string_view baseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/')
    path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || path.size() == 1)
    return path;
  return path.substr(slash + 1);
}

}  // namespace

std::uint32_t CallTreeNames::intern(std::string_view name) {
  const auto [it, inserted] =
      m_index.try_emplace(std::string(name), static_cast<std::uint32_t>(m_names.size()));
  if (inserted)
    m_names.emplace_back(name);
  return it->second;
}

std::vector<std::uint32_t> CallTreeNames::frameNames(const ProfileData& profile) {
  std::vector<std::uint32_t> byFunction(profile.functions.size(), kNoNode);
  std::vector<std::uint32_t> names(profile.frames.size(), 0);
  for (std::size_t i = 0; i < profile.frames.size(); ++i) {
    const ProfileFrame& frame = profile.frames[i];
    const bool known = frame.function < profile.functions.size();
    if (known && !profile.functions[frame.function].name.empty()) {
      std::uint32_t& cached = byFunction[frame.function];
      if (cached == kNoNode)
        cached = intern(profile.functions[frame.function].name);
      names[i] = cached;
      continue;
    }
    // A nameless function: pprof names the node after the binary it came from.
    const std::string* binary = frame.mapping < profile.mappings.size()
                                    ? &profile.mappings[frame.mapping].fileName
                                    : nullptr;
    if (binary && !binary->empty()) {
      // Appended piece by piece: GCC 12's -O3 -Wrestrict misfires on "[" + string + "]".
      std::string bracketed(1, '[');
      bracketed.append(baseName(*binary));
      bracketed.push_back(']');
      names[i] = intern(bracketed);
    } else {
      names[i] = intern("<unknown>");
    }
  }
  return names;
}

std::uint32_t ChildIndex::find(std::uint32_t parent, std::uint32_t name) const {
  if (m_keys.empty())
    return kNoNode;
  const std::uint64_t wanted = key(parent, name);
  const std::size_t mask = m_keys.size() - 1;
  for (std::size_t slot = slotOf(wanted);; slot = (slot + 1) & mask) {
    if (m_keys[slot] == wanted)
      return m_nodes[slot];
    if (m_keys[slot] == 0)
      return kNoNode;
  }
}

void ChildIndex::insert(std::uint32_t parent, std::uint32_t name, std::uint32_t node) {
  if ((m_size + 1) * 2 > m_keys.size())
    grow();
  const std::uint64_t k = key(parent, name);
  const std::size_t mask = m_keys.size() - 1;
  std::size_t slot = slotOf(k);
  while (m_keys[slot] != 0)
    slot = (slot + 1) & mask;
  m_keys[slot] = k;
  m_nodes[slot] = node;
  ++m_size;
}

void ChildIndex::grow() {
  std::vector<std::uint64_t> keys = std::move(m_keys);
  std::vector<std::uint32_t> nodes = std::move(m_nodes);
  const std::size_t capacity = keys.empty() ? 1024 : keys.size() * 2;
  reserveBig(m_keys, capacity);
  reserveBig(m_nodes, capacity);
  m_keys.assign(capacity, 0);
  m_nodes.assign(capacity, 0);
  m_shift = 64 - std::countr_zero(capacity);
  const std::size_t mask = capacity - 1;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == 0)
      continue;
    std::size_t slot = slotOf(keys[i]);
    while (m_keys[slot] != 0)
      slot = (slot + 1) & mask;
    m_keys[slot] = keys[i];
    m_nodes[slot] = nodes[i];
  }
}

CallTreeAssembler::CallTreeAssembler(std::uint32_t rootName, std::size_t expectedNodes) {
  // Advised, not prefaulted: many trees (focused, callees, callers) use a fraction of it.
  reserveBig(m_nodes, expectedNodes);
  Node root;
  root.name = rootName;
  root.live = 1;  // the root stays even when nothing is left
  m_nodes.push_back(root);
}

std::uint32_t CallTreeAssembler::child(std::uint32_t parent, std::uint32_t name) {
  // Most nodes of a profile have one child (the tail of a stack nobody else shares): that
  // case is one comparison with a neighbour in memory; wider nodes use the hash index.
  const std::uint32_t count = m_nodes[parent].childCount;
  if (count == 1) {
    const std::uint32_t only = m_nodes[parent].firstChild;
    if (m_nodes[only].name == name)
      return only;
  } else if (count > 1) {
    if (const std::uint32_t found = m_index.find(parent, name); found != kNoNode)
      return found;
  }

  const auto node = static_cast<std::uint32_t>(m_nodes.size());
  Node created;
  created.parent = parent;
  created.name = name;
  created.nextSibling = m_nodes[parent].firstChild;
  m_nodes.push_back(created);
  if (!m_baseSelf.empty())
    m_baseSelf.push_back(0);

  Node& above = m_nodes[parent];
  if (count == 1)
    m_index.insert(parent, m_nodes[above.firstChild].name, above.firstChild);
  if (count >= 1)
    m_index.insert(parent, name, node);
  above.firstChild = node;
  above.childCount = count + 1;
  return node;
}

void CallTreeAssembler::addBaseSelf(std::uint32_t node, std::int64_t value) {
  if (m_baseSelf.empty())
    m_baseSelf.assign(m_nodes.size(), 0);
  m_baseSelf[node] += value;
  m_nodes[node].live |= value != 0;
}

std::size_t CallTreeAssembler::propagateLive() {
  // Children were created after their parents, so one backward pass finds the nodes some
  // sample reaches.
  std::size_t liveCount = 1;
  for (std::size_t i = m_nodes.size() - 1; i > 0; --i) {
    if (m_nodes[i].live) {
      m_nodes[m_nodes[i].parent].live = 1;
      ++liveCount;
    }
  }
  return liveCount;
}

CallTree CallTreeAssembler::finish(std::vector<std::string> names,
                                   const ProfileValueType& sampleType,
                                   std::vector<std::uint8_t>* occurrences,
                                   std::vector<std::uint32_t>* treeIndex) {
  const bool differential = !m_baseSelf.empty();

  const std::size_t liveCount = propagateLive();

  std::vector<std::uint32_t> rank(names.size());
  {
    std::vector<std::uint32_t> byName(names.size());
    std::iota(byName.begin(), byName.end(), 0u);
    std::sort(byName.begin(), byName.end(),
              [&names](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    for (std::uint32_t r = 0; r < byName.size(); ++r)
      rank[byName[r]] = r;
  }

  // Depth-first layout that gives each node's children one block, appended when the node
  // is reached: a chain of single callees (most of a profile) comes out in creation order,
  // so reads stay nearly sequential, and every node is written once, at the end.
  CallTree tree;
  tree.sampleType = sampleType;
  tree.differential = differential;
  tree.nodes.reserve(liveCount);
  const BackgroundPrefault prefault(tree.nodes.data(), liveCount * sizeof(CallTreeNode));
  if (differential)
    tree.baseSelfs.reserve(liveCount);
  if (occurrences) {
    occurrences->clear();
    occurrences->reserve(liveCount);
  }
  if (treeIndex) {
    reserveBig(*treeIndex, m_nodes.size());
    treeIndex->assign(m_nodes.size(), kNoNode);
  }
  const auto append = [&](std::uint32_t from, std::uint32_t parent, std::uint32_t depth) {
    if (treeIndex)
      (*treeIndex)[from] = static_cast<std::uint32_t>(tree.nodes.size());
    CallTreeNode node;
    node.parent = parent;
    node.depth = depth;
    node.name = m_nodes[from].name;
    node.self = m_nodes[from].self;
    if (differential)
      tree.baseSelfs.push_back(m_baseSelf[from]);
    tree.nodes.push_back(node);
    if (occurrences)
      occurrences->push_back(m_nodes[from].occurrence);
  };
  append(0, kNoNode, 0);
  struct Pending {
    std::uint32_t at;    // index in tree.nodes
    std::uint32_t from;  // assembler node
  };
  std::vector<Pending> pending{{0, 0}};
  std::vector<std::uint32_t> kids;
  while (!pending.empty()) {
    const Pending p = pending.back();
    pending.pop_back();
    // The walk mostly moves forward through m_nodes one node at a time, but each step
    // depends on the last load: fetch ahead so that the latency overlaps.
    __builtin_prefetch(m_nodes.data() + std::min<std::size_t>(p.from + 8, m_nodes.size() - 1));
    kids.clear();
    for (std::uint32_t c = m_nodes[p.from].firstChild; c != kNoNode; c = m_nodes[c].nextSibling)
      if (m_nodes[c].live)
        kids.push_back(c);
    if (kids.empty())
      continue;
    if (kids.size() > 1) {
      std::sort(kids.begin(), kids.end(), [&](std::uint32_t a, std::uint32_t b) {
        return rank[m_nodes[a].name] < rank[m_nodes[b].name];
      });
    }
    const auto first = static_cast<std::uint32_t>(tree.nodes.size());
    const std::uint32_t depth = tree.nodes[p.at].depth + 1;
    tree.nodes[p.at].firstChild = first;
    tree.nodes[p.at].childCount = static_cast<std::uint32_t>(kids.size());
    tree.maxDepth = std::max(tree.maxDepth, depth);
    for (std::uint32_t c : kids)
      append(c, p.at, depth);
    // Leaves (most of a profile's stacks end in one) have nothing to lay out.
    for (std::size_t k = kids.size(); k-- > 0;)
      if (m_nodes[kids[k]].firstChild != kNoNode)
        pending.push_back({first + static_cast<std::uint32_t>(k), kids[k]});
    // The next node taken is kids[0]; its children are read next.
    if (const std::uint32_t grandchild = m_nodes[kids[0]].firstChild; grandchild != kNoNode)
      __builtin_prefetch(m_nodes.data() + grandchild);
  }
  // Children come after their parents here too: one backward pass adds the totals up.
  for (std::size_t i = tree.nodes.size(); i-- > 0;) {
    CallTreeNode& node = tree.nodes[i];
    node.total += node.self;
    if (i > 0)
      tree.nodes[node.parent].total += node.total;
  }
  if (differential) {
    tree.baseTotals.assign(tree.nodes.size(), 0);
    for (std::size_t i = tree.nodes.size(); i-- > 0;) {
      tree.baseTotals[i] += tree.baseSelfs[i];
      if (i > 0)
        tree.baseTotals[tree.nodes[i].parent] += tree.baseTotals[i];
    }
  }
  tree.names = std::move(names);
  return tree;
}

}  // namespace sightline
