#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace sightline {

// Strings → ids in one flat array (open addressing, linear probing), the strings' bytes
// copied into large blocks. The writers look every span name, attribute key and short value
// up here: with std::unordered_map a lookup was a hash of the whole string plus two dependent
// pointer loads, ~10 % of the live writer's time; here it is a hash of 8-byte words and one
// probe into a contiguous array, with the full hash compared before the bytes.
class StringIdTable {
 public:
  StringIdTable();

  // The id of `text`, or 0 when it is not in the table.
  std::int64_t find(std::string_view text) const;
  // Adds `text` (not in the table yet) with `id` (non-zero).
  void insert(std::string_view text, std::int64_t id);
  std::size_t size() const { return m_size; }

  static std::uint64_t hash(std::string_view text);

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const char* bytes = nullptr;
    std::uint32_t length = 0;
    std::int64_t id = 0;  // 0: empty
  };

  const char* copy(std::string_view text);
  void grow();

  std::vector<Slot> m_slots;  // a power of two long, at most half full
  std::size_t m_size = 0;
  std::vector<std::unique_ptr<char[]>> m_blocks;
  std::size_t m_blockUsed = 0;
  std::size_t m_blockSize = 0;
};

}  // namespace sightline
