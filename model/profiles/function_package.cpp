// packageOfFunction (call_tree.h): the flame graph colours frames by the package the
// function name says it belongs to. Names come from several runtimes, each with its own
// shape; the checks go from the most distinctive shape to the least.

#include <array>
#include <cctype>
#include <string_view>

#include "model/profiles/call_tree.h"

namespace sightline {
namespace {

bool startsLower(std::string_view s) {
  return !s.empty() && std::islower(static_cast<unsigned char>(s.front()));
}
bool startsUpper(std::string_view s) {
  return !s.empty() && std::isupper(static_cast<unsigned char>(s.front()));
}

// The name without template or generic arguments (<...>, [...]) so that their own "::",
// '/' and '.' do not count. Unbalanced brackets (operator<) are kept as they are.
std::string skeletonOf(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '<' || name[i] == '[') {
      int depth = 0;
      std::size_t close = i;
      for (; close < name.size(); ++close) {
        if (name[close] == '<' || name[close] == '[')
          ++depth;
        else if ((name[close] == '>' || name[close] == ']') && --depth == 0)
          break;
      }
      if (close < name.size()) {
        i = close;
        continue;
      }
    }
    out.push_back(name[i]);
  }
  return out;
}

// "path/to/file.py:func" and friends: the script's path, or nothing.
std::string_view scriptPath(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kExtensions = {".py", ".js",  ".mjs", ".cjs",
                                                                  ".ts", ".tsx", ".rb",  ".php"};
  for (std::string_view ext : kExtensions) {
    for (std::size_t at = name.find(ext); at != std::string_view::npos;
         at = name.find(ext, at + 1)) {
      const std::size_t end = at + ext.size();
      if (end == name.size() || name[end] == ':')
        return name.substr(0, end);
    }
  }
  return {};
}

// A script's package: the installed package it comes from (node_modules, site-packages),
// else its directory, else the file's stem.
std::string scriptPackage(std::string_view path) {
  for (std::string_view marker : {"node_modules/", "site-packages/", "dist-packages/"}) {
    const std::size_t at = path.rfind(marker);
    if (at == std::string_view::npos)
      continue;
    std::string_view rest = path.substr(at + marker.size());
    std::size_t end = rest.find('/');
    if (!rest.empty() && rest.front() == '@' && end != std::string_view::npos)
      end = rest.find('/', end + 1);  // scoped npm package: @scope/name
    if (end != std::string_view::npos)
      return std::string(rest.substr(0, end));
    // A single-file module such as site-packages/six.py.
    return std::string(rest.substr(0, rest.rfind('.')));
  }
  const std::size_t slash = path.rfind('/');
  if (slash != std::string_view::npos && slash > 0)
    return std::string(path.substr(0, slash));
  std::string_view file = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  return std::string(file.substr(0, file.rfind('.')));
}

// Go import paths: "github.com/a/b.(*T).M" → "github.com/a/b"; a major-version element
// ("gopkg.in/yaml.v3.Unmarshal") belongs to the path. A capitalised element after the last
// slash is a JVM-style class ("java/util/HashMap.get" → "java/util").
std::string slashPackage(std::string_view name) {
  const std::size_t slash = name.rfind('/');
  std::string_view last = name.substr(slash + 1);
  if (startsUpper(last))
    return std::string(name.substr(0, slash));
  std::size_t dot = last.find('.');
  if (dot != std::string_view::npos && dot + 2 < last.size() && last[dot + 1] == 'v' &&
      std::isdigit(static_cast<unsigned char>(last[dot + 2]))) {
    std::size_t end = dot + 2;
    while (end < last.size() && std::isdigit(static_cast<unsigned char>(last[end])))
      ++end;
    if (end == last.size() || last[end] == '.')
      dot = end == last.size() ? std::string_view::npos : end;
  }
  return std::string(name.substr(0, slash + 1)) + std::string(last.substr(0, dot));
}

// Dotted names: Java "com.foo.Bar.baz" → "com.foo" (the lower-case elements before the
// class, when there are at least two); otherwise the first element, which is the package
// of Go ("runtime.mallocgc", "sync.(*Mutex).Lock") and Python ("pkg.mod.func").
std::string dottedPackage(std::string_view name) {
  const std::size_t firstDot = name.find('.');
  if (firstDot == std::string_view::npos || firstDot == 0)
    return {};
  std::size_t lowerElements = 0;
  std::size_t end = 0;
  for (std::size_t start = 0; start < name.size();) {
    const std::size_t dot = name.find('.', start);
    const std::string_view element =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (startsUpper(element) && lowerElements >= 2)
      return std::string(name.substr(0, end));
    if (!startsLower(element) || dot == std::string_view::npos)
      break;
    ++lowerElements;
    end = dot;
    start = dot + 1;
  }
  return std::string(name.substr(0, firstDot));
}

}  // namespace

std::string packageOfFunction(const std::string& name) {
  // pprof's placeholders for frames without a symbol name have no package.
  if (name.empty() || name.front() == '[' || name == "<unknown>")
    return {};
  if (const std::string_view path = scriptPath(name); !path.empty())
    return scriptPackage(path);

  const std::string skeleton = skeletonOf(name);
  // C++ and Rust: the outermost namespace.
  if (const std::size_t colons = skeleton.find("::"); colons != std::string::npos)
    return skeleton.substr(0, colons);
  // Only the part before an argument list tells the package (Java "Foo.bar(a.b.C)").
  std::string_view head = skeleton;
  if (const std::size_t paren = head.find('(');
      paren != std::string_view::npos && paren > 0 && head[paren - 1] != '.')
    head = head.substr(0, paren);
  if (const std::size_t slash = head.find('/'); slash != std::string_view::npos) {
    // JVM hidden classes ("com.foo.Bar$$Lambda$12/0x0000000800c0b440.run") are not paths.
    if (head.substr(0, slash).find('$') != std::string_view::npos)
      return dottedPackage(head.substr(0, slash));
    return slashPackage(head);
  }
  return dottedPackage(head);
}

}  // namespace sightline
