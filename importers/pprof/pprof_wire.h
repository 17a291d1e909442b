#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace sightline {

// One field of a protobuf message held in memory.
struct WireField {
  int number = 0;
  int wireType = 0;
  std::uint64_t offset = 0;            // of the tag, from the start of the stream
  std::uint64_t value = 0;             // varint, fixed64 and fixed32 fields
  std::span<const std::uint8_t> body;  // length-delimited fields
  std::uint64_t bodyOffset = 0;        // of `body`, from the start of the stream
};

// Walks the fields of one protobuf message held in memory with 64-bit offsets (a whole
// pprof profile may exceed what CodedInputStream's int positions can address). It only
// checks the framing: tags, wire types and lengths that stay inside the message.
class WireFieldReader {
 public:
  // `message` names the message in errors ("Profile"); `base` is the offset of `data` in
  // the stream.
  WireFieldReader(std::span<const std::uint8_t> data, std::uint64_t base, const char* message)
      : m_data(data), m_base(base), m_message(message) {}

  // The next field; false at the end of the message or on malformed data (then failed()).
  bool next(WireField& field);

  bool failed() const { return !m_error.empty(); }
  const std::string& error() const { return m_error; }
  std::uint64_t errorOffset() const { return m_errorOffset; }

 private:
  enum class Varint { Ok, Truncated, Malformed };
  Varint readVarint(std::uint64_t& value);
  bool fail(std::uint64_t offset, std::string what);

  std::span<const std::uint8_t> m_data;
  std::size_t m_pos = 0;
  std::uint64_t m_base;
  const char* m_message;
  std::string m_error;
  std::uint64_t m_errorOffset = 0;
};

// "varint", "length-delimited", … for messages.
const char* wireTypeLabel(int wireType);

}  // namespace sightline
