#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <QRegularExpression>

#include "model/profiles/call_tree.h"

namespace sightline {

// The flame graph's search: which nodes match a pattern and how much of the profile they
// cover. Pure functions over a CallTree, so that the numbers can be checked on their own.

// Bits of FlameSearchResult::marks.
inline constexpr std::uint8_t kSearchMatch = 1;         // the node's name matches
inline constexpr std::uint8_t kSearchSubtreeMatch = 2;  // the node or a descendant matches

struct FlameSearchResult {
  bool active = false;              // false: no search, nothing is dimmed
  std::vector<std::uint8_t> marks;  // per node, empty when not active
  std::size_t matchCount = 0;       // matching nodes
  std::int64_t matchedTotal = 0;    // root total covered by matches, nested ones once
  double fraction = 0;              // matchedTotal / root total, 0..1
};

// For each name, whether `pattern` matches it anywhere (QRegularExpression::match).
std::vector<std::uint8_t> matchNames(const std::vector<std::string>& names,
                                     const QRegularExpression& pattern);

// Marks the nodes whose name matches (nameMatches is indexed by name) and sums the matched
// share: a match inside a matching ancestor adds nothing, since the ancestor's total already
// holds it. The root stands for "all samples" and never matches. `order` visits parents
// before children (breadthFirstOrder).
FlameSearchResult searchCallTree(const CallTree& tree, std::span<const std::uint32_t> order,
                                 std::span<const std::uint8_t> nameMatches);

}  // namespace sightline
