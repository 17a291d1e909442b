#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "importers/core/byte_source.h"
#include "importers/core/importer.h"

namespace sightline {

// Calls `onLine` with each line of the stream (1-based number, without "\n" or "\r\n"),
// lines split across chunks joined. Stops when `onLine` returns false (it has filled
// `error`, whose line is then set to the line's number when it is 0), on a read error, or on
// a line longer than `maxLineBytes`. The last line needs no "\n".
bool forEachDebtLine(
    ByteSource& source, DecodeError& error, std::size_t maxLineBytes,
    const std::function<bool(std::string_view line, std::uint64_t number)>& onLine);

}  // namespace sightline
