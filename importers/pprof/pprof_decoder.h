#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"
#include "importers/pprof/pprof_sample_pass.h"
#include "model/profiles/profile_data.h"

namespace sightline {

// Decodes one serialized pprof Profile message held in memory into `profile`. The Profile
// is walked field by field in four passes (string table and header; mappings and
// functions; locations; samples) because producers write the fields in any order — Go
// writes the string table last — while each sub-message is parsed into one reused
// generated message. Validation follows pprof's profile.go: ids must be non-zero and
// unique, referenced ids must exist, string indices in range, one value per sample type.
// Errors carry the byte offset of the offending field. Honours context.cancel and reports
// decoded samples through context.onRows. Profiles of at least `pipelineMinSamples` samples
// decode their samples on two threads (see readPprofSamples); 0 = always one thread.
bool decodePprofProfile(std::span<const std::uint8_t> data, ReaderContext& context,
                        ProfileData& profile, DecodeError& error,
                        std::uint64_t pipelineMinSamples = kPprofPipelineMinSamples);

}  // namespace sightline
