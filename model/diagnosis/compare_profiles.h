#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/compare_side.h"

namespace sightline {

class Workspace;

// A profile that belongs to a side of a comparison.
struct CompareProfile {
  std::int64_t id = 0;
  std::int64_t sourceId = 0;
  std::string sourcePath;
  std::string sampleTypes;  // "samples/count,cpu/nanoseconds": what the profile measures
  std::uint64_t timeNs = 0;
};

// The profiles of both sides, and the pair the differential flame graph should show (the
// target's first profile, by id, that has a baseline profile measuring the same sample types;
// that baseline profile is the latest such one).
struct CompareProfiles {
  std::vector<CompareProfile> baseline;
  std::vector<CompareProfile> target;
  std::optional<std::int64_t> diffBaselineId;
  std::optional<std::int64_t> diffTargetId;
};

// The profiles of a side: for a range, those taken in it (profiles.time_ns in [from, to)); for
// a source, the source's own profiles, or, when it has none (a trace file), those taken while
// its spans ran (the profile's [time_ns, time_ns + duration_ns] overlaps [firstStartNs,
// lastEndNs]; none when it has no span).
Status listSideProfiles(const Workspace& workspace, const ResolvedCompareSide& side,
                        std::uint64_t firstStartNs, std::uint64_t lastEndNs,
                        std::vector<CompareProfile>* profiles);

// Picks the differential pair of `profiles` (fills diffBaselineId / diffTargetId).
void pickDiffPair(CompareProfiles& profiles);

}  // namespace sightline
