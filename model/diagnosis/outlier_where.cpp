#include "model/diagnosis/outlier_where.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include <QString>

#include "model/text/duration_text.h"

namespace sightline {

namespace {

struct Token {
  enum class Kind : std::uint8_t { Word, Quoted, Operator, Open, Close, End } kind = Kind::End;
  std::string text;
  std::size_t offset = 0;  // in bytes
};

bool isWordChar(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) && c != '(' && c != ')' && c != '=' &&
         c != '!' && c != '<' && c != '>' && c != '"' && c != '\'';
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string describe(const Token& token) {
  return token.kind == Token::Kind::End ? std::string("the end") : "'" + token.text + "'";
}

template <typename Value, std::size_t N>
std::optional<Value> lookup(const std::array<std::pair<const char*, Value>, N>& names,
                            std::string_view word) {
  const std::string key = lower(word);
  for (const auto& [name, value] : names) {
    if (key == name)
      return value;
  }
  return std::nullopt;
}

const std::array<std::pair<const char*, StatusCode>, 3> kStatuses{
    {{"ok", StatusCode::Ok}, {"error", StatusCode::Error}, {"unset", StatusCode::Unset}}};
const std::array<std::pair<const char*, SpanKind>, 6> kKinds{
    {{"server", SpanKind::Server},
     {"client", SpanKind::Client},
     {"internal", SpanKind::Internal},
     {"producer", SpanKind::Producer},
     {"consumer", SpanKind::Consumer},
     {"unspecified", SpanKind::Unspecified}}};

}  // namespace

std::string WhereError::text() const {
  return "position " + std::to_string(position) + ": " + message;
}

// Recursive descent over a token list; the first error stops it.
class WhereParser {
 public:
  WhereParser(std::string_view text, WhereExpression& out) : m_text(text), m_out(out) {}

  bool run(WhereError* error) {
    tokenize();
    if (!m_failed) {
      m_out.m_root = parseOr();
      if (!m_failed && peek().kind != Token::Kind::End)
        fail(peek(), "expected 'and', 'or' or the end, found " + describe(peek()) + m_hint);
    }
    if (m_failed && error)
      *error = m_error;
    return !m_failed;
  }

 private:
  using Field = WhereExpression::Field;
  using Op = WhereExpression::Op;
  using Node = WhereExpression::Node;

  void tokenize() {
    std::size_t i = 0;
    while (i < m_text.size()) {
      const char c = m_text[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      Token token;
      token.offset = i;
      if (c == '(' || c == ')') {
        token.kind = c == '(' ? Token::Kind::Open : Token::Kind::Close;
        token.text = std::string(1, c);
        ++i;
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        token.kind = Token::Kind::Operator;
        const bool twoChars = i + 1 < m_text.size() && m_text[i + 1] == '=';
        token.text = std::string(m_text.substr(i, twoChars ? 2 : 1));
        i += token.text.size();
        if (token.text == "!") {
          fail(token, "expected '!=', found '!'");
          return;
        }
      } else if (c == '"' || c == '\'') {
        token.kind = Token::Kind::Quoted;
        std::size_t j = i + 1;
        for (; j < m_text.size() && m_text[j] != c; ++j) {
          if (m_text[j] == '\\' && j + 1 < m_text.size())
            ++j;
          token.text += m_text[j];
        }
        if (j >= m_text.size()) {
          fail(token, std::string("this quote is never closed"));
          return;
        }
        i = j + 1;
      } else {
        token.kind = Token::Kind::Word;
        std::size_t j = i;
        while (j < m_text.size() && isWordChar(m_text[j]))
          ++j;
        token.text = std::string(m_text.substr(i, j - i));
        i = j;
      }
      m_tokens.push_back(std::move(token));
    }
    Token end;
    end.offset = m_text.size();
    m_tokens.push_back(end);
  }

  const Token& peek() const { return m_tokens[m_next]; }
  const Token& take() {
    const Token& token = m_tokens[m_next];
    if (m_next + 1 < m_tokens.size())
      ++m_next;
    return token;
  }
  bool isKeyword(const Token& token, const char* keyword) const {
    return token.kind == Token::Kind::Word && lower(token.text) == keyword;
  }

  int fail(const Token& token, std::string message) {
    if (!m_failed) {
      m_failed = true;
      m_error.position = positionOf(token);
      m_error.message = std::move(message);
    }
    return -1;
  }

  int add(Node node) {
    m_out.m_nodes.push_back(std::move(node));
    return static_cast<int>(m_out.m_nodes.size()) - 1;
  }

  int join(Node::Type type, int left, int right) {
    Node node;
    node.type = type;
    node.left = left;
    node.right = right;
    return add(std::move(node));
  }

  int parseOr() {
    int left = parseAnd();
    while (!m_failed && isKeyword(peek(), "or")) {
      take();
      const int right = parseAnd();
      left = join(Node::Type::Or, left, right);
    }
    return left;
  }

  int parseAnd() {
    int left = parsePrimary();
    while (!m_failed && isKeyword(peek(), "and")) {
      take();
      const int right = parsePrimary();
      left = join(Node::Type::And, left, right);
    }
    return left;
  }

  int parsePrimary() {
    if (m_failed)
      return -1;
    const Token& token = take();
    if (token.kind == Token::Kind::Open) {
      const int inner = parseOr();
      if (m_failed)
        return -1;
      if (peek().kind != Token::Kind::Close) {
        return fail(peek(), "expected ')' to close the '(' at position " +
                                std::to_string(positionOf(token)) + ", found " + describe(peek()) +
                                m_hint);
      }
      take();
      return inner;
    }
    m_hint.clear();
    static const char kFields[] = "duration, status, kind, service or name";
    if (token.kind != Token::Kind::Word) {
      return fail(token,
                  std::string("expected a field (") + kFields + "), found " + describe(token));
    }
    static const std::array<std::pair<const char*, Field>, 6> kFieldNames{
        {{"duration", Field::Duration},
         {"status", Field::Status},
         {"kind", Field::Kind},
         {"service", Field::Service},
         {"name", Field::Name},
         {"operation", Field::Name}}};
    const auto field = lookup(kFieldNames, token.text);
    if (!field) {
      return fail(token, "unknown field '" + token.text + "' (expected " + kFields + ")");
    }
    const Token& opToken = take();
    static const std::array<std::pair<const char*, Op>, 7> kOps{{{"=", Op::Eq},
                                                                 {"==", Op::Eq},
                                                                 {"!=", Op::Ne},
                                                                 {"<", Op::Lt},
                                                                 {"<=", Op::Le},
                                                                 {">", Op::Gt},
                                                                 {">=", Op::Ge}}};
    const auto op =
        opToken.kind == Token::Kind::Operator ? lookup(kOps, opToken.text) : std::nullopt;
    if (!op) {
      return fail(opToken, "expected an operator (=, !=, <, <=, >, >=) after '" + token.text +
                               "', found " + describe(opToken));
    }
    Node node;
    node.field = *field;
    node.op = *op;
    if (*field == Field::Duration)
      return parseDuration(std::move(node), opToken);
    if (*op != Op::Eq && *op != Op::Ne) {
      return fail(opToken, lower(token.text) + " can only be compared with = or !=, not '" +
                               opToken.text + "'");
    }
    const Token& value = take();
    if (value.kind != Token::Kind::Word && value.kind != Token::Kind::Quoted) {
      return fail(value, "expected a value after '" + opToken.text + "', found " + describe(value));
    }
    if (*field == Field::Status) {
      const auto status = lookup(kStatuses, value.text);
      if (!status) {
        return fail(value, "unknown status '" + value.text + "' (expected ok, error or unset)");
      }
      node.number = static_cast<std::uint64_t>(*status);
    } else if (*field == Field::Kind) {
      const auto kind = lookup(kKinds, value.text);
      if (!kind) {
        return fail(value, "unknown kind '" + value.text +
                               "' (expected server, client, internal, producer, consumer or "
                               "unspecified)");
      }
      node.number = static_cast<std::uint64_t>(*kind);
    } else {
      node.text = value.text;
      if (value.kind == Token::Kind::Word)
        m_hint = " (quote a value with spaces: \"" + value.text + " " + peek().text + "\")";
    }
    if (peek().kind != Token::Kind::Word || isKeyword(peek(), "and") || isKeyword(peek(), "or"))
      m_hint.clear();
    return add(std::move(node));
  }

  int parseDuration(Node node, const Token& opToken) {
    const Token& value = take();
    if (value.kind != Token::Kind::Word) {
      return fail(value, "expected a duration such as 500ms after '" + opToken.text + "', found " +
                             describe(value));
    }
    std::string text = value.text;
    auto parsed = parseDurationArgument(QString::fromStdString(text));
    // "1 s": a number and its unit as two words.
    if (!parsed && peek().kind == Token::Kind::Word && !isKeyword(peek(), "and") &&
        !isKeyword(peek(), "or")) {
      const std::string joined = text + peek().text;
      if (auto withUnit = parseDurationArgument(QString::fromStdString(joined))) {
        parsed = withUnit;
        take();
      }
    }
    if (!parsed) {
      const bool bareNumber = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
      });
      if (bareNumber) {
        return fail(value, "'" + text + "' needs a unit: ns, us, ms, s or m (e.g. " + text + "ms)");
      }
      return fail(value, "expected a duration such as 500ms, 1.5s or 250us, found '" + text + "'");
    }
    node.number = *parsed;
    return add(std::move(node));
  }

  // In characters, not bytes: "µs" is one character to the person reading the message.
  std::size_t positionOf(const Token& token) const {
    std::size_t position = 1;
    for (std::size_t i = 0; i < token.offset && i < m_text.size(); ++i) {
      if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
        ++position;
    }
    return position;
  }

  std::string_view m_text;
  WhereExpression& m_out;
  std::vector<Token> m_tokens;
  std::size_t m_next = 0;
  bool m_failed = false;
  WhereError m_error;
  std::string m_hint;  // why the next token may be unexpected: a value with spaces, unquoted
};

std::optional<WhereExpression> WhereExpression::parse(std::string_view text, WhereError* error) {
  WhereExpression expression;
  WhereParser parser(text, expression);
  if (!parser.run(error))
    return std::nullopt;
  return expression;
}

bool WhereExpression::matches(const OutlierSpan& span) const {
  return m_root >= 0 && matches(m_root, span);
}

bool WhereExpression::matches(int index, const OutlierSpan& span) const {
  const Node& node = m_nodes[static_cast<std::size_t>(index)];
  switch (node.type) {
    case Node::Type::And:
      return matches(node.left, span) && matches(node.right, span);
    case Node::Type::Or:
      return matches(node.left, span) || matches(node.right, span);
    case Node::Type::Compare:
      break;
  }
  std::uint64_t value = 0;
  switch (node.field) {
    case Field::Duration:
      value = span.durationNs;
      break;
    case Field::Status:
      value = static_cast<std::uint64_t>(span.status);
      break;
    case Field::Kind:
      value = static_cast<std::uint64_t>(span.kind);
      break;
    case Field::Service:
    case Field::Name: {
      const bool equal = (node.field == Field::Service ? span.service : span.name) == node.text;
      return node.op == Op::Eq ? equal : !equal;
    }
  }
  switch (node.op) {
    case Op::Eq:
      return value == node.number;
    case Op::Ne:
      return value != node.number;
    case Op::Lt:
      return value < node.number;
    case Op::Le:
      return value <= node.number;
    case Op::Gt:
      return value > node.number;
    case Op::Ge:
      return value >= node.number;
  }
  return false;
}

}  // namespace sightline
