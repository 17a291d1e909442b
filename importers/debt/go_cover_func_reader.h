#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "importers/core/importer.h"

namespace sightline {

// Reads `go tool cover -func` output: one line per function, "file.go:LINE:  Name  NN.N%"
// (columns separated by tabs), and the last line "total:  (statements)  NN.N%". Each
// function becomes a `coverage` measure of kind Function (path = the file, symbol = the
// function, line = where it starts); the total a `coverage` measure of the project "".
// Errors name the line.
class GoCoverFuncReader : public FormatReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 1u << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// One line parsed: a function (`total` false) or the total. Returns what is wrong, empty
// when it parsed. `file` and `function` point into `line`.
struct GoCoverFuncLine {
  bool total = false;
  std::string_view file;
  std::uint32_t line = 0;
  std::string_view function;
  double percent = 0;
};
std::string parseGoCoverFuncLine(std::string_view line, GoCoverFuncLine& parsed);

// Sniffer for the registry, 0..100: the first whole lines all parse.
int sniffGoCoverFunc(std::span<const std::uint8_t> head);

}  // namespace sightline
