#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "importers/decompressing_byte_source.h"
#include "importers/memory_byte_source.h"

namespace {

void drain(const std::uint8_t* data, std::size_t size, std::size_t maxChunk,
           const sightline::DecompressionOptions& options) {
  auto raw = std::make_unique<sightline::MemoryByteSource>(
      std::string(reinterpret_cast<const char*>(data), size), maxChunk);
  auto source = sightline::openDecompressed(std::move(raw), options);
  for (auto chunk = source->next(); !chunk.empty(); chunk = source->next()) {
    // Touch both ends so ASan sees a chunk that points outside its buffer.
    volatile std::uint8_t sink = chunk.front();
    sink = chunk.back();
    (void)sink;
  }
  // Whole-gzip progress scales positions by the output size, even after a failure.
  source->status();
  source->rawPosition();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A small output cap keeps bombs fast and exercises the cap itself; a tiny whole-gzip
  // output limit makes libdeflate hand over to zlib halfway, the trickiest path.
  sightline::DecompressionOptions whole;
  whole.maxDecompressedBytes = 8u << 20;
  whole.wholeGzipMaxOutput = 64u << 10;
  drain(data, size, size + 1, whole);

  sightline::DecompressionOptions streaming;
  streaming.maxDecompressedBytes = 8u << 20;
  streaming.wholeGzipMaxInput = 0;
  drain(data, size, 1 + size % 61, streaming);
  return 0;
}
