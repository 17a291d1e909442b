#include "importers/core/memory_byte_source.h"

#include <algorithm>

namespace sightline {

MemoryByteSource::MemoryByteSource(std::string data, std::size_t maxChunk)
    : m_data(std::move(data)), m_maxChunk(std::max<std::size_t>(maxChunk, 1)) {}

std::span<const std::uint8_t> MemoryByteSource::next() {
  const std::size_t size = std::min(m_maxChunk, m_data.size() - m_position);
  const auto* begin = reinterpret_cast<const std::uint8_t*>(m_data.data()) + m_position;
  m_position += size;
  return {begin, size};
}

}  // namespace sightline
