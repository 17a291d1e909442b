#include "importers/peeking_byte_source.h"

namespace sightline {

std::span<const std::uint8_t> PeekingByteSource::peek(std::size_t count) {
  while (m_head.size() < count && !m_innerDone) {
    auto chunk = m_inner->next();
    if (chunk.empty()) {
      m_innerDone = true;
      break;
    }
    m_head.insert(m_head.end(), chunk.begin(), chunk.end());
  }
  return {m_head.data(), std::min(count, m_head.size())};
}

std::span<const std::uint8_t> PeekingByteSource::next() {
  if (!m_headServed) {
    m_headServed = true;
    if (!m_head.empty()) {
      m_position += m_head.size();
      return {m_head.data(), m_head.size()};
    }
  }
  if (m_innerDone)
    return {};
  auto chunk = m_inner->next();
  m_position += chunk.size();
  return chunk;
}

}  // namespace sightline
