#include "importers/debt/git_numstat_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <limits>
#include <vector>

#include "importers/debt/debt_batch_emitter.h"
#include "importers/debt/debt_lines.h"
#include "importers/debt/debt_paths.h"
#include "importers/debt/debt_text.h"

namespace sightline {
namespace {

constexpr std::int64_t kNanosPerSecond = 1000000000;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isHex(std::string_view text) {
  for (const char c : text) {
    if (!isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F'))
      return false;
  }
  return !text.empty();
}

template <typename Number>
bool parseWhole(std::string_view text, Number& value) {
  if (text.empty() || !isDigit(text.front()))
    return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

std::optional<std::int64_t> unixSeconds(int year, unsigned month, unsigned day, int hour,
                                        int minute, int second) {
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 60) {
    return std::nullopt;
  }
  const auto days = std::chrono::sys_days(date).time_since_epoch().count();
  return std::int64_t(days) * 86400 + hour * 3600 + minute * 60 + second;
}

// "+0100", "-05:00", "Z" → seconds east of UTC.
std::optional<std::int64_t> zoneOffset(std::string_view zone) {
  if (zone == "Z" || zone == "z")
    return 0;
  if (zone.size() < 5 || (zone[0] != '+' && zone[0] != '-'))
    return std::nullopt;
  std::string digits;
  for (const char c : zone.substr(1)) {
    if (c != ':')
      digits.push_back(c);
  }
  int hours = 0;
  int minutes = 0;
  if (digits.size() != 4 || !parseWhole(std::string_view(digits).substr(0, 2), hours) ||
      !parseWhole(std::string_view(digits).substr(2), minutes) || minutes > 59) {
    return std::nullopt;
  }
  const std::int64_t offset = hours * 3600 + minutes * 60;
  return zone[0] == '-' ? -offset : offset;
}

// "HH:MM:SS" (a fraction after the seconds is ignored).
bool parseClock(std::string_view text, int& hour, int& minute, int& second) {
  if (text.size() < 8 || text[2] != ':' || text[5] != ':')
    return false;
  const std::size_t fraction = text.find('.');
  if (fraction != std::string_view::npos && fraction != 8)
    return false;
  return parseWhole(text.substr(0, 2), hour) && parseWhole(text.substr(3, 2), minute) &&
         parseWhole(text.substr(6, 2), second) &&
         (fraction == std::string_view::npos || text.size() == 8 ||
          std::all_of(text.begin() + 9, text.end(), isDigit));
}

std::optional<unsigned> monthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (name == kMonths[i])
      return static_cast<unsigned>(i + 1);
  }
  return std::nullopt;
}

// ISO 8601 as git writes it: "2023-12-04 10:00:00 +0100", "2023-12-04T10:00:00+01:00",
// "2023-12-04".
std::optional<std::int64_t> parseIsoDate(std::string_view text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-' ||
      !parseWhole(text.substr(0, 4), year) || !parseWhole(text.substr(5, 2), month) ||
      !parseWhole(text.substr(8, 2), day)) {
    return std::nullopt;
  }
  if (text.size() == 10)
    return unixSeconds(year, month, day, 0, 0, 0);
  if (text[10] != 'T' && text[10] != ' ')
    return std::nullopt;
  std::string_view rest = text.substr(11);
  std::size_t clockEnd = 0;
  while (clockEnd < rest.size() &&
         (isDigit(rest[clockEnd]) || rest[clockEnd] == ':' || rest[clockEnd] == '.')) {
    ++clockEnd;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!parseClock(rest.substr(0, clockEnd), hour, minute, second))
    return std::nullopt;
  const auto local = unixSeconds(year, month, day, hour, minute, second);
  const auto offset = zoneOffset(trimLeft(rest.substr(clockEnd)));
  if (!local || !offset)
    return std::nullopt;
  return *local - *offset;
}

// The default and RFC 2822 forms: words in either order ("Mon Dec 4 10:00:00 2023 +0100",
// "Mon, 4 Dec 2023 10:00:00 +0100").
std::optional<std::int64_t> parseWordDate(std::string_view text) {
  std::vector<std::string_view> words;
  while (!text.empty()) {
    const std::size_t start = text.find_first_not_of(" ,");
    if (start == std::string_view::npos)
      break;
    text.remove_prefix(start);
    const std::size_t end = text.find_first_of(" ,");
    words.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
  }
  std::optional<unsigned> month;
  std::optional<unsigned> day;
  std::optional<int> year;
  std::optional<std::int64_t> offset;
  int hour = -1;
  int minute = 0;
  int second = 0;
  for (const std::string_view word : words) {
    if (const auto number = monthNumber(word)) {
      month = number;
    } else if (word.find(':') != std::string_view::npos) {
      if (!parseClock(word, hour, minute, second))
        return std::nullopt;
    } else if (word.front() == '+' || word.front() == '-') {
      offset = zoneOffset(word);
      if (!offset)
        return std::nullopt;
    } else if (isDigit(word.front())) {
      int value = 0;
      if (!parseWhole(word, value))
        return std::nullopt;
      if (word.size() == 4)
        year = value;
      else if (word.size() <= 2)
        day = static_cast<unsigned>(value);
      else
        return std::nullopt;
    }
    // Weekday names say nothing more.
  }
  if (!month || !day || !year || hour < 0)
    return std::nullopt;
  const auto local = unixSeconds(*year, *month, *day, hour, minute, second);
  if (!local)
    return std::nullopt;
  return *local - offset.value_or(0);
}

std::string quoted(std::string_view line) {
  constexpr std::size_t kShown = 80;
  if (line.size() <= kShown)
    return "\"" + std::string(line) + "\"";
  return "\"" + std::string(line.substr(0, kShown)) + "…\"";
}

// Git's C-style quoting of unusual paths: \a \b \t \n \v \f \r \" \\ and octal bytes.
std::string unquoteGitPath(std::string_view field) {
  if (field.size() < 2 || field.front() != '"' || field.back() != '"')
    return std::string(field);
  field = field.substr(1, field.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out.push_back(field[i]);
      continue;
    }
    const char next = field[++i];
    if (next >= '0' && next <= '7') {
      int value = 0;
      int digits = 0;
      while (digits < 3 && i < field.size() && field[i] >= '0' && field[i] <= '7') {
        value = value * 8 + (field[i] - '0');
        ++i;
        ++digits;
      }
      --i;
      out.push_back(static_cast<char>(value));
      continue;
    }
    switch (next) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'r':
        out.push_back('\r');
        break;
      default:
        out.push_back(next);
        break;
    }
  }
  return out;
}

struct Commit {
  std::string hash;
  std::string author;
  std::optional<std::int64_t> timeSeconds;
};

class NumstatDecoder {
 public:
  NumstatDecoder(DebtBatchEmitter& emitter, DecodeError& error)
      : m_emitter(emitter), m_error(error) {}

  bool line(std::string_view text) {
    if (text.starts_with("commit "))
      return startCommit(text.substr(7));
    if (trimRight(text).empty())
      return true;
    if (!m_commit)
      return fail("expected \"commit <hash>\" (the output of git log --numstat), found " +
                  quoted(text));
    if (text.starts_with("    "))
      return true;  // the message
    if (text.find('\t') != std::string_view::npos)
      return change(text);
    if (!m_sawChange)
      return header(text);
    return fail("expected a numstat line (added<TAB>deleted<TAB>path), found " + quoted(text));
  }

 private:
  bool fail(std::string message) {
    m_error.message = std::move(message);
    return false;
  }

  bool startCommit(std::string_view rest) {
    const std::string_view hash = rest.substr(0, rest.find(' '));
    if (hash.size() < 4 || hash.size() > 64 || !isHex(hash))
      return fail("expected a commit hash after \"commit \", found " + quoted(hash));
    m_commit = Commit{std::string(hash), {}, {}};
    m_sawChange = false;
    return true;
  }

  bool header(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        text.substr(0, colon).find(' ') != std::string_view::npos) {
      return fail(
          "expected a commit header (\"Author: …\", \"Date: …\") or a numstat line, "
          "found " +
          quoted(text));
    }
    const std::string_view key = text.substr(0, colon);
    const std::string_view value = trimLeft(trimRight(text.substr(colon + 1)));
    if (key == "Author") {
      m_commit->author = std::string(value);
    } else if (key == "Date" || (key == "AuthorDate" && !m_commit->timeSeconds)) {
      m_commit->timeSeconds = parseGitDate(value);
      if (!m_commit->timeSeconds)
        return fail("unrecognised date " + quoted(value) +
                    " (git log's default, --date=iso, iso-strict, rfc, unix or raw)");
      // Stored in Unix nanoseconds: years 1678 to 2262.
      constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / kNanosPerSecond;
      if (*m_commit->timeSeconds > kLimit || *m_commit->timeSeconds < -kLimit)
        return fail("date " + quoted(value) + " is out of range (years 1678 to 2262)");
    }
    return true;  // Merge:, Commit:, CommitDate: and others say nothing needed here
  }

  bool change(std::string_view text) {
    const std::size_t firstTab = text.find('\t');
    const std::size_t secondTab = text.find('\t', firstTab + 1);
    if (secondTab == std::string_view::npos)
      return fail("expected \"added<TAB>deleted<TAB>path\", found " + quoted(text));
    const std::string_view added = text.substr(0, firstTab);
    const std::string_view deleted = text.substr(firstTab + 1, secondTab - firstTab - 1);
    const std::string_view field = text.substr(secondTab + 1);
    DebtChangeRecord record;
    const bool binary = added == "-" && deleted == "-";
    if (!binary) {
      std::uint64_t a = 0;
      std::uint64_t d = 0;
      if (!parseWhole(added, a) || !parseWhole(deleted, d))
        return fail("expected \"added<TAB>deleted<TAB>path\" with counts or \"-\", found " +
                    quoted(text));
      record.added = a;
      record.deleted = d;
    }
    if (!m_commit->timeSeconds)
      return fail("the commit " + m_commit->hash + " has no Date line before its files");
    const std::string raw = numstatNewPath(field);
    if (std::string problem = normaliseDebtPath(raw, DebtPathSyntax::Plain, record.path);
        !problem.empty()) {
      return fail(std::move(problem));
    }
    if (record.path.empty())
      return fail("expected a path after the counts, found " + quoted(text));
    record.commit = m_commit->hash;
    record.author = m_commit->author;
    record.timeUnixNano = *m_commit->timeSeconds * kNanosPerSecond;
    m_sawChange = true;
    m_emitter.batch().changes.push_back(std::move(record));
    if (Status status = m_emitter.flushIfFull(); !status)
      return fail(status.message());
    return true;
  }

  DebtBatchEmitter& m_emitter;
  DecodeError& m_error;
  std::optional<Commit> m_commit;
  bool m_sawChange = false;
};

}  // namespace

std::optional<std::int64_t> parseGitDate(std::string_view text) {
  text = trimLeft(trimRight(text));
  if (text.empty())
    return std::nullopt;
  // --date=unix ("1701680400") and --date=raw ("1701680400 +0100": the zone is only shown).
  const std::string_view first = text.substr(0, text.find(' '));
  if (std::all_of(first.begin(), first.end(), isDigit) && first.size() != 4) {
    std::int64_t seconds = 0;
    if (!parseWhole(first, seconds))
      return std::nullopt;
    const std::string_view rest = trimLeft(text.substr(first.size()));
    if (!rest.empty() && !zoneOffset(rest))
      return std::nullopt;
    return seconds;
  }
  if (text.size() >= 10 && isDigit(text[0]) && text[4] == '-')
    return parseIsoDate(text);
  return parseWordDate(text);
}

std::string numstatNewPath(std::string_view field) {
  const std::string path = unquoteGitPath(field);
  const std::size_t arrow = path.find(" => ");
  if (arrow == std::string::npos)
    return path;
  // "prefix{old => new}suffix": the braces hold the part that changed.
  const std::size_t open = path.rfind('{', arrow);
  const std::size_t close = path.find('}', arrow);
  if (open != std::string::npos && close != std::string::npos) {
    return path.substr(0, open) + path.substr(arrow + 4, close - arrow - 4) +
           path.substr(close + 1);
  }
  return path.substr(arrow + 4);
}

bool GitNumstatReader::read(ByteSource& source, ReaderContext& context, DecodeError& error) {
  if (!context.debt) {
    error.message = "internal error: no sink for code-quality records";
    return false;
  }
  DebtBatchEmitter emitter(context);
  NumstatDecoder decoder(emitter, error);
  if (!forEachDebtLine(
          source, error, kMaxLineBytes,
          [&decoder](std::string_view line, std::uint64_t) { return decoder.line(line); })) {
    return false;
  }
  return emitter.finish(error);
}

int sniffGitNumstat(std::span<const std::uint8_t> head) {
  std::string_view text = headText(head);
  if (headIsBinary(text))
    return 0;
  const std::size_t start = text.find_first_not_of("\r\n");
  if (start == std::string_view::npos)
    return 0;
  text.remove_prefix(start);
  if (!text.starts_with("commit "))
    return 0;
  const std::string_view rest = text.substr(7);
  const std::string_view hash = rest.substr(0, rest.find_first_of(" \r\n"));
  if ((hash.size() != 40 && hash.size() != 64) || !isHex(hash))
    return 0;
  const bool headers = text.find("\nAuthor:") != std::string_view::npos ||
                       text.find("\nDate:") != std::string_view::npos;
  return headers ? 90 : 60;
}

}  // namespace sightline
