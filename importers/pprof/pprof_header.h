#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "importers/core/importer.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// Top-level fields of pprof's Profile message.
enum PprofField : int {
  kPprofSampleType = 1,
  kPprofSample = 2,
  kPprofMapping = 3,
  kPprofLocation = 4,
  kPprofFunction = 5,
  kPprofStringTable = 6,
  kPprofDropFrames = 7,
  kPprofKeepFrames = 8,
  kPprofTimeNanos = 9,
  kPprofDurationNanos = 10,
  kPprofPeriodType = 11,
  kPprofPeriod = 12,
  kPprofComment = 13,
  kPprofDefaultSampleType = 14,
};

// Top-level fields walked between two looks at the cancel flag.
inline constexpr std::uint64_t kPprofCancelCheckInterval = 4096;

// What pass 1 learns besides the header: the string table (views into the Profile's
// bytes) and how many of each entity follow.
struct PprofHeader {
  std::vector<std::string_view> strings;
  std::uint64_t mappings = 0;
  std::uint64_t functions = 0;
  std::uint64_t locations = 0;
  std::uint64_t samples = 0;
};

// Pass 1 of the pprof decoder: walks every top-level field of the Profile in `data`,
// checking its framing and wire type, collects the string table and fills the header of
// `profile` (sample types, default sample type, period and its type, time, duration,
// drop/keep frames, comments). False with `error` (and its byte offset) on bad input.
bool readPprofHeader(std::span<const std::uint8_t> data, const ReaderContext& context,
                     PprofHeader& header, ProfileData& profile, DecodeError& error);

// Copies string `index` of `strings` to `out`; false with `error` naming `what` when the
// index is out of range.
bool pprofString(const std::vector<std::string_view>& strings, std::int64_t index,
                 std::uint64_t offset, const char* what, std::string& out, DecodeError& error);

// Sets `error` to `what` at `offset` and returns false.
bool pprofFail(DecodeError& error, std::uint64_t offset, std::string what);

}  // namespace sightline
