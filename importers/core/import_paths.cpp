#include "importers/core/import_paths.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "importers/core/importer_registry.h"

namespace sightline {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Whether the file name ends in ".<ext>", ".<ext>.gz" or ".<ext>.zst" of a registered format.
bool hasImportableExtension(const std::string& fileName) {
  static const std::set<std::string> extensions = [] {
    std::set<std::string> all;
    for (const auto& descriptor : importerRegistry()) {
      for (const auto& extension : descriptor.extensions)
        all.insert(lower(extension));
    }
    return all;
  }();
  std::string name = lower(fileName);
  for (const char* compressed : {".gz", ".zst"}) {
    const std::string_view suffix(compressed);
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  const std::size_t dot = name.rfind('.');
  return dot != std::string::npos && dot > 0 && extensions.count(name.substr(dot + 1)) > 0;
}

}  // namespace

bool naturalLess(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (isDigit(a[i]) && isDigit(b[j])) {
      // Compare the digit runs as numbers: skip leading zeros, then longer is bigger.
      std::size_t startA = i;
      std::size_t startB = j;
      while (startA < a.size() && a[startA] == '0')
        ++startA;
      while (startB < b.size() && b[startB] == '0')
        ++startB;
      std::size_t endA = startA;
      std::size_t endB = startB;
      while (endA < a.size() && isDigit(a[endA]))
        ++endA;
      while (endB < b.size() && isDigit(b[endB]))
        ++endB;
      const std::string_view digitsA = a.substr(startA, endA - startA);
      const std::string_view digitsB = b.substr(startB, endB - startB);
      if (digitsA.size() != digitsB.size())
        return digitsA.size() < digitsB.size();
      if (digitsA != digitsB)
        return digitsA < digitsB;
      // Equal numbers: fewer leading zeros first, so the order stays total.
      if (endA - i != endB - j)
        return endA - i < endB - j;
      i = endA;
      j = endB;
      continue;
    }
    if (a[i] != b[j])
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

ExpandedImportPaths expandImportPaths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  ExpandedImportPaths result;
  for (const auto& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      result.errors.push_back(path + ": no such file or folder");
      continue;
    }
    if (!fs::is_directory(status)) {
      result.files.push_back(path);
      continue;
    }
    std::vector<std::string> names;
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      const std::string name = it->path().filename().string();
      std::error_code typeError;
      if (name.empty() || name.front() == '.' || !it->is_regular_file(typeError) || typeError)
        continue;
      if (hasImportableExtension(name))
        names.push_back(name);
    }
    if (error) {
      result.errors.push_back(path + ": cannot list the folder: " + error.message());
      continue;
    }
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
    for (const auto& name : names)
      result.files.push_back((fs::path(path) / name).string());
  }
  return result;
}

}  // namespace sightline
