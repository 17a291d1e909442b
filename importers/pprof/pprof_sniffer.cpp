#include <cstdint>
#include <span>

#include "importers/pprof/pprof_reader.h"

namespace sightline {
namespace {

// The registry hands sniffers this many bytes; fewer means the whole file.
constexpr std::size_t kHeadBytes = 4096;

constexpr std::uint8_t bit(int wireType) {
  return static_cast<std::uint8_t>(1u << wireType);
}
constexpr std::uint8_t kVarint = bit(0);
constexpr std::uint8_t kBytes = bit(2);

class HeadCursor {
 public:
  explicit HeadCursor(std::span<const std::uint8_t> data) : m_data(data) {}
  bool atEnd() const { return m_pos >= m_data.size(); }
  std::size_t left() const { return m_data.size() - m_pos; }
  // False when the data ends inside the varint or it is longer than 10 bytes.
  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (m_pos >= m_data.size())
        return false;
      const std::uint8_t byte = m_data[m_pos++];
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return true;
    }
    return false;
  }
  std::span<const std::uint8_t> take(std::size_t count) {
    const auto bytes = m_data.subspan(m_pos, count);
    m_pos += count;
    return bytes;
  }

 private:
  std::span<const std::uint8_t> m_data;
  std::size_t m_pos = 0;
};

// Whether `body` is a message whose field n (1-based) has one of the wire types in
// allowed[n - 1]; fields beyond `allowed` are not expected in pprof's sub-messages.
bool bodyHolds(std::span<const std::uint8_t> body, std::span<const std::uint8_t> allowed) {
  HeadCursor in(body);
  while (!in.atEnd()) {
    std::uint64_t tag = 0;
    if (!in.varint(tag))
      return false;
    const std::uint64_t field = tag >> 3;
    const int wireType = static_cast<int>(tag & 7);
    if (field == 0 || field > allowed.size() || !(allowed[field - 1] & bit(wireType)))
      return false;
    std::uint64_t value = 0;
    if (!in.varint(value))
      return false;
    if (wireType == 2) {
      if (value > in.left())
        return false;
      in.take(static_cast<std::size_t>(value));
    }
  }
  return true;
}

// What each top-level Profile field must look like.
bool profileFieldHolds(int field, int wireType, std::span<const std::uint8_t> body) {
  static constexpr std::uint8_t kValueType[] = {kVarint, kVarint};
  static constexpr std::uint8_t kSample[] = {kVarint | kBytes, kVarint | kBytes, kBytes};
  static constexpr std::uint8_t kMapping[] = {kVarint, kVarint, kVarint, kVarint, kVarint,
                                              kVarint, kVarint, kVarint, kVarint, kVarint};
  static constexpr std::uint8_t kLocation[] = {kVarint, kVarint, kVarint, kBytes, kVarint};
  static constexpr std::uint8_t kFunction[] = {kVarint, kVarint, kVarint, kVarint, kVarint};
  switch (field) {
    case 1:   // sample_type
    case 11:  // period_type
      return wireType == 2 && body.size() <= 22 && bodyHolds(body, kValueType);
    case 2:
      return wireType == 2 && bodyHolds(body, kSample);
    case 3:
      return wireType == 2 && bodyHolds(body, kMapping);
    case 4:
      return wireType == 2 && bodyHolds(body, kLocation);
    case 5:
      return wireType == 2 && bodyHolds(body, kFunction);
    case 6:  // string_table
      return wireType == 2;
    case 13:  // comment, packed or not
      return wireType == 0 || wireType == 2;
    default:  // drop_frames … default_sample_type: varints
      return wireType == 0;
  }
}

}  // namespace

int sniffPprof(std::span<const std::uint8_t> head) {
  if (head.size() < 2)
    return 0;
  HeadCursor in(head);
  int fieldsHolding = 0;
  bool startsWithSampleType = false;
  while (!in.atEnd()) {
    std::uint64_t tag = 0;
    if (!in.varint(tag))
      break;  // cut by the end of the head
    const std::uint64_t field = tag >> 3;
    const int wireType = static_cast<int>(tag & 7);
    if (field == 0 || field > 14)
      return 0;
    std::uint64_t value = 0;
    std::span<const std::uint8_t> body;
    if (wireType == 2) {
      if (!in.varint(value) || value > in.left())
        break;  // a field runs past the head: judge by what came before
      body = in.take(static_cast<std::size_t>(value));
    } else if (wireType != 0 || !in.varint(value)) {
      if (wireType != 0)
        return 0;
      break;
    }
    if (!profileFieldHolds(static_cast<int>(field), wireType, body))
      return 0;
    if (fieldsHolding == 0)
      startsWithSampleType = field == 1;
    ++fieldsHolding;
  }
  const bool wholeFileHolds = head.size() < kHeadBytes && in.atEnd();
  // Every encoder writes sample_type first. A head that holds from its first field to its
  // last is a Profile; a single field could be a coincidence of some other message.
  if (startsWithSampleType && (fieldsHolding >= 3 || (wholeFileHolds && fieldsHolding >= 2)))
    return 80;
  if (fieldsHolding >= 3)
    return 60;
  if (startsWithSampleType)
    return 35;  // e.g. a profile cut short after its sample types: let the reader explain
  return 0;
}

}  // namespace sightline
