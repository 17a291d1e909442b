#include "model/traces/stored_attribute.h"

#include <bit>

namespace sightline {

namespace {

constexpr int kTypeShift = 3;
constexpr std::uint8_t kStorageMask = 0x7;
constexpr int kMaxType = 7;  // AttributeValue::Type::KvList

void appendVarint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::uint64_t zigzag(std::int64_t value) {
  return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}

std::int64_t unzigzag(std::uint64_t value) {
  return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
}

}  // namespace

void appendStoredAttribute(std::string& blob, const StoredAttribute& attribute) {
  appendVarint(blob, static_cast<std::uint64_t>(attribute.keyId));
  blob.push_back(static_cast<char>((attribute.type << kTypeShift) |
                                   static_cast<std::uint8_t>(attribute.storage)));
  switch (attribute.storage) {
    case StoredClass::Null:
      break;
    case StoredClass::Integer:
      appendVarint(blob, zigzag(attribute.integer));
      break;
    case StoredClass::Real: {
      const auto bits = std::bit_cast<std::uint64_t>(attribute.real);
      for (int shift = 0; shift < 64; shift += 8)
        blob.push_back(static_cast<char>((bits >> shift) & 0xff));
      break;
    }
    case StoredClass::Text:
    case StoredClass::Blob:
      appendVarint(blob, attribute.bytes.size());
      blob.append(attribute.bytes);
      break;
  }
}

bool StoredAttributeReader::readVarint(std::uint64_t* value) {
  std::uint64_t result = 0;
  for (int shift = 0; shift < 64 && m_offset < m_blob.size(); shift += 7) {
    const auto byte = static_cast<std::uint8_t>(m_blob[m_offset++]);
    result |= std::uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) {
      *value = result;
      return true;
    }
  }
  return false;
}

bool StoredAttributeReader::next(StoredAttribute* attribute) {
  if (m_malformed || m_offset >= m_blob.size())
    return false;
  auto fail = [this] {
    m_malformed = true;
    return false;
  };
  std::uint64_t key = 0;
  if (!readVarint(&key) || m_offset >= m_blob.size())
    return fail();
  const auto tag = static_cast<std::uint8_t>(m_blob[m_offset++]);
  const int type = tag >> kTypeShift;
  const int storage = tag & kStorageMask;
  if (type > kMaxType || storage > static_cast<int>(StoredClass::Blob))
    return fail();
  attribute->keyId = static_cast<std::int64_t>(key);
  attribute->type = type;
  attribute->storage = static_cast<StoredClass>(storage);
  attribute->integer = 0;
  attribute->real = 0;
  attribute->bytes = {};
  switch (attribute->storage) {
    case StoredClass::Null:
      break;
    case StoredClass::Integer: {
      std::uint64_t value = 0;
      if (!readVarint(&value))
        return fail();
      attribute->integer = unzigzag(value);
      break;
    }
    case StoredClass::Real: {
      if (m_blob.size() - m_offset < 8)
        return fail();
      std::uint64_t bits = 0;
      for (int i = 0; i < 8; ++i)
        bits |= std::uint64_t{static_cast<std::uint8_t>(m_blob[m_offset + i])} << (8 * i);
      m_offset += 8;
      attribute->real = std::bit_cast<double>(bits);
      break;
    }
    case StoredClass::Text:
    case StoredClass::Blob: {
      std::uint64_t size = 0;
      if (!readVarint(&size) || size > m_blob.size() - m_offset)
        return fail();
      attribute->bytes = m_blob.substr(m_offset, size);
      m_offset += size;
      break;
    }
  }
  return true;
}

}  // namespace sightline
