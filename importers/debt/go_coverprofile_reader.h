#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "importers/core/importer.h"

namespace sightline {

// Reads a Go coverage profile (`go test -coverprofile`): "mode: set|count|atomic" on the
// first line, then one block per line, "file:startLine.startCol,endLine.endCol statements
// count". A block listed several times (several packages' tests covering the same file) is
// merged by position as `go tool cover` merges it: the count is the maximum in set mode and
// the sum in count and atomic modes, and the statements must agree. Emits per file, in the
// order files first appear, `statements` (of the distinct blocks) and `covered_statements`
// (of the blocks with a count > 0), so that files add up to `go tool cover -func`'s total.
// Errors name the line.
class GoCoverprofileReader : public FormatReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 1u << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// One block line parsed; `problem` says what is wrong, empty when it parsed.
struct GoCoverBlock {
  std::string_view file;
  std::uint32_t startLine = 0;
  std::uint32_t startColumn = 0;
  std::uint32_t endLine = 0;
  std::uint32_t endColumn = 0;
  std::uint32_t statements = 0;
  std::uint64_t count = 0;
};
std::string parseGoCoverBlock(std::string_view line, GoCoverBlock& block);

// Sniffer for the registry, 0..100: the first line is a coverprofile's mode line.
int sniffGoCoverprofile(std::span<const std::uint8_t> head);

}  // namespace sightline
