#include "importers/prometheus/prometheus_series_key_set.h"

#include <cstring>
#include <functional>

namespace sightline {
namespace {

constexpr std::size_t kInitialSlots = 1024;

// A second 64-bit hash, unrelated to std::hash's: 8 bytes at a time, multiply and fold.
std::uint64_t foldHash(std::string_view key) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  std::uint64_t hash = 0xC2B2AE3D27D4EB4Full ^ key.size();
  std::size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, key.data() + i, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 31;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, key.data() + i, key.size() - i);
  hash = (hash ^ tail) * kMultiplier;
  hash ^= hash >> 29;
  hash *= 0xBF58476D1CE4E5B9ull;
  hash ^= hash >> 32;
  return hash;
}

}  // namespace

SeriesKeySet::Hash SeriesKeySet::hashOf(std::string_view key) {
  Hash hash{std::hash<std::string_view>{}(key), foldHash(key)};
  if (hash.a == 0 && hash.b == 0)
    hash.b = 1;  // (0, 0) marks an empty slot
  return hash;
}

void SeriesKeySet::prefetch(const Hash& hash) const {
  if (!m_slots.empty())
    __builtin_prefetch(&m_slots[static_cast<std::size_t>(hash.b) & (m_slots.size() - 1)]);
}

bool SeriesKeySet::insert(const Hash& hash) {
  if ((m_size + 1) * 2 > m_slots.size())
    grow();
  return insertHash(hash.a, hash.b);
}

bool SeriesKeySet::insertHash(std::uint64_t a, std::uint64_t b) {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(b) & mask;; i = (i + 1) & mask) {
    Slot& slot = m_slots[i];
    if (slot.a == 0 && slot.b == 0) {
      slot = Slot{a, b};
      ++m_size;
      return true;
    }
    if (slot.a == a && slot.b == b)
      return false;
  }
}

void SeriesKeySet::grow() {
  std::vector<Slot> old;
  old.swap(m_slots);
  m_slots.assign(old.empty() ? kInitialSlots : old.size() * 2, Slot{});
  m_size = 0;
  for (const Slot& slot : old) {
    if (slot.a != 0 || slot.b != 0)
      insertHash(slot.a, slot.b);
  }
}

void SeriesKeySet::clear() {
  m_slots.clear();
  m_size = 0;
}

}  // namespace sightline
