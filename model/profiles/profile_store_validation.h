#pragma once

#include "model/common/status.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// Checks that every index of `profile` points inside its vector (frames → functions and
// mappings, nodes → frames and earlier nodes, samples → nodes and label sets) and that
// `values` holds one value per sample and sample type. The writer refuses a profile that
// fails, so that the workspace never holds dangling references that a view would trip over.
Status validateProfile(const ProfileData& profile);

}  // namespace sightline
