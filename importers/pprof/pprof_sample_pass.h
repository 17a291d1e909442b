#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "importers/core/importer.h"
#include "importers/pprof/pprof_id_index.h"
#include "importers/pprof/pprof_stacks.h"
#include "model/profiles/profile_builder.h"

namespace sightline {

// What pass 4 of the pprof decoder (the samples) reads from the passes before it.
struct PprofSampleInputs {
  std::span<const std::uint8_t> data;         // the whole Profile message
  const PprofIdIndex* locationIds = nullptr;  // pprof location id → index
  const std::vector<std::string_view>* strings = nullptr;
  std::size_t types = 0;          // sample types: values per sample
  std::uint64_t sampleCount = 0;  // Sample fields in the message
};

// Below this many samples pass 4 runs on the calling thread alone.
inline constexpr std::uint64_t kPprofPipelineMinSamples = 65536;

// Pass 4: parses every Sample, resolves its stack in the trie and adds its values. A large
// profile is split between two threads — one parses samples and hashes their stacks, the
// other merges them into the trie, in file order — so the result, errors included, is the
// same as on one thread. `pipelineMinSamples` = 0 never pipelines (tests use both).
bool readPprofSamples(const PprofSampleInputs& inputs, PprofStackResolver& stacks,
                      ProfileBuilder& builder, ReaderContext& context, DecodeError& error,
                      std::uint64_t pipelineMinSamples = kPprofPipelineMinSamples);

}  // namespace sightline
