#include "model/profiles/profile_store_writer.h"

#include <sqlite3.h>

#include "model/profiles/call_tree_blob.h"
#include "model/profiles/profile_store_schema.h"
#include "model/profiles/profile_store_validation.h"
#include "model/store/source_row.h"
#include "model/store/string_list_json.h"

namespace sightline {

namespace {

// SQLite integers are signed: addresses at or above 2^63 are stored as their two's
// complement and come back unchanged through the same cast.
std::int64_t asStored(std::uint64_t value) {
  return static_cast<std::int64_t>(value);
}

std::int64_t mappingFlags(const ProfileMapping& mapping) {
  return (mapping.hasFunctions ? kMappingHasFunctions : 0) |
         (mapping.hasFilenames ? kMappingHasFilenames : 0) |
         (mapping.hasLineNumbers ? kMappingHasLineNumbers : 0) |
         (mapping.hasInlineFrames ? kMappingHasInlineFrames : 0);
}

}  // namespace

ProfileStoreWriter::ProfileStoreWriter(sqlite3* db) : m_db(db), m_strings(db) {}

ProfileStoreWriter::~ProfileStoreWriter() {
  rollback();
}

Status ProfileStoreWriter::fail(const char* what) const {
  return Status::error(std::string("workspace: cannot store ") + what + ": " +
                       lastSqliteError(m_db));
}

Status ProfileStoreWriter::begin(const SourceDescription& source) {
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  m_inTransaction = true;
  if (Status s = insertSourceRow(m_db, source, &m_stats.sourceId); !s)
    return s;

  m_insertProfile = StoreStatement(
      m_db,
      "INSERT INTO profiles(source_id, period_type, period_unit, period, time_ns, duration_ns, "
      "default_sample_type, drop_frames, keep_frames, comments, sample_count, stack_count, "
      "label_set_count) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  m_insertSampleType = StoreStatement(m_db,
                                      "INSERT INTO profile_sample_types(profile_id, type_index, "
                                      "type, unit, total) VALUES(?,?,?,?,?)");
  m_insertMapping = StoreStatement(
      m_db,
      "INSERT INTO profile_mappings(profile_id, mapping, memory_start, memory_limit, "
      "file_offset, file_name, build_id, flags) VALUES(?,?,?,?,?,?,?,?)");
  m_insertFunction = StoreStatement(m_db,
                                    "INSERT INTO profile_functions(profile_id, function, "
                                    "name_id, system_name_id, file_name_id, start_line) "
                                    "VALUES(?,?,?,?,?,?)");
  m_insertFrame = StoreStatement(m_db,
                                 "INSERT INTO profile_frames(profile_id, frame, function, line, "
                                 "address, mapping, inlined) VALUES(?,?,?,?,?,?,?)");
  m_insertStacks = BulkInsert(m_db, "profile_stacks", "profile_id, node, parent_node, frame", 4);
  m_insertSamples = BulkInsert(m_db, "profile_samples", "profile_id, sample, node, label_set", 4);
  m_insertValues = BulkInsert(m_db, "profile_values", "profile_id, sample, type_index, value", 4);
  m_insertLabel = StoreStatement(m_db,
                                 "INSERT INTO profile_labels(profile_id, label_set, seq, key_id, "
                                 "text, number, unit_id) VALUES(?,?,?,?,?,?,?)");
  m_insertFlameCache = StoreStatement(m_db,
                                      "INSERT INTO profile_flame_cache(profile_id, sample_type, "
                                      "node_count, tree) VALUES(?,?,?,?)");
  if (!m_insertProfile.valid() || !m_insertSampleType.valid() || !m_insertMapping.valid() ||
      !m_insertFunction.valid() || !m_insertFrame.valid() || !m_insertStacks.valid() ||
      !m_insertSamples.valid() || !m_insertValues.valid() || !m_insertLabel.valid() ||
      !m_insertFlameCache.valid()) {
    return fail("profiles (statements)");
  }
  return Status::ok();
}

Status ProfileStoreWriter::write(const ProfileData& profile) {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  if (Status s = validateProfile(profile); !s)
    return s;
  std::int64_t profileId = 0;
  if (Status s = writeHeader(profile, profileId); !s)
    return s;
  for (auto step : {&ProfileStoreWriter::writeSampleTypes, &ProfileStoreWriter::writeMappings,
                    &ProfileStoreWriter::writeFunctions, &ProfileStoreWriter::writeFrames,
                    &ProfileStoreWriter::writeStacks, &ProfileStoreWriter::writeSamples,
                    &ProfileStoreWriter::writeLabels, &ProfileStoreWriter::writeFlameCache}) {
    if (Status s = (this->*step)(profileId, profile); !s)
      return s;
  }
  if (!m_strings.status())
    return m_strings.status();
  ++m_stats.profiles;
  m_stats.samples += profile.samples.size();
  m_stats.stacks += profile.nodes.size();
  m_stats.profileIds.push_back(profileId);
  return Status::ok();
}

Status ProfileStoreWriter::writeHeader(const ProfileData& profile, std::int64_t& profileId) {
  auto& insert = m_insertProfile;
  insert.bindInt(1, m_stats.sourceId);
  insert.bindTextOrNull(2, profile.periodType.type);
  insert.bindTextOrNull(3, profile.periodType.unit);
  insert.bindInt(4, profile.period);
  insert.bindInt(5, profile.timeNanos);
  insert.bindInt(6, profile.durationNanos);
  insert.bindInt(7, profile.defaultSampleType);
  insert.bindTextOrNull(8, profile.dropFrames);
  insert.bindTextOrNull(9, profile.keepFrames);
  insert.bindText(10, encodeStringListJson(profile.comments));
  insert.bindInt(11, static_cast<std::int64_t>(profile.samples.size()));
  insert.bindInt(12, static_cast<std::int64_t>(profile.nodes.size()));
  insert.bindInt(13, static_cast<std::int64_t>(profile.labelSets.size()));
  if (insert.execute() != SQLITE_DONE)
    return fail("a profile");
  profileId = sqlite3_last_insert_rowid(m_db);
  return Status::ok();
}

Status ProfileStoreWriter::writeSampleTypes(std::int64_t profileId, const ProfileData& profile) {
  // The totals make the profile list cheap: it never has to read the values.
  std::vector<std::int64_t> totals(profile.typeCount(), 0);
  for (std::size_t i = 0; i < profile.values.size(); ++i)
    totals[i % totals.size()] += profile.values[i];
  for (std::size_t t = 0; t < profile.sampleTypes.size(); ++t) {
    m_insertSampleType.bindInt(1, profileId);
    m_insertSampleType.bindInt(2, static_cast<std::int64_t>(t));
    m_insertSampleType.bindText(3, profile.sampleTypes[t].type);
    m_insertSampleType.bindText(4, profile.sampleTypes[t].unit);
    m_insertSampleType.bindInt(5, totals[t]);
    if (m_insertSampleType.execute() != SQLITE_DONE)
      return fail("a sample type");
  }
  return Status::ok();
}

Status ProfileStoreWriter::writeMappings(std::int64_t profileId, const ProfileData& profile) {
  for (std::size_t i = 0; i < profile.mappings.size(); ++i) {
    const ProfileMapping& mapping = profile.mappings[i];
    m_insertMapping.bindInt(1, profileId);
    m_insertMapping.bindInt(2, static_cast<std::int64_t>(i));
    m_insertMapping.bindInt(3, asStored(mapping.memoryStart));
    m_insertMapping.bindInt(4, asStored(mapping.memoryLimit));
    m_insertMapping.bindInt(5, asStored(mapping.fileOffset));
    m_insertMapping.bindTextOrNull(6, mapping.fileName);
    m_insertMapping.bindTextOrNull(7, mapping.buildId);
    m_insertMapping.bindInt(8, mappingFlags(mapping));
    if (m_insertMapping.execute() != SQLITE_DONE)
      return fail("a mapping");
  }
  return Status::ok();
}

Status ProfileStoreWriter::writeFunctions(std::int64_t profileId, const ProfileData& profile) {
  for (std::size_t i = 0; i < profile.functions.size(); ++i) {
    const ProfileFunction& function = profile.functions[i];
    m_insertFunction.bindInt(1, profileId);
    m_insertFunction.bindInt(2, static_cast<std::int64_t>(i));
    m_insertFunction.bindInt(3, m_strings.intern(function.name));
    m_insertFunction.bindInt(4, m_strings.intern(function.systemName));
    m_insertFunction.bindInt(5, m_strings.intern(function.fileName));
    m_insertFunction.bindInt(6, function.startLine);
    if (m_insertFunction.execute() != SQLITE_DONE)
      return fail("a function");
  }
  return m_strings.status();
}

Status ProfileStoreWriter::writeFrames(std::int64_t profileId, const ProfileData& profile) {
  for (std::size_t i = 0; i < profile.frames.size(); ++i) {
    const ProfileFrame& frame = profile.frames[i];
    m_insertFrame.bindInt(1, profileId);
    m_insertFrame.bindInt(2, static_cast<std::int64_t>(i));
    m_insertFrame.bindInt(3, frame.function);
    m_insertFrame.bindInt(4, frame.line);
    m_insertFrame.bindInt(5, asStored(frame.address));
    if (frame.mapping == kNoMapping) {
      m_insertFrame.bindNull(6);
    } else {
      m_insertFrame.bindInt(6, frame.mapping);
    }
    m_insertFrame.bindInt(7, frame.inlined ? 1 : 0);
    if (m_insertFrame.execute() != SQLITE_DONE)
      return fail("a frame");
  }
  return Status::ok();
}

Status ProfileStoreWriter::writeStacks(std::int64_t profileId, const ProfileData& profile) {
  for (std::size_t i = 1; i < profile.nodes.size(); ++i) {
    const StackNode& node = profile.nodes[i];
    if (!m_insertStacks.add({profileId, static_cast<std::int64_t>(i), node.parent, node.frame}))
      return fail("a stack");
  }
  if (!m_insertStacks.flush())
    return fail("a stack");
  return Status::ok();
}

Status ProfileStoreWriter::writeSamples(std::int64_t profileId, const ProfileData& profile) {
  const std::size_t types = profile.typeCount();
  for (std::size_t i = 0; i < profile.samples.size(); ++i) {
    const auto sample = static_cast<std::int64_t>(i);
    if (!m_insertSamples.add(
            {profileId, sample, profile.samples[i].node, profile.samples[i].labelSet})) {
      return fail("a sample");
    }
    for (std::size_t t = 0; t < types; ++t) {
      const std::int64_t value = profile.values[i * types + t];
      if (value == 0)
        continue;  // absent rows read back as 0; heap profiles are mostly zeros
      if (!m_insertValues.add({profileId, sample, static_cast<std::int64_t>(t), value}))
        return fail("a sample value");
    }
  }
  if (!m_insertSamples.flush())
    return fail("a sample");
  if (!m_insertValues.flush())
    return fail("a sample value");
  return Status::ok();
}

Status ProfileStoreWriter::writeLabels(std::int64_t profileId, const ProfileData& profile) {
  auto& insert = m_insertLabel;
  insert.bindInt(1, profileId);
  for (std::size_t set = 0; set < profile.labelSets.size(); ++set) {
    const auto& labels = profile.labelSets[set];
    insert.bindInt(2, static_cast<std::int64_t>(set));
    for (std::size_t seq = 0; seq < labels.size(); ++seq) {
      const ProfileLabel& label = labels[seq];
      insert.bindInt(3, static_cast<std::int64_t>(seq));
      insert.bindInt(4, m_strings.intern(label.key));
      if (label.numeric) {
        insert.bindNull(5);
        insert.bindInt(6, label.number);
        if (label.unit.empty()) {
          insert.bindNull(7);
        } else {
          insert.bindInt(7, m_strings.intern(label.unit));
        }
      } else {
        // Label values such as span ids rarely repeat: stored inline, not interned.
        insert.bindText(5, label.text);
        insert.bindNull(6);
        insert.bindNull(7);
      }
      if (insert.execute() != SQLITE_DONE)
        return fail("a label");
    }
  }
  return m_strings.status();
}

Status ProfileStoreWriter::writeFlameCache(std::int64_t profileId, const ProfileData& profile) {
  // A profile without even a root node has no tree to show (and buildCallTree expects the
  // root); opening it takes the ordinary path.
  if (profile.nodes.empty())
    return Status::ok();
  // Exactly the tree the Profiles page asks for first: default sample type, no filter.
  const CallTree tree = buildCallTree(profile, -1);
  const std::string blob = encodeCallTree(tree);
  if (blob.empty())
    return Status::error("workspace: cannot encode the flame graph of a profile");
  auto& insert = m_insertFlameCache;
  insert.bindInt(1, profileId);
  insert.bindInt(2, profile.effectiveDefaultSampleType());
  insert.bindInt(3, static_cast<std::int64_t>(tree.nodes.size()));
  insert.bindBlob(4, blob.data(), blob.size());
  if (insert.execute() != SQLITE_DONE)
    return fail("a flame graph");
  return Status::ok();
}

Status ProfileStoreWriter::commit() {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  if (Status s = execSql(m_db, "COMMIT"); !s)
    return s;
  m_inTransaction = false;
  return Status::ok();
}

void ProfileStoreWriter::rollback() {
  if (!m_inTransaction)
    return;
  m_inTransaction = false;
  execSql(m_db, "ROLLBACK");
}

}  // namespace sightline
