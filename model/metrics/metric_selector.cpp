// parseSeriesSelector / selectorMatches of metric_math.h: PromQL's instant-vector selector
// syntax (without offsets, ranges or `@`), as Prometheus' lexer and parser accept it.
#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <unordered_map>

#include "model/metrics/metric_math.h"

namespace sightline {
namespace {

bool isNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c) {
  return isNameStart(c) || (c >= '0' && c <= '9');
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void appendUtf8(std::string& out, std::uint32_t codePoint) {
  if (codePoint < 0x80) {
    out.push_back(static_cast<char>(codePoint));
  } else if (codePoint < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
    out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
  } else if (codePoint < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
    out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
    out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
  }
}

QRegularExpression anchoredRegex(const std::string& pattern) {
  // \A…\z rather than ^…$: PCRE's $ would also match before a final line feed, RE2's
  // (Prometheus') does not.
  return QRegularExpression(QRegularExpression::anchoredPattern(QString::fromStdString(pattern)));
}

class SelectorParser {
 public:
  explicit SelectorParser(const std::string& text) : m_text(text) {}

  std::optional<SeriesSelector> parse(Status* status) {
    std::optional<SeriesSelector> selector = parseSelector();
    if (!selector) {
      if (status != nullptr) {
        *status = Status::error("column " + std::to_string(m_errorAt + 1) + ": " + m_error);
      }
      return std::nullopt;
    }
    if (status != nullptr) {
      *status = Status::ok();
    }
    return selector;
  }

 private:
  std::optional<SeriesSelector> parseSelector() {
    SeriesSelector selector;
    skipSpace();
    if (atEnd()) {
      return fail(m_pos, "empty selector: expected a metric name or '{'");
    }
    if (isNameStart(peek()) || peek() == ':') {
      const std::size_t start = m_pos;
      while (!atEnd() && (isNameChar(peek()) || peek() == ':')) {
        ++m_pos;
      }
      selector.metricName = m_text.substr(start, m_pos - start);
      skipSpace();
    }
    if (!atEnd() && peek() == '{') {
      ++m_pos;
      if (!parseMatchers(selector)) {
        return std::nullopt;
      }
      skipSpace();
    }
    if (!atEnd()) {
      return fail(m_pos, std::string("unexpected character '") + peek() + "'");
    }
    if (selector.metricName.empty() && !hasNonEmptyMatcher(selector)) {
      return fail(0, "vector selector must contain at least one non-empty matcher");
    }
    return selector;
  }

  // Everything after '{' up to and including '}'. A trailing comma is allowed, as in PromQL.
  bool parseMatchers(SeriesSelector& selector) {
    for (;;) {
      skipSpace();
      if (atEnd()) {
        return failBool(m_pos, "unexpected end of input: expected a label name or '}'");
      }
      if (peek() == '}') {
        ++m_pos;
        return true;
      }
      LabelMatcher matcher;
      if (!isNameStart(peek())) {
        return failBool(m_pos, "expected a label name");
      }
      const std::size_t nameStart = m_pos;
      while (!atEnd() && isNameChar(peek())) {
        ++m_pos;
      }
      matcher.name = m_text.substr(nameStart, m_pos - nameStart);
      skipSpace();
      if (!parseOperator(matcher.op)) {
        return false;
      }
      skipSpace();
      const std::size_t valueStart = m_pos;
      if (!parseString(matcher.value)) {
        return false;
      }
      if (matcher.op == LabelMatcher::Op::Regex || matcher.op == LabelMatcher::Op::NotRegex) {
        const QRegularExpression regex = anchoredRegex(matcher.value);
        if (!regex.isValid()) {
          return failBool(valueStart,
                          "invalid regular expression: " + regex.errorString().toStdString());
        }
      }
      if (matcher.name == "__name__" && !selector.metricName.empty()) {
        return failBool(nameStart, "metric name must not be set twice");
      }
      selector.matchers.push_back(std::move(matcher));
      skipSpace();
      if (atEnd()) {
        return failBool(m_pos, "unexpected end of input: expected ',' or '}'");
      }
      if (peek() == ',') {
        ++m_pos;
      } else if (peek() != '}') {
        return failBool(m_pos,
                        std::string("unexpected character '") + peek() + "': expected ',' or '}'");
      }
    }
  }

  bool parseOperator(LabelMatcher::Op& op) {
    if (m_text.compare(m_pos, 2, "=~") == 0) {
      op = LabelMatcher::Op::Regex;
      m_pos += 2;
    } else if (m_text.compare(m_pos, 2, "!~") == 0) {
      op = LabelMatcher::Op::NotRegex;
      m_pos += 2;
    } else if (m_text.compare(m_pos, 2, "!=") == 0) {
      op = LabelMatcher::Op::NotEqual;
      m_pos += 2;
    } else if (!atEnd() && peek() == '=') {
      op = LabelMatcher::Op::Equal;
      m_pos += 1;
    } else {
      return failBool(m_pos, "expected one of '=', '!=', '=~', '!~'");
    }
    return true;
  }

  // A PromQL string: "…" or '…' with Go escapes, or `…` taken verbatim.
  bool parseString(std::string& out) {
    if (atEnd()) {
      return failBool(m_pos, "unexpected end of input: expected a quoted string");
    }
    const char quote = peek();
    if (quote != '"' && quote != '\'' && quote != '`') {
      return failBool(m_pos, "expected a quoted string");
    }
    const std::size_t start = m_pos;
    ++m_pos;
    for (;;) {
      if (atEnd()) {
        return failBool(start, "unterminated quoted string");
      }
      const char c = m_text[m_pos];
      if (c == quote) {
        ++m_pos;
        return true;
      }
      if (quote == '`') {
        out.push_back(c);
        ++m_pos;
        continue;
      }
      if (c == '\n') {
        return failBool(start, "unterminated quoted string");
      }
      if (c != '\\') {
        out.push_back(c);
        ++m_pos;
        continue;
      }
      if (!parseEscape(quote, out)) {
        return false;
      }
    }
  }

  // At a backslash inside "…" or '…'. Go's escapes; the other quote character may not be
  // escaped (PromQL's lexer rejects \' inside "…").
  bool parseEscape(char quote, std::string& out) {
    const std::size_t escapeAt = m_pos;
    ++m_pos;
    if (atEnd()) {
      return failBool(escapeAt, "unterminated escape sequence");
    }
    const char c = m_text[m_pos++];
    switch (c) {
      case 'a':
        out.push_back('\a');
        return true;
      case 'b':
        out.push_back('\b');
        return true;
      case 'f':
        out.push_back('\f');
        return true;
      case 'n':
        out.push_back('\n');
        return true;
      case 'r':
        out.push_back('\r');
        return true;
      case 't':
        out.push_back('\t');
        return true;
      case 'v':
        out.push_back('\v');
        return true;
      case '\\':
        out.push_back('\\');
        return true;
      case 'x':
        return parseNumericEscape(escapeAt, 2, 16, out, false);
      case 'u':
        return parseNumericEscape(escapeAt, 4, 16, out, true);
      case 'U':
        return parseNumericEscape(escapeAt, 8, 16, out, true);
      default:
        break;
    }
    if (c == quote) {
      out.push_back(c);
      return true;
    }
    if (c >= '0' && c <= '7') {
      --m_pos;
      return parseNumericEscape(escapeAt, 3, 8, out, false);
    }
    return failBool(escapeAt, std::string("unknown escape sequence '\\") + c + "'");
  }

  bool parseNumericEscape(std::size_t escapeAt, int digits, int base, std::string& out,
                          bool isCodePoint) {
    std::uint32_t value = 0;
    for (int i = 0; i < digits; ++i) {
      const int digit = atEnd() ? -1 : hexDigit(peek());
      if (digit < 0 || digit >= base) {
        return failBool(escapeAt, "invalid escape sequence: expected " + std::to_string(digits) +
                                      (base == 8 ? " octal" : " hexadecimal") + " digits");
      }
      value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
      ++m_pos;
    }
    if (!isCodePoint) {
      if (value > 0xFF) {
        return failBool(escapeAt, "octal escape value > 255");
      }
      out.push_back(static_cast<char>(value));
      return true;
    }
    if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) {
      return failBool(escapeAt, "escape sequence is an invalid Unicode code point");
    }
    appendUtf8(out, value);
    return true;
  }

  static bool hasNonEmptyMatcher(const SeriesSelector& selector) {
    return std::any_of(selector.matchers.begin(), selector.matchers.end(),
                       [](const LabelMatcher& m) {
                         return !selectorMatches(SeriesSelector{{}, {m}}, std::string(), {});
                       });
  }

  void skipSpace() {
    while (!atEnd() && isSpace(peek())) {
      ++m_pos;
    }
  }
  bool atEnd() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }

  std::nullopt_t fail(std::size_t at, std::string message) {
    failBool(at, std::move(message));
    return std::nullopt;
  }
  bool failBool(std::size_t at, std::string message) {
    m_errorAt = at;
    m_error = std::move(message);
    return false;
  }

  const std::string& m_text;
  std::size_t m_pos = 0;
  std::size_t m_errorAt = 0;
  std::string m_error;
};

// Compiled regexes by pattern, per thread: selectorMatches runs once per series of a
// family, and compiling the same pattern each time would dominate.
const QRegularExpression& cachedRegex(const std::string& pattern) {
  constexpr std::size_t kMaxCached = 64;
  thread_local std::unordered_map<std::string, QRegularExpression> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    if (cache.size() >= kMaxCached) {
      cache.clear();
    }
    it = cache.emplace(pattern, anchoredRegex(pattern)).first;
  }
  return it->second;
}

const std::string* findLabel(const std::vector<MetricLabel>& labels, const std::string& name) {
  for (const MetricLabel& label : labels) {
    if (label.name == name) {
      return &label.value;
    }
  }
  return nullptr;
}

bool matcherMatches(const LabelMatcher& matcher, const std::string& value) {
  switch (matcher.op) {
    case LabelMatcher::Op::Equal:
      return value == matcher.value;
    case LabelMatcher::Op::NotEqual:
      return value != matcher.value;
    case LabelMatcher::Op::Regex:
    case LabelMatcher::Op::NotRegex: {
      const QRegularExpression& regex = cachedRegex(matcher.value);
      // An invalid pattern (only possible when the selector was built by hand) matches
      // nothing.
      const bool found = regex.isValid() && regex.match(QString::fromStdString(value)).hasMatch();
      return matcher.op == LabelMatcher::Op::Regex ? found : !found;
    }
  }
  return false;
}

}  // namespace

std::optional<SeriesSelector> parseSeriesSelector(const std::string& text, Status* status) {
  return SelectorParser(text).parse(status);
}

bool selectorMatches(const SeriesSelector& selector, const std::string& sampleName,
                     const std::vector<MetricLabel>& labels) {
  if (!selector.metricName.empty() && selector.metricName != sampleName) {
    return false;
  }
  static const std::string kEmpty;
  for (const LabelMatcher& matcher : selector.matchers) {
    // A label that is absent has the empty value, so `a!="x"` and `a=""` match it.
    const std::string* value =
        matcher.name == "__name__" ? &sampleName : findLabel(labels, matcher.name);
    if (!matcherMatches(matcher, value != nullptr ? *value : kEmpty)) {
      return false;
    }
  }
  return true;
}

}  // namespace sightline
