#pragma once

#include <span>

#include "importers/core/importer.h"

namespace sightline {

// Reads jscpd's JSON report (`jscpd --reporters json`). Per file, `lines` and
// `duplicated_lines` measures (kind File):
// - `lines` from the report's per-file list: summary.files[] {path, lines} (jscpd 5 with
//   --summary) or statistics.formats.<format>.sources.<path> {lines} (jscpd 3 and 4);
// - `duplicated_lines` = the distinct lines of the file inside any clone of duplicates[]
//   (firstFile/secondFile {name, start, end}), as SonarQube counts duplicated lines. The
//   report's own duplicatedLines counts a line once per clone it is part of (a block copied
//   three times counts three times), which is not a share of the file's lines.
// Files listed without clones get duplicated_lines 0; files in clones but missing from the
// per-file list (jscpd 5 without --summary, or beyond --summary-top) get duplicated_lines
// only.
class JscpdJsonReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxDocumentBytes = 512ull << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// Sniffer for the registry, 0..100: a JSON object whose head has "duplicates" with
// "firstFile" or "statistics", or "statistics" with "detectionDate".
int sniffJscpdJson(std::span<const std::uint8_t> head);

}  // namespace sightline
