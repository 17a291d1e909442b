#include "model/traces/store_attributes.h"

#include <sqlite3.h>

#include <cmath>
#include <limits>

#include "model/store/store_statement.h"
#include "model/store/string_interner.h"

namespace sightline {

bool AttributeValueEncoder::internString(std::int64_t keyId, const std::string& text,
                                         std::int64_t* id) {
  if (text.size() > kMaxInternedValueBytes) {
    return false;
  }
  KeyStats& stats = m_keys[keyId];
  if (stats.inlineValues) {
    return false;
  }
  bool added = false;
  *id = m_strings.intern(text, &added);
  ++stats.seen;
  stats.added += added ? 1 : 0;
  // Nearly all new: most values will not repeat often enough to pay for their strings row.
  if (stats.seen == kSampleSize &&
      std::uint64_t{stats.added} * 10 > std::uint64_t{stats.seen} * 9) {
    stats.inlineValues = true;
  }
  return true;
}

StoredAttribute AttributeValueEncoder::stored(std::int64_t keyId, const AttributeValue& value) {
  using Type = AttributeValue::Type;
  StoredAttribute out;
  out.keyId = keyId;
  out.type = static_cast<int>(value.type);
  switch (value.type) {
    case Type::Empty:
      break;
    case Type::String: {
      std::int64_t id = 0;
      if (internString(keyId, value.text, &id)) {
        out.storage = StoredClass::Integer;
        out.integer = id;
      } else {
        out.storage = StoredClass::Text;
        out.bytes = value.text;
      }
      break;
    }
    case Type::Bool:
    case Type::Int:
      out.storage = StoredClass::Integer;
      out.integer = value.intValue;
      break;
    case Type::Double:
      // SQLite turns NaN into NULL; NULL under type double therefore reads back as NaN.
      if (!std::isnan(value.doubleValue)) {
        out.storage = StoredClass::Real;
        out.real = value.doubleValue;
      }
      break;
    case Type::Bytes:
      out.storage = StoredClass::Blob;
      out.bytes = value.text;
      break;
    case Type::Array:
    case Type::KvList:
      out.storage = StoredClass::Text;
      out.bytes = value.text;
      break;
  }
  return out;
}

void AttributeValueEncoder::bind(StoreStatement& statement, int typeIndex, std::int64_t keyId,
                                 const AttributeValue& value) {
  const StoredAttribute attribute = stored(keyId, value);
  statement.bindInt(typeIndex, attribute.type);
  const int valueIndex = typeIndex + 1;
  switch (attribute.storage) {
    case StoredClass::Null:
      statement.bindNull(valueIndex);
      break;
    case StoredClass::Integer:
      statement.bindInt(valueIndex, attribute.integer);
      break;
    case StoredClass::Real:
      statement.bindDouble(valueIndex, attribute.real);
      break;
    case StoredClass::Text:
      statement.bindText(valueIndex, attribute.bytes);
      break;
    case StoredClass::Blob:
      statement.bindBlob(valueIndex, attribute.bytes.data(), attribute.bytes.size());
      break;
  }
}

std::string attributeValueSql(const std::string& alias) {
  return "CASE WHEN " + alias + ".type = 1 AND typeof(" + alias +
         ".value) = 'integer' THEN (SELECT text FROM strings WHERE id = " + alias +
         ".value) ELSE " + alias + ".value END";
}

bool isInternedString(const StoreStatement& statement, int typeColumn) {
  return statement.columnInt(typeColumn) == static_cast<int>(AttributeValue::Type::String) &&
         statement.columnType(typeColumn + 1) == SQLITE_INTEGER;
}

AttributeValue readAttributeValue(const StoreStatement& statement, int typeColumn) {
  using Type = AttributeValue::Type;
  AttributeValue value;
  const auto type = statement.columnInt(typeColumn);
  const int valueColumn = typeColumn + 1;
  if (type < 0 || type > static_cast<int>(Type::KvList))
    return value;
  value.type = static_cast<Type>(type);
  switch (value.type) {
    case Type::Empty:
      break;
    case Type::Bool:
    case Type::Int:
      value.intValue = statement.columnInt(valueColumn);
      break;
    case Type::Double:
      value.doubleValue = statement.columnIsNull(valueColumn)
                              ? std::numeric_limits<double>::quiet_NaN()
                              : statement.columnDouble(valueColumn);
      break;
    case Type::Bytes:
      value.text = std::string(statement.columnBlob(valueColumn));
      break;
    case Type::String:
    case Type::Array:
    case Type::KvList:
      value.text = statement.columnText(valueColumn);
      break;
  }
  return value;
}

}  // namespace sightline
