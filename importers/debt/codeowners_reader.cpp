#include "importers/debt/codeowners_reader.h"

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_lines.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

constexpr int kSniffConfidence = 10;
constexpr int kSniffLines = 20;

bool isSpace(char c) {
  return c == ' ' || c == '\t';
}

bool isOwner(std::string_view token) {
  if (token.size() > 1 && token.front() == '@')
    return true;
  const std::size_t at = token.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < token.size();
}

// Whitespace-separated tokens up to an unescaped '#' that starts a token; a '\' keeps the
// next character in the token.
std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isSpace(line[i]))
      ++i;
    if (i == line.size() || line[i] == '#')
      break;
    const std::size_t start = i;
    while (i < line.size() && !isSpace(line[i]))
      i += (line[i] == '\\' && i + 1 < line.size()) ? 2 : 1;
    out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::string parseCodeownersLine(std::string_view line, std::string& pattern,
                                std::vector<std::string>& owners) {
  pattern.clear();
  owners.clear();
  if (line.find('\0') != std::string_view::npos)
    return "a CODEOWNERS line must not contain a NUL byte";
  const std::vector<std::string_view> words = tokens(trimRight(line));
  if (words.empty())
    return {};
  pattern = std::string(words.front());
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (!isOwner(words[i])) {
      return "expected owners (@user, @org/team or an e-mail address) after the pattern \"" +
             pattern + "\", found \"" + std::string(words[i]) + "\"";
    }
    owners.emplace_back(words[i]);
  }
  return {};
}

bool CodeownersReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  DebtBatchEmitter emitter(context);
  std::string pattern;
  std::vector<std::string> owners;
  const bool ok = forEachDebtLine(
      source, error, kMaxLineBytes, [&](std::string_view line, std::uint64_t number) {
        if (std::string problem = parseCodeownersLine(line, pattern, owners); !problem.empty()) {
          error.message = std::move(problem);
          return false;
        }
        if (pattern.empty())
          return true;
        emitter.batch().owners.push_back(CodeOwnerRecord{std::move(pattern), std::move(owners),
                                                         static_cast<std::uint32_t>(number)});
        if (Status status = emitter.flushIfFull(); !status) {
          error.message = status.message();
          return false;
        }
        return true;
      });
  if (!ok)
    return false;
  return emitter.finish(error);
}

int sniffCodeowners(std::span<const std::uint8_t> head) {
  std::string_view text = headText(head);
  if (headIsBinary(text) || headIsJsonObject(text))
    return 0;
  text = headWholeLines(text);
  int rules = 0;
  int others = 0;
  std::string pattern;
  std::vector<std::string> owners;
  while (!text.empty() && rules + others < kSniffLines) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (!parseCodeownersLine(line, pattern, owners).empty()) {
      ++others;
      continue;
    }
    if (pattern.empty())
      continue;
    if (owners.empty())
      ++others;  // valid, but says nothing about the format
    else
      ++rules;
  }
  return rules > 0 && rules > others ? kSniffConfidence : 0;
}

}  // namespace sightline
