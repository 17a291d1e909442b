#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "importers/core/importer.h"

namespace sightline {

// Reads a CODEOWNERS file (GitHub's syntax): one rule per line, a gitignore-style pattern
// then its owners ("@user", "@org/team" or an e-mail address), blank lines and '#' comments
// (also after the owners). A '\' escapes the next character ("\#file", "my\ file.txt"): the
// pattern is kept as written, escapes included, for the code → owner matching to interpret.
// A pattern without owners is valid (it unsets the owners of what it matches). Each rule
// becomes a CodeOwnerRecord, in file order, with its line. An owner that is neither a
// handle nor an e-mail is an error naming the line.
class CodeownersReader : public FormatReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 64u << 10;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// One line split into its pattern and owners (both empty for a blank or comment line).
// Returns what is wrong, "" when the line is fine.
std::string parseCodeownersLine(std::string_view line, std::string& pattern,
                                std::vector<std::string>& owners);

// Sniffer for the registry, 0..100. CODEOWNERS has no magic: most non-comment lines must be
// a pattern with owners, and the confidence is low (10), below every other format, so that
// it never takes another format's file.
int sniffCodeowners(std::span<const std::uint8_t> head);

}  // namespace sightline
