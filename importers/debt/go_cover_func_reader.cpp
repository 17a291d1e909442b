#include "importers/debt/go_cover_func_reader.h"

#include <charconv>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_lines.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t';
}

std::string quoted(std::string_view line) {
  constexpr std::size_t kShown = 80;
  if (line.size() <= kShown)
    return "\"" + std::string(line) + "\"";
  return "\"" + std::string(line.substr(0, kShown)) + "…\"";
}

}  // namespace

std::string parseGoCoverFuncLine(std::string_view line, GoCoverFuncLine& parsed) {
  const std::string_view text = trimLeft(trimRight(line));
  const std::string expected =
      "expected \"file.go:LINE:<tab>Function<tab>NN.N%\" or \"total:<tab>(statements)<tab>NN.N%\", "
      "found " +
      quoted(line);
  std::size_t end = 0;
  while (end < text.size() && !isSpace(text[end]))
    ++end;
  const std::string_view location = text.substr(0, end);
  std::size_t lastStart = text.size();
  while (lastStart > end && !isSpace(text[lastStart - 1]))
    --lastStart;
  if (lastStart <= end)
    return expected;
  const std::string_view percent = text.substr(lastStart);
  const std::string_view middle = trimLeft(trimRight(text.substr(end, lastStart - end)));
  if (!percent.ends_with('%') || middle.empty())
    return expected;
  const auto value = parseDebtNumber(percent.substr(0, percent.size() - 1));
  if (!value || *value < 0 || *value > 100)
    return expected;
  parsed.percent = *value;
  if (location == "total:") {
    parsed.total = true;
    return {};
  }
  parsed.total = false;
  if (location.size() < 3 || location.back() != ':')
    return expected;
  const std::string_view fileAndLine = location.substr(0, location.size() - 1);
  const std::size_t colon = fileAndLine.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return expected;
  const std::string_view number = fileAndLine.substr(colon + 1);
  const auto [numberEnd, ec] =
      std::from_chars(number.data(), number.data() + number.size(), parsed.line);
  if (number.empty() || ec != std::errc() || numberEnd != number.data() + number.size())
    return expected;
  parsed.file = fileAndLine.substr(0, colon);
  parsed.function = middle;
  return {};
}

bool GoCoverFuncReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  DebtBatchEmitter emitter(context);
  std::string lastFile;  // functions of one file come together: normalise once per file
  std::string lastPath;
  bool sawTotal = false;
  const bool ok =
      forEachDebtLine(source, error, kMaxLineBytes, [&](std::string_view line, std::uint64_t) {
        if (trimRight(line).empty())
          return true;
        GoCoverFuncLine parsed;
        if (std::string problem = parseGoCoverFuncLine(line, parsed); !problem.empty()) {
          error.message = std::move(problem);
          return false;
        }
        if (parsed.total) {
          if (sawTotal) {
            error.message = "a second \"total:\" line";
            return false;
          }
          sawTotal = true;
          emitter.batch().measures.push_back(
              {DebtUnitKind::Project, {}, {}, 0, "coverage", parsed.percent});
        } else {
          if (parsed.file != lastFile || lastPath.empty()) {
            std::string path;
            if (std::string problem = normaliseDebtPath(parsed.file, DebtPathSyntax::Plain, path);
                !problem.empty() || path.empty()) {
              error.message = problem.empty() ? "expected a file name" : std::move(problem);
              return false;
            }
            lastFile = std::string(parsed.file);
            lastPath = std::move(path);
          }
          emitter.batch().measures.push_back({DebtUnitKind::Function, lastPath,
                                              std::string(parsed.function), parsed.line, "coverage",
                                              parsed.percent});
        }
        if (Status status = emitter.flushIfFull(); !status) {
          error.message = status.message();
          return false;
        }
        return true;
      });
  if (!ok)
    return false;
  if (emitter.rows() + emitter.batch().size() == 0) {
    error.message = "expected `go tool cover -func` lines, found no data";
    return false;
  }
  return emitter.finish(error);
}

int sniffGoCoverFunc(std::span<const std::uint8_t> head) {
  std::string_view text = headText(head);
  if (headIsBinary(text) || headIsJsonObject(text))
    return 0;
  text = headWholeLines(text);
  int parsed = 0;
  bool total = false;
  while (!text.empty() && parsed < 10) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (trimRight(line).empty())
      continue;
    GoCoverFuncLine function;
    if (!parseGoCoverFuncLine(line, function).empty())
      return 0;
    total = total || function.total;
    ++parsed;
  }
  if (parsed == 0)
    return 0;
  return total ? 90 : 85;
}

}  // namespace sightline
