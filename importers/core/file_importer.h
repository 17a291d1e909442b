#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "importers/core/importer.h"
#include "model/profiles/profile_data.h"
#include "model/store/workspace.h"

namespace sightline {

struct PrefetchedProfile;

// The outcome of importing one file.
struct FileImportResult {
  enum class Outcome { Imported, Skipped, Failed, Cancelled };
  std::string path;
  Outcome outcome = Outcome::Failed;
  std::string formatId;  // registry id of the detected format
  std::string error;     // for Failed: "<path>: at byte N: what was expected" (or "line N")
  std::uint64_t spans = 0;
  std::uint64_t traces = 0;
  // Spans not stored because another source already holds the same (trace id, span id),
  // e.g. the same export as JSON and as protobuf.
  std::uint64_t duplicateSpans = 0;
  std::uint64_t profiles = 0;
  std::uint64_t samples = 0;    // merged (stack, label set) sample rows of those profiles
  std::uint64_t families = 0;   // metric families of this source
  std::uint64_t series = 0;     // metric series of this source
  std::uint64_t points = 0;     // metric points (sample lines)
  std::uint64_t snapshots = 0;  // 1 per exposition file, 1 per instant of an API answer
  // Debt records of this source: measures, static-analysis results, commit file changes and
  // CODEOWNERS rules, in all.
  std::uint64_t debtRecords = 0;
  std::uint64_t bytes = 0;
  std::int64_t sourceId = 0;
  std::vector<std::int64_t> profileIds;  // of an imported profile file, in decoding order
};

struct ImportOptions {
  std::size_t batchSize = 10000;
  const std::atomic<bool>* cancel = nullptr;
  // Called from the importing thread; throttled by the importer (at most ~20 times/s).
  std::function<void(const ImportProgress&)> onProgress;
  // Decompressed bytes allowed for a gzip/zstd file before the import fails (bomb guard).
  std::uint64_t maxDecompressedBytes = 64ull << 30;
  // The time (Unix ms) of a metrics snapshot whose samples carry no timestamps (the command
  // line's --time). When unset, the file's modification time.
  std::optional<std::int64_t> snapshotTimeMs;
  // Called from the importing thread with each profile as soon as it is decoded, before it
  // is written, so that a viewer can show it while the store catches up. The import may
  // still fail or be cancelled afterwards (the workspace is then rolled back): only the
  // result says whether the profile was stored.
  std::function<void(std::shared_ptr<const ProfileData>)> onProfileDecoded;
  // This file's profile decoded ahead of the import (ProfilePrefetch): stored instead of
  // decoding the file again, when it is for this path and the file is unchanged since.
  std::shared_ptr<const PrefetchedProfile> prefetched;
};

// "<path>: line N: what" / "<path>: at byte N: what" / "<path>: what": the message of a
// failed import, shared with readProfileFile().
std::string describeDecodeError(const std::string& path, const DecodeError& error);

// Imports one file into the workspace: hash (skip if the same bytes were imported),
// detect compression by magic bytes, sniff the format through the registry, decode and
// write. On failure or cancellation the workspace is left exactly as it was.
// Runs on the calling thread (the GUI calls it from a worker).
FileImportResult importFile(Workspace& workspace, const std::string& path,
                            const ImportOptions& options = {});

}  // namespace sightline
