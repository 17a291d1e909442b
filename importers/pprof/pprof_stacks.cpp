#include "importers/pprof/pprof_stacks.h"

#include "model/common/big_buffers.h"

namespace sightline {
namespace {

std::uint64_t finalMix(std::uint64_t hash) {
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  return hash ^ (hash >> 33);
}

// Two 64-bit lanes with different mixing: 128 bits, so two distinct stacks of a profile
// share a hash with a probability far below that of a hardware fault (n² / 2¹²⁹).
PprofStackResolver::StackHash stackHash(std::span<const std::uint32_t> locations) {
  std::uint64_t low = 0x9e3779b97f4a7c15ull ^ locations.size();
  std::uint64_t high = 0x6a09e667f3bcc909ull + locations.size();
  for (const std::uint32_t location : locations) {
    low = (low ^ location) * 0xff51afd7ed558ccdull;
    low ^= low >> 32;
    high = (high + location) * 0x9e3779b97f4a7c15ull;
    high = (high << 27) | (high >> 37);
  }
  return {finalMix(low) | 1, finalMix(high)};  // low is never 0: 0 marks an empty slot
}

}  // namespace

PprofStackResolver::PprofStackResolver(ProfileBuilder& builder,
                                       const std::vector<LocationFrames>& locations,
                                       const std::vector<std::uint32_t>& locationFrames)
    : m_builder(builder), m_locations(locations), m_locationFrames(locationFrames), m_slots(1024) {}

std::size_t PprofStackResolver::slotOf(const StackHash& hash) const {
  const std::size_t mask = m_slots.size() - 1;
  std::size_t slot = static_cast<std::size_t>(hash.high) & mask;
  while (m_slots[slot].hash.low != 0 && m_slots[slot].hash != hash)
    slot = (slot + 1) & mask;
  return slot;
}

PprofStackResolver::Slot& PprofStackResolver::remember(std::size_t slot, const StackHash& hash,
                                                       std::uint32_t node) {
  m_slots[slot] = Slot{hash, node, kNoSample};
  if (++m_used * 10 <= m_slots.size() * 7)
    return m_slots[slot];
  std::vector<Slot> old = std::move(m_slots);
  reserveBig(m_slots, old.size() * 2);
  m_slots.assign(old.size() * 2, Slot{});
  for (const Slot& entry : old) {
    if (entry.hash.low != 0)
      m_slots[slotOf(entry.hash)] = entry;
  }
  return m_slots[slotOf(hash)];
}

PprofStackResolver::StackHash PprofStackResolver::hashOf(
    std::span<const std::uint32_t> locationsLeafFirst) {
  return stackHash(locationsLeafFirst);
}

PprofStackResolver::Slot& PprofStackResolver::resolveSlot(
    std::span<const std::uint32_t> locationsLeafFirst, const StackHash& hash) {
  const std::size_t slot = slotOf(hash);
  if (m_slots[slot].hash == hash)
    return m_slots[slot];
  std::uint32_t node = 0;
  for (auto it = locationsLeafFirst.rbegin(); it != locationsLeafFirst.rend(); ++it) {
    const LocationFrames& frames = m_locations[*it];
    for (std::uint32_t f = frames.end; f > frames.begin; --f)
      node = m_builder.child(node, m_locationFrames[f - 1]);
  }
  return remember(slot, hash, node);
}

}  // namespace sightline
