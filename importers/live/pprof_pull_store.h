#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/store/workspace.h"

namespace sightline {

// What became of one pulled profile.
struct PulledProfileResult {
  Status decoded;  // an error: the answer is no profile (the target's fault)
  Status stored;   // an error: the workspace did not take it (nothing of it is stored)
  std::int64_t sourceId = 0;
  std::uint64_t profiles = 0;
  std::uint64_t samples = 0;
  std::vector<std::int64_t> profileIds;
};

// Stores a profile pulled over HTTP (pprof, gzip or not, or any profile format of the
// registry) as a source of its own named `name`, the way a file import of the same bytes
// stores it: decompress → sniff → the format's reader → ProfileWriter, all from memory.
// The source's sha256 column gets "pull:<sha256 of the body>:<unique suffix>": a target can
// send the same bytes twice, and both pulls are kept. Decodes before it opens the
// workspace's write transaction, so the lock is held only while storing. Uses the
// workspace's writer connection (a second connection for a file workspace).
PulledProfileResult storePulledProfile(Workspace& workspace, const std::string& name,
                                       const std::string& body,
                                       std::uint64_t maxDecompressedBytes = 1ull << 30);

}  // namespace sightline
