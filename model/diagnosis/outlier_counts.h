#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/diagnosis/outlier_comparison.h"
#include "model/store/store_statement.h"

struct sqlite3;

namespace sightline {

// The counting behind compareOutliers() (outlier_comparison.h): per key and value, how many
// spans of each side carry it, and the shares, scores and ranking made of those counts.

// Spans of the selection and of the baseline.
struct OutlierCounts {
  std::uint64_t selection = 0;
  std::uint64_t baseline = 0;

  static OutlierCounts of(bool selected) {
    return selected ? OutlierCounts{1, 0} : OutlierCounts{0, 1};
  }
  OutlierCounts& operator+=(const OutlierCounts& other) {
    selection += other.selection;
    baseline += other.baseline;
    return *this;
  }
};

// A value as counted: its attribute type and a code that is the strings.id of an interned
// string, the (negative) OutlierInlineValues code of any other text or bytes, the integer,
// or the bits of a double.
struct OutlierValueKey {
  std::uint8_t type = 0;
  std::int64_t code = 0;
  friend bool operator==(const OutlierValueKey&, const OutlierValueKey&) = default;
};

struct OutlierValueKeyHash {
  std::size_t operator()(const OutlierValueKey& key) const {
    std::uint64_t x = static_cast<std::uint64_t>(key.code) + key.type * 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;  // splitmix64's finaliser
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::size_t>(x ^ (x >> 31));
  }
};

// Counts by value: open addressing with linear probing, the slots in one array (a million
// lookups in a node-based map are a million cache misses). No erase: a merged-away value
// keeps zero counts, and readers skip those.
class OutlierValueTable {
 public:
  OutlierCounts& operator[](const OutlierValueKey& key);
  OutlierCounts* find(const OutlierValueKey& key);
  std::size_t size() const { return m_used; }
  bool empty() const { return m_used == 0; }
  template <typename Visit>
  void forEach(Visit visit) const {
    for (const Slot& slot : m_slots) {
      if (slot.used)
        visit(slot.key, slot.counts);
    }
  }

 private:
  struct Slot {
    OutlierValueKey key;
    bool used = false;
    OutlierCounts counts;
  };
  void grow();

  std::vector<Slot> m_slots;
  std::size_t m_used = 0;
};

// Texts of strings.id, each looked up once.
class OutlierStringLookup {
 public:
  explicit OutlierStringLookup(sqlite3* db)
      : m_lookup(db, "SELECT text FROM strings WHERE id = ?") {}
  const std::string& text(std::int64_t id);

 private:
  StoreStatement m_lookup;
  std::unordered_map<std::int64_t, std::string> m_texts;
};

// Texts stored inline (not interned) and bytes, numbered −1, −2, … as first seen.
class OutlierInlineValues {
 public:
  std::int64_t code(std::string_view bytes);
  // The code of `bytes` when it was seen, else 0.
  std::int64_t find(std::string_view bytes) const;
  const std::string& bytes(std::int64_t code) const {
    return m_bytes[static_cast<std::size_t>(-code - 1)];
  }

 private:
  struct Hash {
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  // Each text once: the map's keys view the deque's strings, which never move.
  std::unordered_map<std::string_view, std::int64_t, Hash> m_codes;
  std::deque<std::string> m_bytes;
};

// Every key's value counts, and the ranking made of them.
class OutlierKeyTable {
 public:
  // The intrinsic keys of one span (service and name as strings.ids).
  void countIntrinsics(std::int64_t serviceId, std::int64_t nameId, std::int64_t status,
                       std::int64_t kind, bool selected);
  // One attribute of `owner` (a span row, or a resource row standing for `counts` spans).
  // The key counts as present once per owner.
  void countAttribute(OutlierKeyScope scope, std::int64_t keyId, const OutlierValueKey& value,
                      std::int64_t owner, const OutlierCounts& counts);

  OutlierComparison finish(OutlierStringLookup& strings, const OutlierInlineValues& inlineValues,
                           std::size_t topValues, std::uint64_t selectionSpans,
                           std::uint64_t baselineSpans);

 private:
  struct Key {
    OutlierKeyScope scope = OutlierKeyScope::Span;
    std::int64_t keyId = 0;  // strings.id; for intrinsic keys an IntrinsicKey
    OutlierValueTable values;
    OutlierCounts present;
    std::int64_t lastOwner = -1;
    bool hasInlineStrings = false;
  };
  Key& key(OutlierKeyScope scope, std::int64_t keyId);

  std::vector<Key> m_keys;
  std::unordered_map<std::int64_t, std::size_t> m_spanKeys;
  std::int64_t m_lastSpanKey = -1;  // the span key looked up last, and its index
  std::size_t m_lastSpanIndex = 0;
  std::unordered_map<std::int64_t, std::size_t> m_resourceKeys;
};

}  // namespace sightline
