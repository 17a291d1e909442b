#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "model/common/status.h"

namespace sightline {

// A pull stream of bytes. Readers ask for the next chunk; chunks may be split anywhere
// (tests feed one byte at a time), which keeps every reader chunk-safe and lets memory be
// bounded by the chunk, not by the file.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Next chunk, valid until the next call. An empty span means the end of the stream or an
  // error; check status() to tell them apart.
  virtual std::span<const std::uint8_t> next() = 0;
  // Like next(), but a source that holds the rest of the stream in memory already (a
  // decompressed file) hands it all out as one chunk: a reader that needs the whole message
  // (pprof) then reads it where it is instead of copying it.
  virtual std::span<const std::uint8_t> nextAll() { return next(); }
  // True when the source holds the whole stream in memory: chunks stay valid after the next
  // call until the end of the stream is handed out, and sizeHint() is the exact size.
  virtual bool keepsChunks() const { return false; }
  virtual const Status& status() const = 0;
  // Bytes handed out so far (decompressed bytes for a decompressing source).
  virtual std::uint64_t position() const = 0;
  // Compressed bytes read from the underlying file so far; drives the progress bar.
  virtual std::uint64_t rawPosition() const { return position(); }
  // Bytes the whole stream will hand out when that is known before reading (a file's size),
  // so a decompressor may read small inputs whole. A hint: the stream may end sooner or later.
  virtual std::optional<std::uint64_t> totalSize() const { return std::nullopt; }
  // Decompressed bytes expected in total, 0 when unknown; a hint for reserving memory, never
  // trusted as a bound.
  virtual std::uint64_t sizeHint() const { return 0; }
};

}  // namespace sightline
