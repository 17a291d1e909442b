#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/common/status.h"

namespace sightline {

class Workspace;

// One side (baseline or target) of a before/after comparison, as the user wrote it. Either
// a source (a `sources` row) or a time range; a trace belongs to a range when it starts in
// it (traces.start_ns), to a source with the spans that source stored.
//
// The syntax (docs/CLI.md "sightline compare"):
//   3  source:3                      the source with id 3
//   shop.pb.gz  source:shop.pb.gz    the source with this path, or with this file name
//   FROM..TO                         a half-open range [FROM, TO); either end may be left out
//                                    (from the first / up to the last trace start); an end is
//                                    an ISO 8601 time with a zone (2026-11-20T14:03Z,
//                                    2026-11-20T14:03:30.5+01:00) or Unix nanoseconds
//   first D  /  last D               the first / last D of the data (5m, 90s, 1h, 250ms):
//                                    [first start, first start + D), (last start − D, last start]
struct CompareSideSpec {
  enum class Kind { Source, Range, First, Last };
  Kind kind = Kind::Range;
  std::string text;  // as written, for messages and output

  // Source: an id, else a path or file name.
  std::optional<std::int64_t> sourceId;
  std::string sourceName;

  // Range: the ends in Unix ns; nullopt = open (the data's first / last trace start).
  std::optional<std::uint64_t> fromNs;
  std::optional<std::uint64_t> toNs;

  // First / Last: the length of the window.
  std::uint64_t lengthNs = 0;
};

// Parses a side; nullopt and `error` filled (a sentence naming what is wrong) when malformed.
std::optional<CompareSideSpec> parseCompareSide(std::string_view text, std::string* error);

// An ISO 8601 date and time with a zone offset ("2026-11-20T14:03Z",
// "2026-11-20T14:03:30.123456789+01:00"; seconds and fraction optional, 'T' or a space) or Unix
// nanoseconds ("1795183380000000000"), as Unix nanoseconds; nullopt when it is neither.
std::optional<std::uint64_t> parseComparePoint(std::string_view text);

// A side resolved against a workspace: the source row it names, or the range in absolute
// nanoseconds.
struct ResolvedCompareSide {
  CompareSideSpec spec;
  bool isSource = false;
  std::int64_t sourceId = 0;  // isSource
  std::string sourcePath;     // isSource
  std::uint64_t fromNs = 0;   // !isSource: [fromNs, toNs)
  std::uint64_t toNs = 0;
};

// Resolves `spec`: looks the source up (an id must exist; a name must match one path exactly,
// or one file name), or turns open ends and first/last into times from the workspace's
// traces. Fails with a message when the source is missing or ambiguous, when a relative range
// is asked of a workspace without traces, or when a range is empty.
Status resolveCompareSide(const Workspace& workspace, const CompareSideSpec& spec,
                          ResolvedCompareSide* resolved);

// A source that holds spans, as the Compare page offers it.
struct CompareSourceChoice {
  std::int64_t id = 0;
  std::string path;
};

// The sources that stored spans (they have a `resources` row), by id.
std::vector<CompareSourceChoice> listCompareSources(const Workspace& workspace);

// The first and last trace start of the workspace; nullopt when it has no traces.
std::optional<std::pair<std::uint64_t, std::uint64_t>> traceStartWindow(const Workspace& workspace);

// "source 1 (shop-traces.otlp.pb.gz)" or "2026-11-20T14:00:00.000Z .. 2026-11-20T14:03:00.000Z".
std::string describeCompareSide(const ResolvedCompareSide& side);

}  // namespace sightline
