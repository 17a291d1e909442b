#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "importers/core/importer.h"

namespace sightline {

// Reads `git log --numstat` in git's medium format: "commit <hash>" (decorations and parent
// hashes after it are ignored), header lines ("Author: Name <email>", "Date: …", "Merge: …",
// and --format=fuller's "AuthorDate:"), the message indented by four spaces, then one line
// per changed file, "added<TAB>deleted<TAB>path" ("-<TAB>-" for a binary file). Each numstat
// line becomes a DebtChangeRecord with the commit's author and author date. Renames keep the
// new path: "dir/{old => new}/file.go" → "dir/new/file.go", "old.go => new.go" → "new.go";
// C-quoted paths ("\"na\\303\\257ve.go\"") are unquoted. Errors name the line.
class GitNumstatReader : public FormatReader {
 public:
  static constexpr std::size_t kMaxLineBytes = 1u << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
};

// The Unix time (seconds) of a date as `git log` writes it: the default format ("Mon Dec 4
// 10:00:00 2023 +0100"), --date=iso ("2023-12-04 10:00:00 +0100"), iso-strict
// ("2023-12-04T10:00:00+01:00"), rfc ("Mon, 4 Dec 2023 10:00:00 +0100"), unix
// ("1701680400"), raw ("1701680400 +0100") and short ("2023-12-04", midnight UTC). Nothing
// for other forms (relative, human).
std::optional<std::int64_t> parseGitDate(std::string_view text);

// The path of a numstat line's path field: unquoted, the new side of a rename.
std::string numstatNewPath(std::string_view field);

// Sniffer for the registry, 0..100: the first line is "commit <hash>".
int sniffGitNumstat(std::span<const std::uint8_t> head);

}  // namespace sightline
