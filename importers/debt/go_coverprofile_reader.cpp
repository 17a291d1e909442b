#include "importers/debt/go_coverprofile_reader.h"

#include <charconv>
#include <limits>
#include <unordered_map>
#include <vector>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_lines.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

enum class CoverMode { Set, Count, Atomic };

std::optional<CoverMode> parseModeLine(std::string_view line) {
  line = trimRight(line);
  if (!line.starts_with("mode:"))
    return std::nullopt;
  const std::string_view mode = trimLeft(line.substr(5));
  if (mode == "set")
    return CoverMode::Set;
  if (mode == "count")
    return CoverMode::Count;
  if (mode == "atomic")
    return CoverMode::Atomic;
  return std::nullopt;
}

template <typename Number>
bool parseWhole(std::string_view text, Number& value) {
  if (text.empty() || text.front() < '0' || text.front() > '9')
    return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// "line.column" at the front of `text`, up to `stop`.
bool parsePosition(std::string_view text, std::uint32_t& line, std::uint32_t& column) {
  const std::size_t dot = text.find('.');
  return dot != std::string_view::npos && parseWhole(text.substr(0, dot), line) &&
         parseWhole(text.substr(dot + 1), column);
}

std::string quoted(std::string_view line) {
  constexpr std::size_t kShown = 80;
  if (line.size() <= kShown)
    return "\"" + std::string(line) + "\"";
  return "\"" + std::string(line.substr(0, kShown)) + "…\"";
}

struct BlockPosition {
  std::uint32_t startLine, startColumn, endLine, endColumn;
  bool operator==(const BlockPosition&) const = default;
};

struct BlockPositionHash {
  std::size_t operator()(const BlockPosition& p) const {
    const std::uint64_t a = (std::uint64_t(p.startLine) << 32) | p.startColumn;
    const std::uint64_t b = (std::uint64_t(p.endLine) << 32) | p.endColumn;
    return std::hash<std::uint64_t>{}(a * 0x9E3779B97F4A7C15ull ^ b);
  }
};

struct MergedBlock {
  std::uint32_t statements = 0;
  std::uint64_t count = 0;
  std::uint64_t firstLine = 0;  // of the profile, for error messages
};

// Lets the file index be searched with a string_view.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const {
    return std::hash<std::string_view>{}(name);
  }
};

struct CoveredFile {
  std::string path;
  std::unordered_map<BlockPosition, MergedBlock, BlockPositionHash> blocks;
};

class CoverprofileDecoder {
 public:
  CoverprofileDecoder(ReaderContext& context, DecodeError& error)
      : m_context(context), m_error(error) {}

  bool line(std::string_view text, std::uint64_t number) {
    if (number % 4096 == 0 && m_context.cancelled())
      return fail("cancelled");
    if (number == 1) {
      m_mode = parseModeLine(text);
      if (!m_mode)
        return fail(
            "expected \"mode: set\", \"mode: count\" or \"mode: atomic\" on the first "
            "line of a Go coverage profile, found " +
            quoted(text));
      return true;
    }
    if (trimRight(text).empty())
      return true;
    if (text.starts_with("mode:")) {
      // Profiles concatenated by hand repeat the mode line; a different mode cannot merge.
      if (parseModeLine(text) != m_mode)
        return fail("a second mode line that differs from the first: " + quoted(text));
      return true;
    }
    GoCoverBlock block;
    if (std::string problem = parseGoCoverBlock(text, block); !problem.empty())
      return fail(std::move(problem));
    auto found = m_fileIndex.find(block.file);
    if (found == m_fileIndex.end()) {
      std::string path;
      if (std::string problem = normaliseDebtPath(block.file, DebtPathSyntax::Plain, path);
          !problem.empty()) {
        return fail(std::move(problem));
      }
      if (path.empty())
        return fail("expected a file name before the block, found " + quoted(text));
      found = m_fileIndex.emplace(std::string(block.file), m_files.size()).first;
      m_files.push_back(CoveredFile{std::move(path), {}});
    }
    CoveredFile& file = m_files[found->second];
    const BlockPosition position{block.startLine, block.startColumn, block.endLine,
                                 block.endColumn};
    const auto [it, inserted] =
        file.blocks.try_emplace(position, MergedBlock{block.statements, block.count, number});
    if (inserted)
      return true;
    MergedBlock& merged = it->second;
    if (merged.statements != block.statements) {
      return fail(
          "the block " + std::to_string(block.startLine) + "." + std::to_string(block.startColumn) +
          "," + std::to_string(block.endLine) + "." + std::to_string(block.endColumn) + " of " +
          file.path + " has " + std::to_string(block.statements) + " statements here and " +
          std::to_string(merged.statements) + " on line " + std::to_string(merged.firstLine));
    }
    if (*m_mode == CoverMode::Set) {
      merged.count = std::max(merged.count, block.count);
    } else {
      const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - merged.count;
      merged.count += std::min(room, block.count);
    }
    return true;
  }

  bool finish(DebtBatchEmitter& emitter) {
    if (!m_mode)
      return fail("expected \"mode: set\", \"mode: count\" or \"mode: atomic\", found no data");
    for (const CoveredFile& file : m_files) {
      double statements = 0;
      double covered = 0;
      for (const auto& [position, block] : file.blocks) {
        statements += block.statements;
        if (block.count > 0)
          covered += block.statements;
      }
      auto& measures = emitter.batch().measures;
      measures.push_back({DebtUnitKind::File, file.path, {}, 0, "statements", statements});
      measures.push_back({DebtUnitKind::File, file.path, {}, 0, "covered_statements", covered});
      if (Status status = emitter.flushIfFull(); !status)
        return fail(status.message());
    }
    if (Status status = emitter.flush(); !status)
      return fail(status.message());
    return true;
  }

 private:
  bool fail(std::string message) {
    m_error.message = std::move(message);
    return false;
  }

  ReaderContext& m_context;
  DecodeError& m_error;
  std::optional<CoverMode> m_mode;
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> m_fileIndex;
  std::vector<CoveredFile> m_files;
};

}  // namespace

std::string parseGoCoverBlock(std::string_view line, GoCoverBlock& block) {
  const std::string_view text = trimRight(line);
  const std::string expected =
      "expected \"file:startLine.startColumn,endLine.endColumn statements count\", found " +
      quoted(line);
  const std::size_t countSpace = text.rfind(' ');
  if (countSpace == std::string_view::npos)
    return expected;
  const std::size_t statementsSpace = text.rfind(' ', countSpace == 0 ? 0 : countSpace - 1);
  if (statementsSpace == std::string_view::npos || statementsSpace == 0)
    return expected;
  const std::string_view location = text.substr(0, statementsSpace);
  const std::size_t colon = location.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return expected;
  block.file = location.substr(0, colon);
  const std::string_view range = location.substr(colon + 1);
  const std::size_t comma = range.find(',');
  if (comma == std::string_view::npos ||
      !parsePosition(range.substr(0, comma), block.startLine, block.startColumn) ||
      !parsePosition(range.substr(comma + 1), block.endLine, block.endColumn)) {
    return expected;
  }
  if (!parseWhole(text.substr(statementsSpace + 1, countSpace - statementsSpace - 1),
                  block.statements) ||
      !parseWhole(text.substr(countSpace + 1), block.count)) {
    return expected;
  }
  return {};
}

bool GoCoverprofileReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  CoverprofileDecoder decoder(context, error);
  const bool ok = forEachDebtLine(source, error, kMaxLineBytes,
                                  [&decoder](std::string_view line, std::uint64_t number) {
                                    return decoder.line(line, number);
                                  });
  if (!ok)
    return false;
  DebtBatchEmitter emitter(context);
  return decoder.finish(emitter);
}

int sniffGoCoverprofile(std::span<const std::uint8_t> head) {
  const std::string_view text = headText(head);
  if (headIsBinary(text))
    return 0;
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos && text.size() >= 4096)
    return 0;
  if (!parseModeLine(text.substr(0, newline)))
    return 0;
  if (newline == std::string_view::npos)
    return 80;
  // The next whole line, if any, should be a block.
  std::string_view rest = text.substr(newline + 1);
  const std::size_t next = rest.find('\n');
  if (next == std::string_view::npos && head.size() >= 4096)
    return 80;
  GoCoverBlock block;
  const std::string_view second = rest.substr(0, next);
  if (trimRight(second).empty())
    return 80;
  return parseGoCoverBlock(second, block).empty() ? 95 : 40;
}

}  // namespace sightline
