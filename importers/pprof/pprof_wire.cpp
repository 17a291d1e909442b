#include "importers/pprof/pprof_wire.h"

namespace sightline {

const char* wireTypeLabel(int wireType) {
  static constexpr const char* kNames[] = {"varint",      "fixed64",   "length-delimited",
                                           "start-group", "end-group", "fixed32"};
  return wireType >= 0 && wireType < 6 ? kNames[wireType] : "invalid";
}

WireFieldReader::Varint WireFieldReader::readVarint(std::uint64_t& value) {
  value = 0;
  for (int i = 0; i < 10; ++i) {
    if (m_pos >= m_data.size())
      return Varint::Truncated;
    const std::uint8_t byte = m_data[m_pos++];
    value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if (!(byte & 0x80))
      return Varint::Ok;
  }
  return Varint::Malformed;
}

bool WireFieldReader::fail(std::uint64_t offset, std::string what) {
  m_error = std::move(what);
  m_errorOffset = offset;
  return false;
}

bool WireFieldReader::next(WireField& field) {
  if (m_pos >= m_data.size() || failed())
    return false;
  const std::uint64_t start = m_base + m_pos;
  std::uint64_t tag = 0;
  switch (readVarint(tag)) {
    case Varint::Ok:
      break;
    case Varint::Truncated:
      return fail(start, std::string("truncated input: a field tag of ") + m_message +
                             " ends with the data");
    case Varint::Malformed:
      return fail(start, std::string("malformed varint (more than 10 bytes) in a field tag of ") +
                             m_message);
  }
  field.offset = start;
  field.number = static_cast<int>(tag >> 3);
  field.wireType = static_cast<int>(tag & 7);
  if ((tag >> 3) == 0 || (tag >> 3) > 0x1fffffff) {
    return fail(start, std::string("expected a field tag of ") + m_message +
                           ", found invalid tag " + std::to_string(tag));
  }
  // Only built on failure: this runs for every field of a large profile.
  auto where = [&] { return "field " + std::to_string(field.number) + " of " + m_message; };
  switch (field.wireType) {
    case 0:
      switch (readVarint(field.value)) {
        case Varint::Ok:
          return true;
        case Varint::Truncated:
          return fail(start,
                      "truncated input: the varint value of " + where() + " ends with the data");
        case Varint::Malformed:
          return fail(start, "malformed varint (more than 10 bytes) in " + where());
      }
      return false;
    case 1:
    case 5: {
      const std::size_t size = field.wireType == 1 ? 8 : 4;
      if (m_data.size() - m_pos < size) {
        return fail(start, "truncated input: " + where() + " needs " + std::to_string(size) +
                               " bytes, only " + std::to_string(m_data.size() - m_pos) + " left");
      }
      field.value = 0;
      for (std::size_t i = 0; i < size; ++i)
        field.value |= static_cast<std::uint64_t>(m_data[m_pos + i]) << (8 * i);
      m_pos += size;
      return true;
    }
    case 2: {
      std::uint64_t length = 0;
      switch (readVarint(length)) {
        case Varint::Ok:
          break;
        case Varint::Truncated:
          return fail(start, "truncated input: the length of " + where() + " ends with the data");
        case Varint::Malformed:
          return fail(start, "malformed varint (more than 10 bytes) in the length of " + where());
      }
      const std::uint64_t left = m_data.size() - m_pos;
      if (length > left) {
        return fail(start, "truncated input: " + where() + " needs " + std::to_string(length) +
                               " bytes, only " + std::to_string(left) + " left");
      }
      field.bodyOffset = m_base + m_pos;
      field.body = m_data.subspan(m_pos, static_cast<std::size_t>(length));
      m_pos += static_cast<std::size_t>(length);
      return true;
    }
    default:
      return fail(start, "unsupported wire type " + std::string(wireTypeLabel(field.wireType)) +
                             " in " + where());
  }
}

}  // namespace sightline
