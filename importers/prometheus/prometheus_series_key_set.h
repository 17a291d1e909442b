#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sightline {

// The series seen in one snapshot, to reject duplicates. Keeps a 128-bit hash per series
// (two independent 64-bit hashes of the series key) in a flat open-addressing table: 16
// bytes per series instead of the key text, so a 1M-series snapshot costs ~32 MB. A false
// "duplicate" needs a 128-bit collision (~1e-26 for 1M series).
class SeriesKeySet {
 public:
  struct Hash {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
  };
  static Hash hashOf(std::string_view key);
  // Asks the CPU to fetch the hash's slot while the caller does other work: the table is
  // far bigger than the caches, and the miss is most of an insert's cost.
  void prefetch(const Hash& hash) const;
  // Inserts the key; false when it was there already.
  bool insert(const Hash& hash);
  bool insert(std::string_view key) { return insert(hashOf(key)); }
  std::size_t size() const { return m_size; }
  void clear();

 private:
  using Slot = Hash;
  void grow();
  bool insertHash(std::uint64_t a, std::uint64_t b);

  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
};

}  // namespace sightline
