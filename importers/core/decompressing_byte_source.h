#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "importers/core/byte_source.h"

namespace sightline {

enum class Compression { None, Gzip, Zstd };

// Recognises compression by magic bytes (gzip 1f 8b, zstd 28 b5 2f fd), never by name.
Compression detectCompression(std::span<const std::uint8_t> head);

struct DecompressionOptions {
  // Decompressed bytes allowed before the stream fails: a guard against decompression
  // bombs. 64 GiB by default.
  std::uint64_t maxDecompressedBytes = 64ull << 30;
  // Gzip input of known size up to this many bytes is read whole and decompressed with
  // libdeflate, about twice as fast as streaming through zlib. 0 always streams.
  std::uint64_t wholeGzipMaxInput = 512ull << 20;
  // ... while its output fits in this many bytes; beyond that zlib streams the rest, so memory
  // stays bounded for huge outputs.
  std::uint64_t wholeGzipMaxOutput = 2ull << 30;
};

// Wraps `raw` in a gunzip or zstd stream when its first bytes say it is compressed,
// otherwise returns a stream of the raw bytes. Concatenated gzip members and zstd frames
// are read one after another. rawPosition() of the result counts the compressed bytes.
std::unique_ptr<ByteSource> openDecompressed(std::unique_ptr<ByteSource> raw,
                                             const DecompressionOptions& options = {});

// The same, when the caller already knows the compression.
std::unique_ptr<ByteSource> openDecompressed(std::unique_ptr<ByteSource> raw,
                                             Compression compression,
                                             const DecompressionOptions& options = {});

}  // namespace sightline
