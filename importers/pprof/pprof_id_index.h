#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace sightline {

// Maps pprof's 64-bit ids (mapping, function, location) to our 0-based indices. Producers
// number them 1..N, so small ids live in a vector; anything else falls back to a hash map,
// which keeps a hostile id like 2^60 from allocating memory.
class PprofIdIndex {
 public:
  static constexpr std::uint32_t kAbsent = 0xffffffffu;

  // `expected` ids are coming: ids below a few times that are stored densely.
  void reserve(std::size_t expected) {
    m_denseLimit = 4 * static_cast<std::uint64_t>(expected) + 1024;
  }

  // False when `id` was inserted before.
  bool insert(std::uint64_t id, std::uint32_t index) {
    if (id < m_denseLimit) {
      if (id >= m_dense.size())
        m_dense.resize(static_cast<std::size_t>(id) + 1, kAbsent);
      if (m_dense[id] != kAbsent)
        return false;
      m_dense[id] = index;
      return true;
    }
    return m_sparse.try_emplace(id, index).second;
  }

  // The ids stored densely: dense()[id] is id's index or kAbsent; ids past its end go
  // through find().
  std::span<const std::uint32_t> dense() const { return m_dense; }

  // The index of `id`, or kAbsent.
  std::uint32_t find(std::uint64_t id) const {
    if (id < m_dense.size())
      return m_dense[id];
    if (id < m_denseLimit)
      return kAbsent;
    const auto it = m_sparse.find(id);
    return it == m_sparse.end() ? kAbsent : it->second;
  }

 private:
  std::uint64_t m_denseLimit = 1024;
  std::vector<std::uint32_t> m_dense;
  std::unordered_map<std::uint64_t, std::uint32_t> m_sparse;
};

}  // namespace sightline
