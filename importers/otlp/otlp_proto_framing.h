#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>

#include "importers/core/byte_source.h"

namespace sightline {

// How many first bytes the OTLP/protobuf reader and sniffer look at to recognise the framing.
constexpr std::size_t kOtlpHeadBytes = 4096;

// Reads the outer framing (request lengths, ResourceSpans tags and lengths) straight from
// the byte source with 64-bit offsets, so files larger than protobuf's 2 GiB limit work.
class StreamCursor {
 public:
  enum class Varint { Ok, Truncated, Malformed };

  explicit StreamCursor(ByteSource& source) : m_source(source) {}

  bool atEnd() { return !fill(); }
  std::uint64_t offset() const { return m_offset; }

  Varint readVarint(std::uint64_t& value) {
    value = 0;
    for (int i = 0; i < 10; ++i) {
      if (!fill())
        return Varint::Truncated;
      const std::uint8_t byte = m_chunk[m_pos++];
      ++m_offset;
      value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
      if (!(byte & 0x80))
        return Varint::Ok;
    }
    return Varint::Malformed;
  }

  // Appends up to `count` bytes to `out` (or drops them when `out` is null); returns how
  // many there were.
  std::uint64_t read(std::string* out, std::uint64_t count) {
    std::uint64_t done = 0;
    while (done < count && fill()) {
      const std::size_t take =
          static_cast<std::size_t>(std::min<std::uint64_t>(count - done, m_chunk.size() - m_pos));
      if (out)
        out->append(reinterpret_cast<const char*>(m_chunk.data() + m_pos), take);
      m_pos += take;
      m_offset += take;
      done += take;
    }
    return done;
  }

 private:
  bool fill() {
    while (m_pos == m_chunk.size()) {
      if (m_eof)
        return false;
      m_chunk = m_source.next();
      m_pos = 0;
      if (m_chunk.empty())
        m_eof = true;
    }
    return true;
  }

  ByteSource& m_source;
  std::span<const std::uint8_t> m_chunk;
  std::size_t m_pos = 0;
  std::uint64_t m_offset = 0;
  bool m_eof = false;
};

// "varint", "fixed64", … for messages.
const char* wireTypeName(int wireType);

}  // namespace sightline
