#pragma once

#include <cstdint>

namespace sightline {

// The part of a workspace a diagnosis looks at: a time window [fromNs, toNs]. Traces belong
// to it when they start in it (all their spans come along), profiles when the time they cover
// overlaps it, metric points when they were taken in it. The default is everything, so that
// the two sides of a before/after report can each be diagnosed on their own: a rule comparing
// snapshots (a restart) or profiles (a regression) never compares across the two runs.
struct DiagnosisScope {
  std::uint64_t fromNs = 0;
  std::uint64_t toNs = UINT64_MAX;

  bool isWhole() const { return fromNs == 0 && toNs == UINT64_MAX; }
  bool contains(std::uint64_t ns) const { return ns >= fromNs && ns <= toNs; }
  bool overlaps(std::uint64_t startNs, std::uint64_t endNs) const {
    return startNs <= toNs && endNs >= fromNs;
  }
};

}  // namespace sightline
