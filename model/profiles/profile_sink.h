#pragma once

#include "model/common/status.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// Where a profile reader sends each profile it decoded (a pprof file holds one; a
// collapsed-stacks file holds one). The workspace's ProfileWriter implements it; tests
// implement it to collect profiles. A failing status stops the reader.
class ProfileSink {
 public:
  virtual ~ProfileSink() = default;
  virtual Status consume(ProfileData&& profile) = 0;
};

}  // namespace sightline
