#pragma once

#include <optional>
#include <string>

#include "importers/core/file_importer.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// Decodes one profile file (pprof, or collapsed stacks; raw, gzip or zstd) into memory
// without a workspace, for `sightline top FILE` and `sightline flame FILE`. On failure
// returns nothing and sets `error` to the same message an import would give
// ("<path>: at byte N: …"). A file that is not a profile is an error.
// `formatId`, when given, receives the registry id of the format read.
std::optional<ProfileData> readProfileFile(const std::string& path, std::string* error,
                                           const ImportOptions& options = {},
                                           std::string* formatId = nullptr);

}  // namespace sightline
