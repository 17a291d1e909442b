#include "model/profiles/profile_store_validation.h"

#include <string>

namespace sightline {

namespace {

Status invalid(const std::string& what, std::size_t index) {
  return Status::error("workspace: invalid profile: " + what + " " + std::to_string(index));
}

}  // namespace

Status validateProfile(const ProfileData& profile) {
  const std::size_t types = profile.sampleTypes.size();
  if (profile.values.size() != profile.samples.size() * types) {
    return Status::error("workspace: invalid profile: " + std::to_string(profile.values.size()) +
                         " values for " + std::to_string(profile.samples.size()) + " samples of " +
                         std::to_string(types) + " sample types");
  }
  for (std::size_t i = 0; i < profile.frames.size(); ++i) {
    const ProfileFrame& frame = profile.frames[i];
    if (frame.function >= profile.functions.size())
      return invalid("unknown function in frame", i);
    if (frame.mapping != kNoMapping && frame.mapping >= profile.mappings.size())
      return invalid("unknown mapping in frame", i);
  }
  // Node 0 is the root: its parent and frame are not used.
  for (std::size_t i = 1; i < profile.nodes.size(); ++i) {
    const StackNode& node = profile.nodes[i];
    if (node.parent >= i)
      return invalid("stack node whose parent does not come before it:", i);
    if (node.frame >= profile.frames.size())
      return invalid("unknown frame in stack node", i);
  }
  // A builder-made profile always has the empty label set 0; a hand-made one may have none,
  // and its samples can then only use 0.
  const std::size_t labelSets = profile.labelSets.empty() ? 1 : profile.labelSets.size();
  for (std::size_t i = 0; i < profile.samples.size(); ++i) {
    const ProfileSample& sample = profile.samples[i];
    if (sample.node >= profile.nodes.size())
      return invalid("unknown stack node in sample", i);
    if (sample.labelSet >= labelSets)
      return invalid("unknown label set in sample", i);
  }
  return Status::ok();
}

}  // namespace sightline
