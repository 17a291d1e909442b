#include "model/debt/debt_code_names.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace sightline {

namespace {

// The top-level directories of Go's standard library (a relative file "net/http/server.go"
// of a profile is GOROOT's).
constexpr std::array<std::string_view, 38> kGoStandardLibrary = {
    "archive",  "bufio",  "bytes",   "cmp",      "compress", "container", "context", "crypto",
    "database", "debug",  "embed",   "encoding", "errors",   "expvar",    "flag",    "fmt",
    "go",       "hash",   "html",    "image",    "index",    "internal",  "io",      "iter",
    "log",      "maps",   "math",    "mime",     "net",      "os",        "path",    "plugin",
    "reflect",  "regexp", "runtime", "slices",   "sort",     "strconv",
};
constexpr std::array<std::string_view, 9> kGoStandardLibraryMore = {
    "strings", "sync", "syscall", "testing", "text", "time", "unicode", "unique", "unsafe",
};

bool isGoStandardPackage(std::string_view first) {
  return std::find(kGoStandardLibrary.begin(), kGoStandardLibrary.end(), first) !=
             kGoStandardLibrary.end() ||
         std::find(kGoStandardLibraryMore.begin(), kGoStandardLibraryMore.end(), first) !=
             kGoStandardLibraryMore.end();
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A closure or wrapper suffix of a Go function name: "func1", "1", "gowrap2", "deferwrap1".
bool isClosureSuffix(std::string_view part) {
  for (std::string_view prefix : {"func", "gowrap", "deferwrap", ""}) {
    if (part.size() > prefix.size() && part.substr(0, prefix.size()) == prefix &&
        std::all_of(part.begin() + static_cast<std::ptrdiff_t>(prefix.size()), part.end(),
                    [](unsigned char c) { return std::isdigit(c); }))
      return true;
  }
  return false;
}

}  // namespace

std::string directoryOf(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos)
    return {};
  return std::string(path.substr(0, slash + 1));
}

std::string relativeDirectoryOf(std::string_view relative) {
  const std::size_t slash = relative.rfind('/');
  if (slash == std::string_view::npos)
    return {};
  return std::string(relative.substr(0, slash));
}

bool isLibraryCodeFile(std::string_view file) {
  if (file.empty() || file.substr(0, 5) == "node:" || file.front() == '<')
    return true;
  for (std::string_view marker :
       {"/go/pkg/mod/", "/pkg/mod/", "/vendor/", "node_modules/", "/usr/lib/", "/usr/local/go/",
        "/usr/include/", "/goroot/", "/site-packages/", "/dist-packages/", "/lib/python"}) {
    if (contains(file, marker))
      return true;
  }
  if (file.substr(0, 7) == "vendor/")
    return true;
  if (file.front() == '/') {
    // GOROOT elsewhere: ".../go/src/runtime/proc.go" or ".../go-1.19/src/net/...".
    const std::size_t src = file.find("/src/");
    if (src != std::string_view::npos) {
      const std::string_view before = file.substr(0, src);
      const std::string_view last = before.substr(before.rfind('/') + 1);
      const std::string_view after = file.substr(src + 5);
      if (last.substr(0, 2) == "go" && isGoStandardPackage(after.substr(0, after.find('/'))))
        return true;
    }
    return false;
  }
  // A relative Go file whose first directory is a standard-library package.
  const std::size_t slash = file.find('/');
  if ((endsWith(file, ".go") || endsWith(file, ".s")) && slash != std::string_view::npos)
    return isGoStandardPackage(file.substr(0, slash));
  return false;
}

bool isTestOrDataFile(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::string_view dirs =
      slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
  for (std::string_view dir : {"test/", "tests/", "__tests__/"}) {
    if (dirs.substr(0, dir.size()) == dir || contains(dirs, std::string("/") + std::string(dir)))
      return true;
  }
  if (endsWith(name, "_test.go") || name.substr(0, 5) == "test_" || endsWith(name, "_test.py") ||
      contains(name, ".test.") || contains(name, ".spec."))
    return true;
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos)
    return false;
  std::string extension(name.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view data :
       {"json", "yaml", "yml", "md", "markdown", "txt", "csv", "toml", "ini", "lock"}) {
    if (extension == data)
      return true;
  }
  return false;
}

std::string comparableServiceName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.')
      continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (std::string_view suffix : {"service", "svc"}) {
    if (out.size() > suffix.size() && endsWith(out, suffix))
      out.resize(out.size() - suffix.size());
  }
  return out;
}

std::string coverFunctionName(std::string_view name) {
  // The package path ends at the last '/'; the rest is package.Receiver.Name.closures.
  const std::size_t slash = name.rfind('/');
  std::string_view rest = slash == std::string_view::npos ? name : name.substr(slash + 1);
  // Generic instantiations ("Map[...]") carry dots of their own.
  std::string plain;
  int depth = 0;
  for (char c : rest) {
    if (c == '[')
      ++depth;
    else if (c == ']' && depth > 0)
      --depth;
    else if (depth == 0)
      plain += c;
  }
  std::string_view view = plain;
  while (true) {
    const std::size_t dot = view.rfind('.');
    if (dot == std::string_view::npos)
      return std::string(view);
    const std::string_view last = view.substr(dot + 1);
    if (!isClosureSuffix(last))
      return std::string(last);
    view = view.substr(0, dot);
  }
}

}  // namespace sightline
