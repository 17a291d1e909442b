#include "importers/debt/debt_paths.h"

#include <vector>

namespace sightline {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// A '%' not followed by two hex digits is kept as it is: tools are not always strict.
std::string percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool isSchemeChar(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first)
    return letter;
  return letter || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// The scheme of a URI ("file", "https"), or "" when `text` has none. A drive letter ("C:")
// is not a scheme.
std::string_view uriScheme(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon < 2)
    return {};
  for (std::size_t i = 0; i < colon; ++i) {
    if (!isSchemeChar(text[i], i == 0))
      return {};
  }
  return text.substr(0, colon);
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lowerA = (a[i] >= 'A' && a[i] <= 'Z') ? char(a[i] - 'A' + 'a') : a[i];
    const auto lowerB = (b[i] >= 'A' && b[i] <= 'Z') ? char(b[i] - 'A' + 'a') : b[i];
    if (lowerA != lowerB)
      return false;
  }
  return true;
}

bool isDriveLetterPath(std::string_view text) {
  return text.size() >= 2 && isSchemeChar(text[0], true) && text[1] == ':' &&
         (text.size() == 2 || text[2] == '/');
}

}  // namespace

std::string normaliseDebtPath(std::string_view raw, DebtPathSyntax syntax, std::string& path) {
  path.clear();
  std::string text;
  const std::string_view scheme = uriScheme(raw);
  if (!scheme.empty() && equalsIgnoringCase(scheme, "file")) {
    std::string_view rest = raw.substr(scheme.size() + 1);
    bool host = false;
    if (rest.starts_with("//")) {
      rest.remove_prefix(2);
      if (equalsIgnoringCase(rest.substr(0, 9), "localhost") &&
          (rest.size() == 9 || rest[9] == '/')) {
        rest.remove_prefix(9);
      }
      // file://server/share/a.go: kept as the absolute path /server/share/a.go.
      host = !rest.starts_with('/');
    }
    text = (host ? "/" : "") + percentDecode(rest);
    // file:///C:/src/a.go names C:/src/a.go.
    if (text.size() >= 3 && text[0] == '/' && isDriveLetterPath(std::string_view(text).substr(1)))
      text.erase(0, 1);
  } else if (syntax == DebtPathSyntax::Uri) {
    if (!scheme.empty())
      return "expected a file path or a file:// URI, found the URI \"" + std::string(raw) + "\"";
    text = percentDecode(raw);
  } else {
    text = std::string(raw);
  }
  if (text.find('\0') != std::string::npos)
    return "a path must not contain a NUL byte";
  for (char& c : text) {
    if (c == '\\')
      c = '/';
  }
  const bool absolute = !text.empty() && text.front() == '/';
  // Split into segments, dropping empty ones ("//") and "." ones.
  std::vector<std::string_view> segments;
  std::string_view rest(text);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty() || segment == ".")
      continue;
    if (segment == "..")
      return "a path must not have a \"..\" segment, found \"" + std::string(raw) + "\"";
    segments.push_back(segment);
  }
  if (absolute)
    path.push_back('/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0)
      path.push_back('/');
    path.append(segments[i]);
  }
  return {};
}

std::string joinDebtUri(std::string_view base, std::string_view relative) {
  if (base.empty() || !uriScheme(relative).empty() || relative.starts_with('/'))
    return std::string(relative);
  std::string joined(base);
  if (!joined.ends_with('/'))
    joined.push_back('/');
  joined.append(relative);
  return joined;
}

}  // namespace sightline
