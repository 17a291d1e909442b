#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sightline {

// How an attribute value is stored: the SQLite storage class it reads back as.
enum class StoredClass : std::uint8_t { Null = 0, Integer = 1, Real = 2, Text = 3, Blob = 4 };

// One attribute as the workspace stores it (docs/SCHEMA.md "Attribute encoding"): the key's
// strings.id, the AttributeValue::Type and the value in its storage class. An interned string
// is Type::String stored as the Integer strings.id.
struct StoredAttribute {
  std::int64_t keyId = 0;
  int type = 0;
  StoredClass storage = StoredClass::Null;
  std::int64_t integer = 0;
  double real = 0;
  std::string_view bytes;  // Text and Blob; points into the caller's or the encoded data
};

// spans.attributes holds a span's attributes in one blob (docs/SCHEMA.md "Span attributes"):
// per attribute in order, the key id as a varint, a tag byte (type << 3 | storage class) and
// the value — a zigzag varint, 8 little-endian IEEE bytes, or a varint length and the bytes.
// One row per span instead of one per attribute: the per-row insert cost was most of a
// span's storing time.
void appendStoredAttribute(std::string& blob, const StoredAttribute& attribute);

// Walks an encoded blob. Never reads past its end: a truncated or malformed entry ends the walk
// with malformed() set.
class StoredAttributeReader {
 public:
  explicit StoredAttributeReader(std::string_view blob) : m_blob(blob) {}

  // The next attribute; false at the end or on malformed data.
  bool next(StoredAttribute* attribute);
  bool malformed() const { return m_malformed; }

 private:
  bool readVarint(std::uint64_t* value);

  std::string_view m_blob;
  std::size_t m_offset = 0;
  bool m_malformed = false;
};

}  // namespace sightline
