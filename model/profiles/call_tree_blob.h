#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/profiles/call_tree.h"

namespace sightline {

// A compact, zstd-compressed encoding of a (non-differential) call tree, stored at import so
// that a stored profile's default flame graph shows without reading the whole profile (see
// `profile_flame_cache` in docs/SCHEMA.md). Per node, in index order: the distance to its
// parent, its name and its self value; firstChild, childCount, depth and total are derived
// again on decode. Returns an empty string for a differential tree (not supported).
std::string encodeCallTree(const CallTree& tree);

// The tree encodeCallTree() was given, field for field. A blob that is truncated, corrupt,
// of another format version, or describes a tree that breaks CallTree's layout (a parent
// after its child, a name out of range, children not in one block) gives nothing and a
// message in `error` (may be null).
std::optional<CallTree> decodeCallTree(std::string_view blob, std::string* error);

}  // namespace sightline
