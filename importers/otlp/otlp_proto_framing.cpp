#include "importers/otlp/otlp_proto_framing.h"

#include "importers/otlp/otlp_proto_reader.h"

namespace sightline {
namespace {

// Walks `head` as a sequence of (tag 0x0a, length, body) or (length, 0x0a …) and says
// whether the framing holds up to where the head ends.
bool framingHolds(std::span<const std::uint8_t> head, bool complete, bool delimited) {
  std::size_t pos = 0;
  while (pos < head.size()) {
    if (!delimited && head[pos++] != 0x0a)
      return false;
    std::uint64_t length = 0;
    int shift = 0;
    for (;;) {
      if (pos >= head.size())
        return !complete;
      if (shift > 63)
        return false;
      const std::uint8_t byte = head[pos++];
      length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80))
        break;
    }
    if (delimited && length > 0) {
      if (pos >= head.size())
        return !complete;
      if (head[pos] != 0x0a)
        return false;
    }
    if (length > head.size() - pos)
      return !complete;
    pos += static_cast<std::size_t>(length);
  }
  return true;
}

}  // namespace

const char* wireTypeName(int wireType) {
  switch (wireType) {
    case 0:
      return "varint";
    case 1:
      return "fixed64";
    case 2:
      return "length-delimited";
    case 3:
      return "start-group";
    case 4:
      return "end-group";
    case 5:
      return "fixed32";
    default:
      return "invalid";
  }
}

bool looksLengthDelimited(std::span<const std::uint8_t> head, bool complete) {
  if (head.empty())
    return false;
  // Encoders write resource_spans (0x0a) first; anything else is a length prefix.
  if (head[0] != 0x0a)
    return true;
  if (framingHolds(head, complete, false))
    return false;
  return framingHolds(head, complete, true);
}

int sniffOtlpProto(std::span<const std::uint8_t> head) {
  if (head.size() < 2)
    return 0;
  const bool complete = head.size() < kOtlpHeadBytes;
  if (head[0] == 0x0a && framingHolds(head, complete, false))
    return 60;
  if (framingHolds(head, complete, true) && head[0] != 0)
    return 50;
  // Damaged or truncated, but clearly OTLP: resource_spans, its length, then Resource or
  // ScopeSpans. Claim it so that the reader can say what is wrong.
  if (head[0] == 0x0a) {
    std::size_t pos = 1;
    while (pos < head.size() && pos < 6 && (head[pos] & 0x80))
      ++pos;
    if (pos + 1 < head.size() && (head[pos + 1] == 0x0a || head[pos + 1] == 0x12))
      return 30;
  }
  return 0;
}

}  // namespace sightline
