#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/profiles/profile_builder.h"

namespace sightline {

// Where one pprof location's frames live in a shared frame list (leaf first: the inlined
// callee, then its callers, the location's outermost function last).
struct LocationFrames {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Turns a sample's stack of locations into a node of the profile's stack trie. Most samples
// repeat a stack seen before, so a whole stack is first looked up by its 128-bit hash: one
// lookup per sample instead of one per frame. Only new stacks walk the builder's trie.
// (Checking a hit frame by frame against the trie cost 12 % of reading a 1M-sample profile:
// its nodes are scattered over tens of MB.)
class PprofStackResolver {
 public:
  struct StackHash {
    std::uint64_t low = 0;  // never 0 for a stack: 0 marks an empty slot
    std::uint64_t high = 0;
    bool operator==(const StackHash&) const = default;
  };

  PprofStackResolver(ProfileBuilder& builder, const std::vector<LocationFrames>& locations,
                     const std::vector<std::uint32_t>& locationFrames);

  // `locationsLeafFirst` are indices into `locations`, as pprof orders them.
  std::uint32_t resolve(std::span<const std::uint32_t> locationsLeafFirst) {
    return resolve(locationsLeafFirst, hashOf(locationsLeafFirst));
  }
  // The same with the stack's hash already computed (by another thread).
  std::uint32_t resolve(std::span<const std::uint32_t> locationsLeafFirst, const StackHash& hash) {
    return resolveSlot(locationsLeafFirst, hash).leaf;
  }
  static StackHash hashOf(std::span<const std::uint32_t> locationsLeafFirst);

  static constexpr std::uint32_t kNoSample = 0xffffffffu;
  struct Slot {
    StackHash hash;
    std::uint32_t leaf = 0;
    // The builder's sample of `leaf` without labels, once the merger knows it: a repeated
    // stack then adds its values there without the builder's node → sample lookup.
    std::uint32_t unlabelledSample = kNoSample;
  };
  // The stack's slot, valid until the next call.
  Slot& resolveSlot(std::span<const std::uint32_t> locationsLeafFirst, const StackHash& hash);
  // Starts loading the slot where `hash` most likely is into the cache.
  void prefetch(const StackHash& hash) const {
    __builtin_prefetch(m_slots.data() +
                       (static_cast<std::size_t>(hash.high) & (m_slots.size() - 1)));
  }
  // The unlabelled sample of `hash` if its slot is the first one probed (a prefetch hint).
  std::uint32_t likelySample(const StackHash& hash) const {
    const Slot& slot = m_slots[static_cast<std::size_t>(hash.high) & (m_slots.size() - 1)];
    return slot.hash == hash ? slot.unlabelledSample : kNoSample;
  }

 private:
  // The slot of `hash` in the table: where it is, or the empty slot where it goes.
  std::size_t slotOf(const StackHash& hash) const;
  Slot& remember(std::size_t slot, const StackHash& hash, std::uint32_t node);

  ProfileBuilder& m_builder;
  const std::vector<LocationFrames>& m_locations;
  const std::vector<std::uint32_t>& m_locationFrames;
  // Stack hash → leaf node, open addressing with linear probing (a node-based map cost a
  // cache miss and an allocation per distinct stack).
  std::vector<Slot> m_slots;
  std::size_t m_used = 0;
};

}  // namespace sightline
