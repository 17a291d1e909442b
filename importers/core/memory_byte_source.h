#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "importers/core/byte_source.h"

namespace sightline {

// Serves bytes held in memory: live receivers' request bodies and tests. `maxChunk` limits
// the size of each chunk so tests can prove readers survive chunks split anywhere.
class MemoryByteSource : public ByteSource {
 public:
  explicit MemoryByteSource(std::string data,
                            std::size_t maxChunk = std::numeric_limits<std::size_t>::max());

  std::span<const std::uint8_t> next() override;
  const Status& status() const override { return m_status; }
  std::uint64_t position() const override { return m_position; }
  std::optional<std::uint64_t> totalSize() const override { return m_data.size(); }

 private:
  std::string m_data;
  std::size_t m_maxChunk;
  std::size_t m_position = 0;
  Status m_status;
};

}  // namespace sightline
