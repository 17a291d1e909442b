#include "model/diagnosis/call_normalizer.h"

#include <cctype>

namespace sightline {

namespace {

bool isIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.';
}

// Removes repeated `?, ?` inside parentheses: `(?, ?, ?)` → `(?)`.
std::string collapseLists(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] != '?')
      continue;
    // Skip following ", ?" repeats.
    std::size_t j = i + 1;
    for (;;) {
      std::size_t k = j;
      while (k < text.size() && text[k] == ' ')
        ++k;
      if (k >= text.size() || text[k] != ',')
        break;
      ++k;
      while (k < text.size() && text[k] == ' ')
        ++k;
      if (k >= text.size() || text[k] != '?')
        break;
      j = k + 1;
    }
    i = j - 1;
  }
  return out;
}

}  // namespace

std::string normalizeSqlStatement(std::string_view statement) {
  std::string out;
  out.reserve(statement.size());
  bool pendingSpace = false;
  for (std::size_t i = 0; i < statement.size();) {
    const char c = statement[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      pendingSpace = !out.empty();
      ++i;
      continue;
    }
    if (pendingSpace) {
      out.push_back(' ');
      pendingSpace = false;
    }
    if (c == '\'') {
      // A quoted string; '' inside it is an escaped quote.
      ++i;
      while (i < statement.size()) {
        if (statement[i] == '\'') {
          if (i + 1 < statement.size() && statement[i + 1] == '\'') {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      out.push_back('?');
      continue;
    }
    const bool startsNumber = std::isdigit(static_cast<unsigned char>(c)) ||
                              (c == '-' && i + 1 < statement.size() &&
                               std::isdigit(static_cast<unsigned char>(statement[i + 1])) &&
                               (out.empty() || !isIdentifierChar(out.back())));
    if (startsNumber && (out.empty() || !isIdentifierChar(out.back()))) {
      ++i;
      while (i < statement.size() &&
             (std::isalnum(static_cast<unsigned char>(statement[i])) || statement[i] == '.'))
        ++i;
      out.push_back('?');
      continue;
    }
    if (isIdentifierChar(c)) {
      while (i < statement.size() && isIdentifierChar(statement[i]))
        out.push_back(statement[i++]);
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return collapseLists(out);
}

namespace {

bool looksLikeId(std::string_view segment) {
  if (segment.empty())
    return false;
  std::size_t digits = 0;
  std::size_t hex = 0;
  for (char c : segment) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    if (std::isxdigit(static_cast<unsigned char>(c)) || c == '-')
      ++hex;
  }
  if (digits == segment.size())
    return true;
  // UUIDs and hashes: all hex (with dashes), long, with at least one digit.
  if (hex == segment.size() && segment.size() >= 8 && digits > 0)
    return true;
  // Mixed tokens like SKU-1401 or ord_8f3a: mostly digits after a short prefix.
  return digits >= 3 && digits * 2 >= segment.size();
}

}  // namespace

std::string normalizeUrlPath(std::string_view urlOrPath) {
  std::string_view path = urlOrPath;
  if (const auto scheme = path.find("://"); scheme != std::string_view::npos) {
    const auto slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
  }
  if (const auto end = path.find_first_of("?#"); end != std::string_view::npos)
    path = path.substr(0, end);
  std::string out;
  out.reserve(path.size());
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      out.push_back('/');
      ++i;
      continue;
    }
    const auto next = path.find('/', i);
    const std::string_view segment =
        path.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
    if (looksLikeId(segment))
      out += "{id}";
    else
      out.append(segment);
    i += segment.size();
  }
  return out.empty() ? std::string("/") : out;
}

}  // namespace sightline
