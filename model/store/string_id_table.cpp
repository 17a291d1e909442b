#include "model/store/string_id_table.h"

#include <cstring>

namespace sightline {

namespace {

constexpr std::size_t kInitialSlots = 1024;
constexpr std::size_t kBlockBytes = 256 * 1024;
constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kSecondMultiplier = 0xC2B2AE3D27D4EB4Full;

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 32;
  h *= kMultiplier;
  return h ^ (h >> 29);
}

}  // namespace

StringIdTable::StringIdTable() : m_slots(kInitialSlots) {}

// Sixteen bytes per step in two independent lanes, the length folded in: attribute values
// such as user agents and SQL text are 50-150 bytes, and one lane's chain of multiplies was
// most of a lookup. Good enough spread for linear probing (the full hash is compared first).
std::uint64_t StringIdTable::hash(std::string_view text) {
  std::uint64_t a = text.size() * kMultiplier;
  std::uint64_t b = ~a;
  const char* p = text.data();
  std::size_t left = text.size();
  while (left >= 16) {
    std::uint64_t first;
    std::uint64_t second;
    std::memcpy(&first, p, 8);
    std::memcpy(&second, p + 8, 8);
    a = (a ^ first) * kMultiplier;
    b = (b ^ second) * kSecondMultiplier;
    a ^= a >> 31;
    b ^= b >> 29;
    p += 16;
    left -= 16;
  }
  if (left > 8) {
    std::uint64_t first;
    std::uint64_t second = 0;
    std::memcpy(&first, p, 8);
    std::memcpy(&second, p + 8, left - 8);
    a = (a ^ first) * kMultiplier;
    b = (b ^ second) * kSecondMultiplier;
  } else if (left > 0) {
    std::uint64_t first = 0;
    std::memcpy(&first, p, left);
    a = (a ^ first) * kMultiplier;
  }
  return mix(a ^ (b * kMultiplier));
}

std::int64_t StringIdTable::find(std::string_view text) const {
  const std::uint64_t h = hash(text);
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = m_slots[i];
    if (slot.id == 0)
      return 0;
    if (slot.hash == h && slot.length == text.size() &&
        std::memcmp(slot.bytes, text.data(), text.size()) == 0)
      return slot.id;
  }
}

void StringIdTable::insert(std::string_view text, std::int64_t id) {
  if ((m_size + 1) * 2 > m_slots.size())
    grow();
  const std::uint64_t h = hash(text);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t i = h & mask;
  while (m_slots[i].id != 0)
    i = (i + 1) & mask;
  m_slots[i] = Slot{h, copy(text), static_cast<std::uint32_t>(text.size()), id};
  ++m_size;
}

void StringIdTable::grow() {
  std::vector<Slot> old(m_slots.size() * 2);
  old.swap(m_slots);
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == 0)
      continue;
    std::size_t i = slot.hash & mask;
    while (m_slots[i].id != 0)
      i = (i + 1) & mask;
    m_slots[i] = slot;
  }
}

const char* StringIdTable::copy(std::string_view text) {
  if (text.empty())
    return "";
  if (text.size() > kBlockBytes / 4) {
    // A long string gets a block of its own; the current block stays open.
    auto own = std::make_unique<char[]>(text.size());
    std::memcpy(own.get(), text.data(), text.size());
    const char* bytes = own.get();
    m_blocks.insert(m_blocks.end() - (m_blocks.empty() ? 0 : 1), std::move(own));
    return bytes;
  }
  if (m_blocks.empty() || m_blockUsed + text.size() > m_blockSize) {
    m_blocks.push_back(std::make_unique<char[]>(kBlockBytes));
    m_blockSize = kBlockBytes;
    m_blockUsed = 0;
  }
  char* bytes = m_blocks.back().get() + m_blockUsed;
  std::memcpy(bytes, text.data(), text.size());
  m_blockUsed += text.size();
  return bytes;
}

}  // namespace sightline
