#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "importers/core/byte_source.h"

namespace sightline {

// Lets a caller look at the first bytes of a stream (magic numbers, format sniffing) and
// then hands the very same bytes out again from next(), followed by the rest of the stream.
class PeekingByteSource : public ByteSource {
 public:
  explicit PeekingByteSource(ByteSource& inner) : m_inner(&inner) {}
  explicit PeekingByteSource(std::unique_ptr<ByteSource> inner)
      : m_owned(std::move(inner)), m_inner(m_owned.get()) {}

  // The first `count` bytes of the stream, or fewer when the stream is shorter. Only valid
  // before the first call to next().
  std::span<const std::uint8_t> peek(std::size_t count);

  std::span<const std::uint8_t> next() override { return take(false); }
  std::span<const std::uint8_t> nextAll() override;
  bool keepsChunks() const override { return m_inner->keepsChunks(); }
  const Status& status() const override { return m_inner->status(); }
  std::uint64_t position() const override { return m_position; }
  std::uint64_t rawPosition() const override { return m_inner->rawPosition(); }
  // The peeked head is handed out again, so the total is the inner stream's.
  std::optional<std::uint64_t> totalSize() const override { return m_inner->totalSize(); }
  std::uint64_t sizeHint() const override { return m_inner->sizeHint(); }

 private:
  std::unique_ptr<ByteSource> m_owned;
  ByteSource* m_inner;
  std::span<const std::uint8_t> serveHead();
  std::span<const std::uint8_t> takePending();
  // The head if not served yet, then a pending chunk, then the inner source's next chunk
  // (or all of it).
  std::span<const std::uint8_t> take(bool all);

  // The peeked bytes: the inner source's first chunk where it is, or m_copy when one chunk
  // was too short for the peek.
  std::span<const std::uint8_t> m_view;
  std::vector<std::uint8_t> m_copy;
  bool m_viewIsCopy = false;
  // A chunk taken from a source that keeps its chunks, to hand out after the head.
  std::span<const std::uint8_t> m_pending;
  bool m_headServed = false;
  bool m_innerDone = false;
  std::uint64_t m_position = 0;
};

}  // namespace sightline
