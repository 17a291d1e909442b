#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "importers/core/importer.h"

namespace sightline {

// Reads collapsed ("folded") stacks as written by Brendan Gregg's stackcollapse scripts,
// async-profiler and speedscope: one stack per line, root first, frames separated by ';',
// then a space and the sample count ("main;handle;parse 42"). The count is the last
// space-separated token, so frames may contain spaces. Empty lines are skipped and CRLF
// line ends accepted. The result is one profile with the single sample type
// {"samples", "count"}, handed to context.profiles. Errors name the 1-based line.
class CollapsedReader : public FormatReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 64u << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Parses one line (without its line end) into the stack text and the count. Returns an
// empty string on success, else what is wrong with the line.
std::string parseCollapsedLine(std::string_view line, std::string_view& stack, std::int64_t& count);

// Sniffer for the registry, 0..100: the first lines all parse and at least one of them
// has a ';' (a single frame and a number alone would also match Prometheus' text format).
int sniffCollapsed(std::span<const std::uint8_t> head);

}  // namespace sightline
