#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "importers/core/byte_source.h"
#include "importers/core/importer.h"

namespace sightline {

// Small pieces shared by the debt readers: whole-document reading for the JSON formats,
// numbers, and the text views sniffers look at.

// Reads the whole stream into `document` with simdjson's padding reserved behind it. Fails
// (with `what` in the message) beyond `maxBytes`, on a read error or when there is no data.
bool readJsonDocument(ByteSource& source, std::uint64_t maxBytes, std::string_view what,
                      std::string& document, DecodeError& error);

// A finite decimal number written the whole of `text` ("85.7", "-3", "1e3"), else nothing.
// "NaN", "inf", "", "A" and "12abc" are not numbers.
std::optional<double> parseDebtNumber(std::string_view text);

// A non-negative decimal integer that fits in 64 bits, the whole of `text`, else nothing.
std::optional<std::uint64_t> parseDebtCount(std::string_view text);

// The sniffer's head as text.
std::string_view headText(std::span<const std::uint8_t> head);

// Whether the head holds a JSON object (its first non-space byte is '{').
bool headIsJsonObject(std::string_view text);

// Whether `text` holds `key` anywhere (sniffers look for a format's member names).
inline bool headHas(std::string_view text, std::string_view key) {
  return text.find(key) != std::string_view::npos;
}

// Whether the head has NUL or other control bytes than tab, CR and LF (binary, or a
// compressed file's raw bytes).
bool headIsBinary(std::string_view text);

// The whole lines of the head: all of it when it is the whole file (shorter than the sniff
// window), else up to its last '\n'.
std::string_view headWholeLines(std::string_view text, std::size_t window = 4096);

// `line` without a trailing '\r', spaces and tabs.
std::string_view trimRight(std::string_view line);
std::string_view trimLeft(std::string_view line);

}  // namespace sightline
