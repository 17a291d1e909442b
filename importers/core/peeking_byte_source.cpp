#include "importers/core/peeking_byte_source.h"

#include <algorithm>
#include <utility>

namespace sightline {

std::span<const std::uint8_t> PeekingByteSource::peek(std::size_t count) {
  // The first chunk is looked at where it is: it stays valid until the inner source is
  // asked again, which only a longer peek does, after copying it.
  if (m_view.empty() && !m_innerDone) {
    m_view = m_inner->next();
    m_innerDone = m_view.empty();
  }
  if (m_view.size() < count && !m_innerDone && !m_viewIsCopy) {
    m_copy.assign(m_view.begin(), m_view.end());
    m_viewIsCopy = true;
  }
  while (m_viewIsCopy && m_copy.size() < count && !m_innerDone) {
    const auto chunk = m_inner->next();
    m_innerDone = chunk.empty();
    m_copy.insert(m_copy.end(), chunk.begin(), chunk.end());
  }
  if (m_viewIsCopy)
    m_view = m_copy;
  return m_view.first(std::min(count, m_view.size()));
}

std::span<const std::uint8_t> PeekingByteSource::serveHead() {
  m_headServed = true;
  m_position += m_view.size();
  return m_view;
}

std::span<const std::uint8_t> PeekingByteSource::takePending() {
  m_position += m_pending.size();
  return std::exchange(m_pending, {});
}

std::span<const std::uint8_t> PeekingByteSource::take(bool all) {
  if (!m_headServed && !m_view.empty())
    return serveHead();
  m_headServed = true;
  if (!m_pending.empty())
    return takePending();
  if (m_innerDone)
    return {};
  auto chunk = all ? m_inner->nextAll() : m_inner->next();
  m_position += chunk.size();
  return chunk;
}

std::span<const std::uint8_t> PeekingByteSource::nextAll() {
  const bool headIsInnerChunk = !m_headServed && !m_view.empty() && !m_viewIsCopy && !m_innerDone;
  // Asking the inner source again is only safe while the head is still needed when the
  // inner source keeps its chunks.
  if (!headIsInnerChunk || !m_inner->keepsChunks())
    return take(true);
  const std::span<const std::uint8_t> head = serveHead();
  // The end is not asked for: the source may free its memory when it hands that out.
  if (m_inner->position() >= m_inner->sizeHint())
    return head;
  const std::span<const std::uint8_t> rest = m_inner->nextAll();
  // A source that holds the stream whole hands out its rest right after the head.
  if (rest.data() == head.data() + head.size()) {
    m_position += rest.size();
    return {head.data(), head.size() + rest.size()};
  }
  m_pending = rest;
  return head;
}

}  // namespace sightline
