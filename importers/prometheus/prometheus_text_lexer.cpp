#include "importers/prometheus/prometheus_text_lexer.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace sightline {
namespace {

bool isNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool isNameChar(char c) {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isLabelNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isLabelNameChar(char c) {
  return isLabelNameStart(c) || (c >= '0' && c <= '9');
}

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}

// A cursor over one line; every method leaves `pos` after what it consumed.
struct Cursor {
  std::string_view line;
  std::size_t pos = 0;

  bool atEnd() const { return pos >= line.size(); }
  char peek() const { return pos < line.size() ? line[pos] : '\0'; }
  // Returns whether at least one blank was skipped.
  bool skipBlanks() {
    const std::size_t start = pos;
    while (pos < line.size() && isBlank(line[pos]))
      ++pos;
    return pos > start;
  }
  std::string_view token() {
    const std::size_t start = pos;
    while (pos < line.size() && !isBlank(line[pos]))
      ++pos;
    return line.substr(start, pos - start);
  }
};

std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  std::string shown(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown)
    shown += "…";
  return "\"" + shown + "\"";
}

// `{name="value",…}` starting at '{'. Appends to `labels`.
std::string lexLabels(Cursor& cursor, std::vector<LexedLabel>& labels) {
  ++cursor.pos;  // '{'
  for (;;) {
    cursor.skipBlanks();
    if (cursor.atEnd())
      return "expected a label name or '}', found the end of the line";
    if (cursor.peek() == '}') {
      ++cursor.pos;
      return {};
    }
    const std::size_t nameStart = cursor.pos;
    if (!isLabelNameStart(cursor.peek()))
      return "expected a label name, found " + quoted(cursor.line.substr(cursor.pos));
    while (!cursor.atEnd() && isLabelNameChar(cursor.peek()))
      ++cursor.pos;
    LexedLabel label;
    label.name = cursor.line.substr(nameStart, cursor.pos - nameStart);
    cursor.skipBlanks();
    if (cursor.peek() != '=')
      return "expected '=' after label name " + std::string(label.name);
    ++cursor.pos;
    cursor.skipBlanks();
    if (cursor.peek() != '"')
      return "expected '\"' to open the value of label " + std::string(label.name);
    ++cursor.pos;
    const std::size_t valueStart = cursor.pos;
    for (;;) {
      if (cursor.atEnd())
        return "unterminated value of label " + std::string(label.name);
      const char c = cursor.line[cursor.pos];
      if (c == '"')
        break;
      if (c == '\\') {
        const char next = cursor.pos + 1 < cursor.line.size() ? cursor.line[cursor.pos + 1] : '\0';
        if (next != '\\' && next != '"' && next != 'n') {
          return "invalid escape sequence in the value of label " + std::string(label.name) +
                 " (only \\\\, \\\" and \\n are allowed)";
        }
        label.escaped = true;
        cursor.pos += 2;
        continue;
      }
      ++cursor.pos;
    }
    label.rawValue = cursor.line.substr(valueStart, cursor.pos - valueStart);
    ++cursor.pos;  // closing '"'
    labels.push_back(label);
    cursor.skipBlanks();
    if (cursor.peek() == ',') {
      ++cursor.pos;
      continue;
    }
    if (cursor.peek() != '}')
      return "expected ',' or '}' after the value of label " + std::string(label.name);
  }
}

std::string lexExemplar(Cursor& cursor, LexedSample& sample) {
  ++cursor.pos;  // '#'
  cursor.skipBlanks();
  if (cursor.peek() != '{')
    return "expected an exemplar '# {labels} value' after the sample";
  if (std::string problem = lexLabels(cursor, sample.exemplarLabels); !problem.empty())
    return "in the exemplar: " + problem;
  cursor.skipBlanks();
  const std::string_view value = cursor.token();
  if (value.empty())
    return "missing exemplar value";
  if (!parsePrometheusFloat(value, sample.exemplarValue))
    return "bad exemplar value " + quoted(value);
  cursor.skipBlanks();
  sample.exemplarTimestamp = cursor.token();
  sample.hasExemplar = true;
  return {};
}

bool equalsIgnoringCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size())
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i])
      return false;
  }
  return true;
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string lexSampleLine(std::string_view line, LexedSample& sample) {
  sample.labels.clear();
  sample.exemplarLabels.clear();
  sample.timestamp = {};
  sample.exemplarTimestamp = {};
  sample.hasExemplar = false;

  Cursor cursor{line};
  cursor.skipBlanks();
  const std::size_t nameStart = cursor.pos;
  if (!isNameStart(cursor.peek()))
    return "expected a metric name, found " + quoted(line.substr(cursor.pos));
  while (!cursor.atEnd() && isNameChar(cursor.peek()))
    ++cursor.pos;
  sample.name = line.substr(nameStart, cursor.pos - nameStart);
  cursor.skipBlanks();
  if (cursor.peek() == '{') {
    if (std::string problem = lexLabels(cursor, sample.labels); !problem.empty())
      return problem;
  } else if (!cursor.atEnd() && cursor.pos == nameStart + sample.name.size()) {
    return "unexpected character " + quoted(line.substr(cursor.pos, 1)) + " in metric name " +
           std::string(sample.name);
  }
  cursor.skipBlanks();
  const std::string_view value = cursor.token();
  if (value.empty())
    return "missing value after " + std::string(sample.name);
  if (!parsePrometheusFloat(value, sample.value))
    return "bad sample value " + quoted(value);
  cursor.skipBlanks();
  if (cursor.atEnd())
    return {};
  if (cursor.peek() != '#') {
    sample.timestamp = cursor.token();
    cursor.skipBlanks();
  }
  if (cursor.peek() == '#') {
    if (std::string problem = lexExemplar(cursor, sample); !problem.empty())
      return problem;
    cursor.skipBlanks();
  }
  if (!cursor.atEnd())
    return "unexpected text " + quoted(line.substr(cursor.pos)) + " at the end of the sample";
  return {};
}

LexedComment lexCommentLine(std::string_view line) {
  LexedComment comment;
  Cursor cursor{line, 1};  // after '#'
  cursor.skipBlanks();
  const std::string_view keyword = cursor.token();
  if (keyword == "EOF") {
    cursor.skipBlanks();
    if (cursor.atEnd())
      comment.kind = CommentKind::Eof;
    return comment;
  }
  CommentKind kind = CommentKind::Other;
  if (keyword == "HELP")
    kind = CommentKind::Help;
  else if (keyword == "TYPE")
    kind = CommentKind::Type;
  else if (keyword == "UNIT")
    kind = CommentKind::Unit;
  else
    return comment;
  if (!cursor.skipBlanks())
    return comment;
  comment.name = cursor.token();
  if (comment.name.empty())
    return comment;
  comment.kind = kind;
  // HELP text keeps its inner blanks; one run of blanks separates it from the name.
  cursor.skipBlanks();
  comment.text = line.substr(cursor.pos);
  if (kind != CommentKind::Help) {
    while (!comment.text.empty() && isBlank(comment.text.back()))
      comment.text.remove_suffix(1);
  }
  return comment;
}

bool parsePrometheusFloat(std::string_view text, double& value) {
  if (text.empty())
    return false;
  bool negative = false;
  std::string_view digits = text;
  if (digits.front() == '+' || digits.front() == '-') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
    if (digits.empty() || digits.front() == '+' || digits.front() == '-')
      return false;
  }
  if (equalsIgnoringCase(digits, "inf") || equalsIgnoringCase(digits, "infinity")) {
    value = negative ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
    return true;
  }
  if (equalsIgnoringCase(digits, "nan")) {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const char first = digits.front();
  if (!((first >= '0' && first <= '9') || first == '.'))
    return false;
  double parsed = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
  if (ec != std::errc() || end != digits.data() + digits.size())
    return false;
  value = negative ? -parsed : parsed;
  return true;
}

bool parsePrometheusInt(std::string_view text, std::int64_t& value) {
  if (!text.empty() && text.front() == '+')
    text.remove_prefix(1);
  if (text.empty())
    return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

void unescapeLabelValue(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      const char next = raw[++i];
      out.push_back(next == 'n' ? '\n' : next);
    } else {
      out.push_back(c);
    }
  }
}

bool unescapeHelp(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 1 == raw.size())
      return false;
    const char next = raw[++i];
    if (next == 'n')
      out.push_back('\n');
    else if (next == '\\' || next == '"')
      out.push_back(next);
    else
      return false;
  }
  return true;
}

bool isMetricName(std::string_view name) {
  if (name.empty() || !isNameStart(name.front()))
    return false;
  for (const char c : name) {
    if (!isNameChar(c))
      return false;
  }
  return true;
}

bool looksLikeOpenMetrics(std::string_view text) {
  LexedSample sample;
  std::string_view lastCounter;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty())
      continue;
    if (line.front() == '#') {
      const LexedComment comment = lexCommentLine(line);
      if (comment.kind == CommentKind::Eof || comment.kind == CommentKind::Unit)
        return true;
      if (comment.kind == CommentKind::Type) {
        if (comment.text == "unknown" || comment.text == "gaugehistogram" ||
            comment.text == "stateset" || comment.text == "info") {
          return true;
        }
        lastCounter = comment.text == "counter" ? comment.name : std::string_view{};
      }
      continue;
    }
    if (!lexSampleLine(line, sample).empty())
      continue;
    if (sample.hasExemplar || endsWith(sample.name, "_created"))
      return true;
    if (sample.timestamp.find_first_of(".eE") != std::string_view::npos)
      return true;
    if (!lastCounter.empty() && !endsWith(lastCounter, "_total") &&
        sample.name.size() == lastCounter.size() + 6 && sample.name.starts_with(lastCounter) &&
        endsWith(sample.name, "_total")) {
      return true;
    }
  }
  return false;
}

}  // namespace sightline
