#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "importers/core/decompressing_byte_source.h"
#include "importers/core/memory_byte_source.h"
#include "importers/core/peeking_byte_source.h"

namespace {

// Drains the decompressed stream; with `peek`, the way an import reads it: a peeked head,
// then nextAll() (one chunk when the source holds the whole output). Returns the bytes.
std::string drain(const std::uint8_t* data, std::size_t size, std::size_t maxChunk,
                  const sightline::DecompressionOptions& options, std::size_t peek = 0) {
  auto raw = std::make_unique<sightline::MemoryByteSource>(
      std::string(reinterpret_cast<const char*>(data), size), maxChunk);
  sightline::PeekingByteSource source(sightline::openDecompressed(std::move(raw), options));
  if (peek > 0)
    (void)source.peek(peek);
  std::string bytes;
  for (auto chunk = peek ? source.nextAll() : source.next(); !chunk.empty();
       chunk = peek ? source.nextAll() : source.next()) {
    // Touch both ends so ASan sees a chunk that points outside its buffer.
    volatile std::uint8_t sink = chunk.front();
    sink = chunk.back();
    (void)sink;
    bytes.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
  // Whole-gzip progress scales positions by the output size, even after a failure.
  source.status();
  source.rawPosition();
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A small output cap keeps bombs fast and exercises the cap itself; a tiny whole-gzip
  // output limit makes libdeflate hand over to zlib halfway, the trickiest path.
  sightline::DecompressionOptions whole;
  whole.maxDecompressedBytes = 8u << 20;
  whole.wholeGzipMaxOutput = 64u << 10;
  const std::string plain = drain(data, size, size + 1, whole);
  // Peeking and taking the rest whole must not change a byte.
  if (drain(data, size, size + 1, whole, 1 + size % 5000) != plain)
    __builtin_trap();

  sightline::DecompressionOptions streaming;
  streaming.maxDecompressedBytes = 8u << 20;
  streaming.wholeGzipMaxInput = 0;
  drain(data, size, 1 + size % 61, streaming);
  return 0;
}
