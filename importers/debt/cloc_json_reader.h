#pragma once

#include <span>

#include "importers/core/importer.h"

namespace sightline {

// Reads cloc's JSON (`cloc --json`). With --by-file, every entry with a "language" is a
// file: `ncloc` (cloc's code), `comment_lines` and `blank_lines` measures of kind File at
// its path. Without it, the entries are languages ({"nFiles", "blank", "comment", "code"}):
// their sums become the same three measures of the project "". "header" and "SUM" are
// skipped; with --by-file-by-lang only the files are kept (the languages would count the
// same lines twice).
class ClocJsonReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxDocumentBytes = 512ull << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Sniffer for the registry, 0..100: a JSON object whose head has "header" with "cloc_url"
// or "cloc_version".
int sniffClocJson(std::span<const std::uint8_t> head);

}  // namespace sightline
