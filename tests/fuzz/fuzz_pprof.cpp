#include <cstddef>
#include <cstdint>
#include <span>

#include "importers/pprof/pprof_decoder.h"
#include "tests/fuzz/fuzz_support.h"

// Takes decompressed Profile messages (gunzip the fixtures for a seed corpus).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sightline::fuzz::fuzzFormat("pprof", data, size);

  // Real imports only take the two-thread sample path from 65536 samples on, far beyond
  // what the fuzzer builds; a threshold of 1 puts every input through it.
  sightline::fuzz::DiscardingSink sink;
  sightline::ReaderContext context;
  context.profiles = &sink;
  sightline::ProfileData profile;
  sightline::DecodeError error;
  sightline::decodePprofProfile(std::span<const std::uint8_t>(data, size), context, profile, error,
                                1);
  return 0;
}
