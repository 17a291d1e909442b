#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "model/profiles/profile_data.h"

namespace sightline {

// pprof applies a profile's drop_frames/keep_frames to every report it makes
// (Profile.RemoveUninteresting → Prune): scanning each stack from the root, once a frame
// that is not dropped has been seen, the first location with a dropped function is cut
// off together with everything it calls. A location whose dropped line is an inlined one
// keeps its outer lines (in every stack). Returns the pruned copy, or null when nothing
// changes (no drop_frames, an invalid regex — pprof ignores it — or no match).
std::shared_ptr<const ProfileData> pruneDropFrames(const ProfileData& profile,
                                                   const std::string& dropFrames,
                                                   const std::string& keepFrames);

// pprof's simplifyFunc: the name without a leading '.' and without an argument list (cut
// at the first '(' that is not part of "(anonymous namespace)" or "operator()").
std::string_view simplifyFunctionName(std::string_view name);

}  // namespace sightline
