#include "importers/debt/debt_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <simdjson.h>

namespace sightline {

bool readJsonDocument(ByteSource& source, std::uint64_t maxBytes, std::string_view what,
                      std::string& document, DecodeError& error) {
  document.clear();
  // Reserved once, padding included: growing a few hundred MB by doubling, then once more
  // for the padding, would hold two copies at a time.
  std::uint64_t hint = source.sizeHint();
  if (hint == 0)
    hint = source.totalSize().value_or(0);
  if (hint > 0)
    document.reserve(std::min(hint, maxBytes) + simdjson::SIMDJSON_PADDING);
  for (auto chunk = source.next(); !chunk.empty(); chunk = source.next()) {
    if (document.size() + chunk.size() > maxBytes) {
      error.message = "expected " + std::string(what) + " of at most " +
                      std::to_string(maxBytes >> 20) + " MiB, the file is larger";
      error.offset = maxBytes;
      error.hasOffset = true;
      return false;
    }
    document.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  }
  if (!source.status()) {
    error.message = source.status().message();
    error.offset = source.position();
    error.hasOffset = true;
    return false;
  }
  if (document.find_first_not_of(" \t\r\n") == std::string::npos) {
    error.message = "expected " + std::string(what) + ", found no data";
    return false;
  }
  if (document.capacity() < document.size() + simdjson::SIMDJSON_PADDING)
    document.reserve(document.size() + simdjson::SIMDJSON_PADDING);
  return true;
}

std::optional<double> parseDebtNumber(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  // from_chars accepts "inf" and "nan"; only digits may start a number here.
  const char first = text.front() == '-' ? (text.size() > 1 ? text[1] : '\0') : text.front();
  if (!((first >= '0' && first <= '9') || first == '.'))
    return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parseDebtCount(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9')
    return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::string_view headText(std::span<const std::uint8_t> head) {
  return {reinterpret_cast<const char*>(head.data()), head.size()};
}

bool headIsJsonObject(std::string_view text) {
  // A UTF-8 byte order mark is allowed before the document.
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

bool headIsBinary(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t')
      return true;
  }
  return false;
}

std::string_view headWholeLines(std::string_view text, std::size_t window) {
  if (text.size() < window)
    return text;
  const std::size_t lastNewline = text.rfind('\n');
  return lastNewline == std::string_view::npos ? std::string_view{}
                                               : text.substr(0, lastNewline + 1);
}

std::string_view trimRight(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
    line.remove_suffix(1);
  return line;
}

std::string_view trimLeft(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
    line.remove_prefix(1);
  return line;
}

}  // namespace sightline
