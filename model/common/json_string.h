#pragma once

#include <string>
#include <string_view>

namespace sightline {

// Appends `text` as a JSON string literal: quoted, with '"', '\\', '\n', '\r' and '\t'
// escaped by name and the other control characters as \u00XX; bytes from 0x80 are copied
// (UTF-8 stays UTF-8). What the store's JSON columns and the canonical OTLP values hold.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace sightline
