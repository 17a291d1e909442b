#pragma once

#include <cstdint>

#include "model/common/status.h"
#include "model/profiles/profile_data.h"
#include "model/profiles/profile_store_bulk_insert.h"
#include "model/profiles/profile_writer.h"
#include "model/store/source_description.h"
#include "model/store/store_statement.h"
#include "model/store/string_interner.h"

struct sqlite3;

namespace sightline {

// The storage half of ProfileWriter: writes one source's profiles into the profile tables
// in a single transaction on one connection, with statements prepared once per source.
class ProfileStoreWriter {
 public:
  explicit ProfileStoreWriter(sqlite3* db);
  ~ProfileStoreWriter();
  ProfileStoreWriter(const ProfileStoreWriter&) = delete;
  ProfileStoreWriter& operator=(const ProfileStoreWriter&) = delete;

  // BEGIN IMMEDIATE and the `sources` row.
  Status begin(const SourceDescription& source);
  // Stores one profile (validated first); its id is appended to stats().profileIds.
  Status write(const ProfileData& profile);
  Status commit();
  // Rolls back everything since begin(); safe to call more than once.
  void rollback();
  const ProfileWriteStats& stats() const { return m_stats; }

 private:
  Status fail(const char* what) const;
  Status writeHeader(const ProfileData& profile, std::int64_t& profileId);
  Status writeSampleTypes(std::int64_t profileId, const ProfileData& profile);
  Status writeMappings(std::int64_t profileId, const ProfileData& profile);
  Status writeFunctions(std::int64_t profileId, const ProfileData& profile);
  Status writeFrames(std::int64_t profileId, const ProfileData& profile);
  Status writeStacks(std::int64_t profileId, const ProfileData& profile);
  Status writeSamples(std::int64_t profileId, const ProfileData& profile);
  Status writeLabels(std::int64_t profileId, const ProfileData& profile);
  Status writeFlameCache(std::int64_t profileId, const ProfileData& profile);

  sqlite3* m_db;
  bool m_inTransaction = false;
  ProfileWriteStats m_stats;
  StringInterner m_strings;

  StoreStatement m_insertProfile;
  StoreStatement m_insertSampleType;
  StoreStatement m_insertMapping;
  StoreStatement m_insertFunction;
  StoreStatement m_insertFrame;
  // The tables that grow with the trie and the samples take many rows per statement.
  BulkInsert m_insertStacks;
  BulkInsert m_insertSamples;
  BulkInsert m_insertValues;
  StoreStatement m_insertLabel;
  StoreStatement m_insertFlameCache;
};

}  // namespace sightline
