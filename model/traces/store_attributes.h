#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "model/traces/stored_attribute.h"
#include "model/traces/trace_records.h"

namespace sightline {

class StoreStatement;
class StringInterner;

// String attribute values up to this size may be interned (most values repeat: methods,
// routes, hosts); longer ones (statements, stack traces) are stored inline where they are used.
inline constexpr std::size_t kMaxInternedValueBytes = 64;

// Encodes attribute values as the *_attributes tables and spans.attributes store them
// (docs/SCHEMA.md "Attribute encoding"). Decides per key whether short string values are worth
// interning: an interned value that never repeats is stored twice (row and UNIQUE index), so when
// more than 90 % of a key's first kSampleSize values were new (request ids, full URLs), its later
// values are stored inline instead. The sample is large because a value space of a few times its
// size still looks mostly new early on, yet repeats enough over a large import to be worth
// interning. Readers handle both forms.
class AttributeValueEncoder {
 public:
  static constexpr std::uint32_t kSampleSize = 65536;

  explicit AttributeValueEncoder(StringInterner& strings) : m_strings(strings) {}

  // The attribute as stored; its bytes point into `value`.
  StoredAttribute stored(std::int64_t keyId, const AttributeValue& value);
  // Binds the `type` at `typeIndex` and the encoded `value` at typeIndex + 1.
  void bind(StoreStatement& statement, int typeIndex, std::int64_t keyId,
            const AttributeValue& value);

 private:
  struct KeyStats {
    std::uint32_t seen = 0;
    std::uint32_t added = 0;
    bool inlineValues = false;
  };
  bool internString(std::int64_t keyId, const std::string& text, std::int64_t* id);

  StringInterner& m_strings;
  std::unordered_map<std::int64_t, KeyStats> m_keys;
};

// SQL expression for the decoded value column of attribute table alias `alias`: interned
// strings resolved to their text, everything else as stored.
std::string attributeValueSql(const std::string& alias);

// Reads an attribute value from result column `typeColumn` (the type) and typeColumn + 1
// (a value selected with attributeValueSql()).
AttributeValue readAttributeValue(const StoreStatement& statement, int typeColumn);

// Whether the attribute in result columns `typeColumn` (the type) and typeColumn + 1 (the
// value as stored, not through attributeValueSql()) is an interned string, whose value is a
// strings.id. readAttributeValue() reads every other stored value as it is.
bool isInternedString(const StoreStatement& statement, int typeColumn);

}  // namespace sightline
