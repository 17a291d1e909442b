#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/common/status.h"
#include "model/profiles/profile_sink.h"
#include "model/store/source_description.h"
#include "model/store/workspace.h"

namespace sightline {

struct ProfileWriteStats {
  std::uint64_t profiles = 0;
  std::uint64_t samples = 0;  // merged (stack, label set) rows written
  std::uint64_t stacks = 0;   // trie nodes written
  std::int64_t sourceId = 0;
  std::vector<std::int64_t> profileIds;
};

// Stores one source's profiles. Opens the source's transaction (BEGIN IMMEDIATE) on
// construction; consume() writes one profile inside it; finish() commits; abort() (or
// destruction without finish()) rolls back, leaving the workspace exactly as it was.
class ProfileWriter : public ProfileSink {
 public:
  ProfileWriter(Workspace& workspace, SourceDescription source);
  ~ProfileWriter() override;

  Status consume(ProfileData&& profile) override;
  // The same for a profile the caller keeps (e.g. one shown while it is stored): no copy.
  Status write(const ProfileData& profile);
  Status finish();
  void abort();
  const ProfileWriteStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
