#include "model/profiles/profile_store_reader.h"

#include <sqlite3.h>

#include <algorithm>

#include "model/profiles/profile_store_schema.h"
#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"

namespace sightline {

namespace {

Status corrupt(std::int64_t profileId, const char* table) {
  return Status::error("workspace: profile " + std::to_string(profileId) +
                       " has an invalid row in " + table);
}

std::uint64_t asUnsigned(std::int64_t stored) {
  return static_cast<std::uint64_t>(stored);
}

// Reads one profile's rows table by table; every table is clustered by (profile_id, index),
// so each is one range scan in index order.
class ProfileLoader {
 public:
  ProfileLoader(sqlite3* db, std::int64_t profileId) : m_db(db), m_id(profileId) {}

  // Fails when the profile does not exist, on a database error, or on the first row that
  // points outside the profile (the later tables are then read for nothing, harmlessly).
  Status load(ProfileData& profile) {
    if (loadHeader(profile)) {
      loadSampleTypes(profile);
      loadMappings(profile);
      loadFunctions(profile);
      loadFrames(profile);
      loadStacks(profile);
      loadSamples(profile);
      loadLabels(profile);
    }
    return m_status;
  }

 private:
  StoreStatement query(const std::string& sql) {
    StoreStatement statement(m_db, sql);
    if (!statement.valid())
      fail(Status::error("workspace: cannot read profiles: " + lastSqliteError(m_db)));
    statement.bindInt(1, m_id);
    return statement;
  }
  void fail(Status status) {
    if (m_status.isOk())
      m_status = std::move(status);
  }
  void finish(const StoreStatement& statement) {
    if (!statement.ok())
      fail(Status::error("workspace: cannot read profiles: " + lastSqliteError(m_db)));
  }

  bool loadHeader(ProfileData& profile) {
    StoreStatement header = query(
        "SELECT period_type, period_unit, period, time_ns, duration_ns, default_sample_type, "
        "drop_frames, keep_frames, comments, sample_count, stack_count, label_set_count FROM "
        "profiles WHERE id = ?");
    if (!header.step()) {
      finish(header);
      fail(Status::error("workspace: no profile with id " + std::to_string(m_id)));
      return false;
    }
    profile.periodType.type = header.columnText(0);
    profile.periodType.unit = header.columnText(1);
    profile.period = header.columnInt(2);
    profile.timeNanos = header.columnInt(3);
    profile.durationNanos = header.columnInt(4);
    profile.defaultSampleType = static_cast<int>(header.columnInt(5));
    profile.dropFrames = header.columnText(6);
    profile.keepFrames = header.columnText(7);
    profile.comments = decodeStringListJson(header.columnText(8));
    m_sampleCount = static_cast<std::size_t>(header.columnInt(9));
    m_stackCount = static_cast<std::size_t>(header.columnInt(10));
    m_labelSetCount = static_cast<std::size_t>(header.columnInt(11));
    return true;
  }

  void loadSampleTypes(ProfileData& profile) {
    StoreStatement types = query(
        "SELECT type, unit FROM profile_sample_types WHERE profile_id = ? ORDER BY type_index");
    while (types.step())
      profile.sampleTypes.push_back({types.columnText(0), types.columnText(1)});
    finish(types);
  }

  void loadMappings(ProfileData& profile) {
    StoreStatement rows = query(
        "SELECT memory_start, memory_limit, file_offset, file_name, build_id, flags FROM "
        "profile_mappings WHERE profile_id = ? ORDER BY mapping");
    while (rows.step()) {
      ProfileMapping mapping;
      mapping.memoryStart = asUnsigned(rows.columnInt(0));
      mapping.memoryLimit = asUnsigned(rows.columnInt(1));
      mapping.fileOffset = asUnsigned(rows.columnInt(2));
      mapping.fileName = rows.columnText(3);
      mapping.buildId = rows.columnText(4);
      const std::int64_t flags = rows.columnInt(5);
      mapping.hasFunctions = flags & kMappingHasFunctions;
      mapping.hasFilenames = flags & kMappingHasFilenames;
      mapping.hasLineNumbers = flags & kMappingHasLineNumbers;
      mapping.hasInlineFrames = flags & kMappingHasInlineFrames;
      profile.mappings.push_back(std::move(mapping));
    }
    finish(rows);
  }

  void loadFunctions(ProfileData& profile) {
    StoreStatement rows = query(
        "SELECT n.text, s.text, p.text, f.start_line FROM profile_functions f JOIN strings n ON "
        "n.id = f.name_id JOIN strings s ON s.id = f.system_name_id JOIN strings p ON p.id = "
        "f.file_name_id WHERE f.profile_id = ? ORDER BY f.function");
    while (rows.step()) {
      profile.functions.push_back(
          {rows.columnText(0), rows.columnText(1), rows.columnText(2), rows.columnInt(3)});
    }
    finish(rows);
  }

  void loadFrames(ProfileData& profile) {
    StoreStatement rows = query(
        "SELECT function, line, address, mapping, inlined FROM profile_frames WHERE profile_id "
        "= ? ORDER BY frame");
    while (rows.step()) {
      ProfileFrame frame;
      frame.function = static_cast<std::uint32_t>(rows.columnInt(0));
      frame.line = rows.columnInt(1);
      frame.address = asUnsigned(rows.columnInt(2));
      frame.mapping =
          rows.columnIsNull(3) ? kNoMapping : static_cast<std::uint32_t>(rows.columnInt(3));
      frame.inlined = rows.columnInt(4) != 0;
      if (frame.function >= profile.functions.size() ||
          (frame.mapping != kNoMapping && frame.mapping >= profile.mappings.size())) {
        fail(corrupt(m_id, "profile_frames"));
        return;
      }
      profile.frames.push_back(frame);
    }
    finish(rows);
  }

  void loadStacks(ProfileData& profile) {
    // The root (node 0) is not stored; it stays {0, 0}.
    profile.nodes.assign(m_stackCount, StackNode{});
    StoreStatement rows = query(
        "SELECT node, parent_node, frame FROM profile_stacks WHERE profile_id = ? ORDER BY "
        "node");
    while (rows.step()) {
      const auto node = static_cast<std::uint64_t>(rows.columnInt(0));
      const auto parent = static_cast<std::uint64_t>(rows.columnInt(1));
      const auto frame = static_cast<std::uint64_t>(rows.columnInt(2));
      if (node == 0 || node >= m_stackCount || parent >= node || frame >= profile.frames.size()) {
        fail(corrupt(m_id, "profile_stacks"));
        return;
      }
      profile.nodes[node] =
          StackNode{static_cast<std::uint32_t>(parent), static_cast<std::uint32_t>(frame)};
    }
    finish(rows);
  }

  void loadSamples(ProfileData& profile) {
    const std::size_t types = profile.sampleTypes.size();
    profile.samples.assign(m_sampleCount, ProfileSample{});
    profile.values.assign(m_sampleCount * types, 0);
    const std::size_t labelSets = std::max<std::size_t>(m_labelSetCount, 1);
    StoreStatement rows = query(
        "SELECT sample, node, label_set FROM profile_samples WHERE profile_id = ? ORDER BY "
        "sample");
    while (rows.step()) {
      const auto sample = static_cast<std::uint64_t>(rows.columnInt(0));
      const auto node = static_cast<std::uint64_t>(rows.columnInt(1));
      const auto labelSet = static_cast<std::uint64_t>(rows.columnInt(2));
      if (sample >= m_sampleCount || node >= m_stackCount || labelSet >= labelSets) {
        fail(corrupt(m_id, "profile_samples"));
        return;
      }
      profile.samples[sample] =
          ProfileSample{static_cast<std::uint32_t>(node), static_cast<std::uint32_t>(labelSet)};
    }
    finish(rows);
    StoreStatement values = query(
        "SELECT sample, type_index, value FROM profile_values WHERE profile_id = ? ORDER BY "
        "sample, type_index");
    while (values.step()) {
      const auto sample = static_cast<std::uint64_t>(values.columnInt(0));
      const auto type = static_cast<std::uint64_t>(values.columnInt(1));
      if (sample >= m_sampleCount || type >= types) {
        fail(corrupt(m_id, "profile_values"));
        return;
      }
      profile.values[sample * types + type] = values.columnInt(2);
    }
    finish(values);
  }

  void loadLabels(ProfileData& profile) {
    profile.labelSets.assign(m_labelSetCount, {});
    StoreStatement rows = query(
        "SELECT l.label_set, k.text, l.text, l.number, u.text FROM profile_labels l JOIN "
        "strings k ON k.id = l.key_id LEFT JOIN strings u ON u.id = l.unit_id WHERE "
        "l.profile_id = ? ORDER BY l.label_set, l.seq");
    while (rows.step()) {
      const auto set = static_cast<std::uint64_t>(rows.columnInt(0));
      if (set >= m_labelSetCount) {
        fail(corrupt(m_id, "profile_labels"));
        return;
      }
      ProfileLabel label;
      label.key = rows.columnText(1);
      label.numeric = !rows.columnIsNull(3);
      if (label.numeric) {
        label.number = rows.columnInt(3);
        label.unit = rows.columnText(4);
      } else {
        label.text = rows.columnText(2);
      }
      profile.labelSets[set].push_back(std::move(label));
    }
    finish(rows);
  }

  sqlite3* m_db;
  std::int64_t m_id;
  Status m_status;
  std::size_t m_sampleCount = 0;
  std::size_t m_stackCount = 0;
  std::size_t m_labelSetCount = 0;
};

}  // namespace

Status readStoredProfile(sqlite3* db, std::int64_t profileId, ProfileData& profile) {
  return ProfileLoader(db, profileId).load(profile);
}

}  // namespace sightline
