#include "importers/debt/debt_lines.h"

#include <string>

namespace sightline {

bool forEachDebtLine(
    ByteSource& source, DecodeError& error, std::size_t maxLineBytes,
    const std::function<bool(std::string_view line, std::uint64_t number)>& onLine) {
  std::uint64_t number = 0;
  const auto deliver = [&](std::string_view line) {
    ++number;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (onLine(line, number))
      return true;
    if (error.line == 0)
      error.line = number;
    return false;
  };
  std::string pending;  // a line split across chunks
  for (auto chunk = source.next(); !chunk.empty(); chunk = source.next()) {
    std::string_view text(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    for (std::size_t newline = text.find('\n'); newline != std::string_view::npos;
         newline = text.find('\n')) {
      bool ok = true;
      if (pending.empty()) {
        ok = deliver(text.substr(0, newline));
      } else {
        pending.append(text.substr(0, newline));
        ok = deliver(pending);
        pending.clear();
      }
      if (!ok)
        return false;
      text.remove_prefix(newline + 1);
    }
    pending.append(text);
    if (pending.size() > maxLineBytes) {
      error.message = "expected lines of at most " + std::to_string(maxLineBytes) + " bytes";
      error.line = number + 1;
      return false;
    }
  }
  if (!source.status()) {
    error.message = source.status().message();
    error.offset = source.position();
    error.hasOffset = true;
    return false;
  }
  return pending.empty() || deliver(pending);
}

}  // namespace sightline
