#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sightline {

// The value of a hex digit of either case, or -1 when `c` is none.
constexpr int hexDigitValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// Fixed-size binary identifiers as OpenTelemetry defines them. An all-zero id means
// "absent" (OTLP encodes a missing parent as empty bytes or zeros).
template <std::size_t N>
struct BinaryId {
  std::array<std::uint8_t, N> bytes{};

  static constexpr std::size_t kSize = N;

  bool isZero() const {
    for (auto b : bytes) {
      if (b != 0)
        return false;
    }
    return true;
  }
  std::string toHex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(N * 2, '0');
    for (std::size_t i = 0; i < N; ++i) {
      out[2 * i] = kDigits[bytes[i] >> 4];
      out[2 * i + 1] = kDigits[bytes[i] & 0xf];
    }
    return out;
  }
  // Accepts exactly 2*N hex digits (either case); nullopt otherwise.
  static std::optional<BinaryId> fromHex(std::string_view hex) {
    if (hex.size() != N * 2)
      return std::nullopt;
    BinaryId id;
    for (std::size_t i = 0; i < N; ++i) {
      int hi = hexDigitValue(hex[2 * i]);
      int lo = hexDigitValue(hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return id;
  }
  // Accepts exactly N raw bytes, or an empty view (the zero id); nullopt otherwise.
  static std::optional<BinaryId> fromBytes(std::string_view raw) {
    BinaryId id;
    if (raw.empty())
      return id;
    if (raw.size() != N)
      return std::nullopt;
    for (std::size_t i = 0; i < N; ++i)
      id.bytes[i] = static_cast<std::uint8_t>(raw[i]);
    return id;
  }
  friend auto operator<=>(const BinaryId&, const BinaryId&) = default;
};

using TraceId = BinaryId<16>;
using SpanId = BinaryId<8>;

struct SpanIdHash {
  std::size_t operator()(const SpanId& id) const {
    std::uint64_t v = 0;
    for (auto b : id.bytes)
      v = v << 8 | b;
    return static_cast<std::size_t>(v * 0x9E3779B97F4A7C15ull);
  }
};

struct TraceIdHash {
  std::size_t operator()(const TraceId& id) const {
    std::uint64_t a = 0, b = 0;
    for (int i = 0; i < 8; ++i)
      a = a << 8 | id.bytes[i];
    for (int i = 8; i < 16; ++i)
      b = b << 8 | id.bytes[i];
    return static_cast<std::size_t>((a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull);
  }
};

}  // namespace sightline
