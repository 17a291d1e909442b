#include "ui/profiles/flame_graph_view_search.h"

#include <algorithm>

namespace sightline {

std::vector<std::uint8_t> matchNames(const std::vector<std::string>& names,
                                     const QRegularExpression& pattern) {
  std::vector<std::uint8_t> matches(names.size(), 0);
  if (!pattern.isValid() || pattern.pattern().isEmpty())
    return matches;
  for (std::size_t i = 0; i < names.size(); ++i) {
    matches[i] = pattern.match(QString::fromStdString(names[i])).hasMatch() ? 1 : 0;
  }
  return matches;
}

FlameSearchResult searchCallTree(const CallTree& tree, std::span<const std::uint32_t> order,
                                 std::span<const std::uint8_t> nameMatches) {
  FlameSearchResult result;
  result.active = true;
  result.marks.assign(tree.nodes.size(), 0);
  // covered[n]: n or one of its ancestors matches, so n's value is already counted.
  std::vector<std::uint8_t> covered(tree.nodes.size(), 0);
  for (std::uint32_t node : order) {
    if (node == 0)
      continue;
    const CallTreeNode& n = tree.nodes[node];
    const bool parentCovered = n.parent < covered.size() && covered[n.parent] != 0;
    const bool match = n.name < nameMatches.size() && nameMatches[n.name] != 0;
    if (match) {
      result.marks[node] = kSearchMatch | kSearchSubtreeMatch;
      ++result.matchCount;
      if (!parentCovered)
        result.matchedTotal += std::max<std::int64_t>(0, n.total);
    }
    covered[node] = parentCovered || match ? 1 : 0;
  }
  // Children after parents in `order`, so walking it backwards lifts marks to the root.
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const CallTreeNode& n = tree.nodes[*it];
    if ((result.marks[*it] & kSearchSubtreeMatch) != 0 && n.parent < result.marks.size())
      result.marks[n.parent] |= kSearchSubtreeMatch;
  }
  const std::int64_t total = tree.total();
  result.fraction =
      total > 0 ? std::clamp(static_cast<double>(result.matchedTotal) / static_cast<double>(total),
                             0.0, 1.0)
                : 0.0;
  return result;
}

}  // namespace sightline
