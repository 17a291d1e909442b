#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/profiles/call_tree.h"
#include "model/profiles/profile_data.h"
#include "model/store/workspace.h"

namespace sightline {

// One row of the profile list.
struct ProfileSummary {
  std::int64_t id = 0;
  std::int64_t sourceId = 0;
  std::string sourcePath;
  std::string kind;  // format id of the source, e.g. "pprof"
  std::vector<ProfileValueType> sampleTypes;
  int defaultSampleType = -1;  // as ProfileData::effectiveDefaultSampleType()
  std::int64_t timeNanos = 0;
  std::int64_t durationNanos = 0;
  std::uint64_t sampleCount = 0;     // merged sample rows
  std::uint64_t stackCount = 0;      // trie nodes
  std::vector<std::int64_t> totals;  // sum of each sample type's values
};

// Keeps the samples whose label set has a label with one of `keys` whose text equals one of
// `values` (e.g. keys {"span_id", "spanID"} and the hex id of a span).
struct SampleLabelFilter {
  std::vector<std::string> keys;
  std::vector<std::string> values;
};

// Every profile of the workspace, oldest import first.
std::vector<ProfileSummary> listProfiles(Workspace& workspace, Status* status = nullptr);

// The whole profile, as it was imported (trie, samples, labels, functions, frames,
// mappings). With a filter, only matching samples are kept (nodes stay complete).
std::optional<ProfileData> loadProfile(Workspace& workspace, std::int64_t profileId,
                                       Status* status = nullptr,
                                       const SampleLabelFilter* filter = nullptr);

// The flame graph tree stored at import for the profile's default view (its default sample
// type, no filter: what buildCallTree(profile, -1) gives), and that sample type's index in
// `sampleType`. Nothing, with an ok status, when the workspace has no such row (a profile
// imported before schema version 4); nothing and an error when the row cannot be decoded.
std::optional<CallTree> loadCachedCallTree(Workspace& workspace, std::int64_t profileId,
                                           int* sampleType, Status* status = nullptr);

// Ids of the profiles that hold at least one sample matching `filter`.
std::vector<std::int64_t> profilesWithLabel(Workspace& workspace, const SampleLabelFilter& filter,
                                            Status* status = nullptr);

}  // namespace sightline
