#pragma once

#include <cstddef>
#include <string>

#include "model/trace_records.h"

namespace sightline {

class StoreStatement;
class StringInterner;

// String attribute values up to this size are interned (most values repeat: methods, routes,
// hosts); longer ones (statements, stack traces) are stored inline where they are used.
inline constexpr std::size_t kMaxInternedValueBytes = 64;

// Binds an attribute's `type` at `typeIndex` and its encoded `value` at typeIndex + 1, as the
// *_attributes tables store them (docs/SCHEMA.md "Attribute encoding").
void bindAttributeValue(StoreStatement& statement, int typeIndex, const AttributeValue& value,
                        StringInterner& interner);

// SQL expression for the decoded value column of attribute table alias `alias`: interned
// strings resolved to their text, everything else as stored.
std::string attributeValueSql(const std::string& alias);

// Reads an attribute value from result column `typeColumn` (the type) and typeColumn + 1
// (a value selected with attributeValueSql()).
AttributeValue readAttributeValue(const StoreStatement& statement, int typeColumn);

}  // namespace sightline
