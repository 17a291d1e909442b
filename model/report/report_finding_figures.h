#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnosis/finding.h"
#include "model/profiles/call_tree.h"
#include "model/store/workspace.h"

namespace sightline {

// A finding card's flame-graph excerpt: where the finding's function spends its time (its
// callees tree in the finding's profile), or, when the function spends it in its own code,
// who calls it (its callers tree, the function at the top); cut below kFindingFlameDepth
// levels.
struct FindingFlame {
  std::string function;
  bool callers = false;  // the callers tree
  std::int64_t profileId = 0;
  std::string sampleType;  // "cpu/nanoseconds"
  CallTree tree;
  std::size_t nodesCut = 0;  // nodes below the depth limit, not drawn
};

inline constexpr std::uint32_t kFindingFlameDepth = 6;

// A finding card's sparkline: the first metric series of its evidence around the evidence's
// time range, at most kSparklinePoints points (evenly thinned).
struct FindingSparkline {
  std::string series;                                   // name{labels}
  std::vector<std::pair<std::int64_t, double>> points;  // (ms, value), in time order
  std::int64_t highlightFromMs = 0;                     // the evidence's range
  std::int64_t highlightToMs = 0;
  std::size_t pointsThinned = 0;
};

inline constexpr std::size_t kSparklinePoints = 120;

// Caches profiles between the cards: several findings often name the same profile.
class FindingFigureReader {
 public:
  explicit FindingFigureReader(Workspace& workspace) : m_workspace(workspace) {}

  // Nothing when the finding names no function of a profile, or the profile is gone.
  std::optional<FindingFlame> flame(const Finding& finding);
  // Nothing when the finding's evidence names no metric series the workspace holds.
  std::optional<FindingSparkline> sparkline(const Finding& finding);

 private:
  Workspace& m_workspace;
  std::int64_t m_profileId = 0;
  std::optional<ProfileData> m_profile;
};

// The tree with the nodes deeper than `depth` (the root is 0) left out; their time stays in
// their ancestors' totals. `cut`, when given, receives how many nodes were left out.
CallTree callTreeToDepth(const CallTree& tree, std::uint32_t depth, std::size_t* cut = nullptr);

}  // namespace sightline
