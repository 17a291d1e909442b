#pragma once

#include <cstdint>

#include "model/common/status.h"
#include "model/profiles/profile_data.h"

struct sqlite3;

namespace sightline {

// Reads profile `profileId` from the profile tables into `profile` (which must be empty),
// exactly as ProfileStoreWriter wrote it. Fails when the profile does not exist or a row
// points outside the profile (a workspace edited by hand), rather than returning a profile
// with dangling indices.
Status readStoredProfile(sqlite3* db, std::int64_t profileId, ProfileData& profile);

}  // namespace sightline
