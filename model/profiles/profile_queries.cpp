#include "model/profiles/profile_queries.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "model/profiles/call_tree_blob.h"
#include "model/profiles/profile_store_reader.h"
#include "model/store/store_statement.h"

namespace sightline {

namespace {

// Enough values per statement to keep statements few, far below SQLite's variable limit.
constexpr std::size_t kValuesPerQuery = 500;

void setStatus(Status* status, Status value) {
  if (status)
    *status = std::move(value);
}

int effectiveDefault(int stored, std::size_t typeCount) {
  if (stored >= 0 && stored < static_cast<int>(typeCount))
    return stored;
  return static_cast<int>(typeCount) - 1;
}

bool labelSetMatches(const std::vector<ProfileLabel>& labels, const SampleLabelFilter& filter) {
  auto contains = [](const std::vector<std::string>& list, const std::string& text) {
    return std::find(list.begin(), list.end(), text) != list.end();
  };
  return std::any_of(labels.begin(), labels.end(), [&](const ProfileLabel& label) {
    return !label.numeric && contains(filter.keys, label.key) &&
           contains(filter.values, label.text);
  });
}

// Keeps the samples (and their values) whose label set matches; nodes, frames and label
// sets stay as they are so that every index keeps its meaning.
void keepMatchingSamples(ProfileData& profile, const SampleLabelFilter& filter) {
  std::vector<bool> matching(profile.labelSets.size(), false);
  for (std::size_t set = 0; set < profile.labelSets.size(); ++set)
    matching[set] = labelSetMatches(profile.labelSets[set], filter);
  const std::size_t types = profile.typeCount();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < profile.samples.size(); ++i) {
    const std::uint32_t set = profile.samples[i].labelSet;
    if (set >= matching.size() || !matching[set])
      continue;
    profile.samples[kept] = profile.samples[i];
    std::copy_n(profile.values.begin() + static_cast<std::ptrdiff_t>(i * types), types,
                profile.values.begin() + static_cast<std::ptrdiff_t>(kept * types));
    ++kept;
  }
  profile.samples.resize(kept);
  profile.values.resize(kept * types);
}

std::string placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += i ? ",?" : "?";
  return out;
}

}  // namespace

std::vector<ProfileSummary> listProfiles(Workspace& workspace, Status* status) {
  sqlite3* db = workspace.db();
  std::vector<ProfileSummary> profiles;
  std::unordered_map<std::int64_t, std::size_t> indexOf;
  StoreStatement rows(db,
                      "SELECT p.id, p.source_id, s.path, s.kind, p.default_sample_type, "
                      "p.time_ns, p.duration_ns, p.sample_count, p.stack_count FROM profiles p "
                      "JOIN sources s ON s.id = p.source_id ORDER BY p.source_id, p.id");
  std::vector<int> storedDefaults;
  while (rows.step()) {
    ProfileSummary summary;
    summary.id = rows.columnInt(0);
    summary.sourceId = rows.columnInt(1);
    summary.sourcePath = rows.columnText(2);
    summary.kind = rows.columnText(3);
    storedDefaults.push_back(static_cast<int>(rows.columnInt(4)));
    summary.timeNanos = rows.columnInt(5);
    summary.durationNanos = rows.columnInt(6);
    summary.sampleCount = static_cast<std::uint64_t>(rows.columnInt(7));
    summary.stackCount = static_cast<std::uint64_t>(rows.columnInt(8));
    indexOf.emplace(summary.id, profiles.size());
    profiles.push_back(std::move(summary));
  }
  StoreStatement types(db,
                       "SELECT profile_id, type, unit, total FROM profile_sample_types ORDER BY "
                       "profile_id, type_index");
  while (types.ok() && types.step()) {
    const auto it = indexOf.find(types.columnInt(0));
    if (it == indexOf.end())
      continue;
    ProfileSummary& summary = profiles[it->second];
    summary.sampleTypes.push_back({types.columnText(1), types.columnText(2)});
    summary.totals.push_back(types.columnInt(3));
  }
  if (!rows.valid() || !rows.ok() || !types.valid() || !types.ok()) {
    setStatus(status, Status::error("workspace: cannot list profiles: " + lastSqliteError(db)));
    return {};
  }
  for (std::size_t i = 0; i < profiles.size(); ++i)
    profiles[i].defaultSampleType =
        effectiveDefault(storedDefaults[i], profiles[i].sampleTypes.size());
  setStatus(status, Status::ok());
  return profiles;
}

std::optional<ProfileData> loadProfile(Workspace& workspace, std::int64_t profileId, Status* status,
                                       const SampleLabelFilter* filter) {
  ProfileData profile;
  if (Status s = readStoredProfile(workspace.db(), profileId, profile); !s) {
    setStatus(status, std::move(s));
    return std::nullopt;
  }
  if (filter)
    keepMatchingSamples(profile, *filter);
  setStatus(status, Status::ok());
  return profile;
}

std::optional<CallTree> loadCachedCallTree(Workspace& workspace, std::int64_t profileId,
                                           int* sampleType, Status* status) {
  sqlite3* db = workspace.db();
  StoreStatement query(
      db, "SELECT sample_type, node_count, tree FROM profile_flame_cache WHERE profile_id = ?");
  query.bindInt(1, profileId);
  if (!query.step()) {
    setStatus(status, query.valid() && query.ok()
                          ? Status::ok()
                          : Status::error("workspace: cannot read the flame graph cache: " +
                                          lastSqliteError(db)));
    return std::nullopt;
  }
  std::string error;
  std::optional<CallTree> tree = decodeCallTree(query.columnBlob(2), &error);
  if (tree && static_cast<std::int64_t>(tree->nodes.size()) != query.columnInt(1))
    error = "flame graph cache: node count does not match";
  if (!tree || !error.empty()) {
    setStatus(status, Status::error("profile " + std::to_string(profileId) + ": " + error));
    return std::nullopt;
  }
  if (sampleType)
    *sampleType = static_cast<int>(query.columnInt(0));
  setStatus(status, Status::ok());
  return tree;
}

std::vector<std::int64_t> profilesWithLabel(Workspace& workspace, const SampleLabelFilter& filter,
                                            Status* status) {
  setStatus(status, Status::ok());
  if (filter.keys.empty() || filter.values.empty())
    return {};
  sqlite3* db = workspace.db();
  std::set<std::int64_t> found;
  // profile_labels_text finds the few label rows with one of the values; the EXISTS probe
  // (profile_samples_label_set) drops label sets that no sample uses.
  for (std::size_t first = 0; first < filter.values.size(); first += kValuesPerQuery) {
    const std::size_t count = std::min(kValuesPerQuery, filter.values.size() - first);
    const std::size_t keyCount = filter.keys.size();
    StoreStatement query(
        db, "SELECT DISTINCT l.profile_id FROM profile_labels l WHERE l.text IN (" +
                placeholders(count) + ") AND l.key_id IN (SELECT id FROM strings WHERE text IN (" +
                placeholders(keyCount) +
                ")) AND EXISTS (SELECT 1 FROM profile_samples s WHERE s.profile_id = "
                "l.profile_id AND s.label_set = l.label_set AND s.label_set <> 0)");
    int index = 1;
    for (std::size_t i = 0; i < count; ++i)
      query.bindText(index++, filter.values[first + i]);
    for (std::size_t i = 0; i < keyCount; ++i)
      query.bindText(index++, filter.keys[i]);
    while (query.step())
      found.insert(query.columnInt(0));
    if (!query.valid() || !query.ok()) {
      setStatus(status,
                Status::error("workspace: cannot search profile labels: " + lastSqliteError(db)));
      return {};
    }
  }
  return std::vector<std::int64_t>(found.begin(), found.end());
}

}  // namespace sightline
