#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sightline {

// The profile tables of schema version 2 (see docs/SCHEMA.md, "Profiles"). Kept apart from
// model/schema.cpp so that the migration list stays short; these functions return the
// statements of version 2 as it was released and must never change (a later change is a
// new migration step).

// profile_mappings.flags: pprof's four has_* booleans of a mapping as bits.
inline constexpr std::int64_t kMappingHasFunctions = 1;
inline constexpr std::int64_t kMappingHasFilenames = 2;
inline constexpr std::int64_t kMappingHasLineNumbers = 4;
inline constexpr std::int64_t kMappingHasInlineFrames = 8;

// CREATE TABLE statements of the profile tables, without secondary indexes.
std::vector<std::string> profileTableStatements();

// The profile tables' secondary indexes and the readable views for the SQL console.
std::vector<std::string> profileIndexAndViewStatements();

// Schema version 4: `profile_flame_cache`, each profile's default flame graph tree as
// model/call_tree_blob.h encodes it, written at import so that opening a stored profile
// shows its graph before the profile itself is read. Released statements, never changed.
std::vector<std::string> profileFlameCacheStatements();

}  // namespace sightline
