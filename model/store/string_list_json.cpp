#include "model/store/string_list_json.h"

#include <algorithm>

#include "model/common/ids.h"

namespace sightline {

std::string encodeStringListJson(const std::vector<std::string>& services) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (i)
      out += ',';
    out += '"';
    for (char c : services[i]) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 0xf];
      } else {
        out += c;
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

std::vector<std::string> decodeStringListJson(std::string_view json) {
  // Reads what encodeStringListJson() writes; anything else yields what was read so far.
  std::vector<std::string> out;
  std::size_t i = 0;
  // A malformed digit reads as 0.
  auto hexValue = [](char c) { return std::max(0, hexDigitValue(c)); };
  while (i < json.size()) {
    if (json[i] != '"') {
      ++i;
      continue;
    }
    std::string value;
    for (++i; i < json.size() && json[i] != '"'; ++i) {
      if (json[i] != '\\' || i + 1 >= json.size()) {
        value += json[i];
        continue;
      }
      ++i;
      if (json[i] == 'u' && i + 4 < json.size()) {
        value += static_cast<char>(hexValue(json[i + 3]) << 4 | hexValue(json[i + 4]));
        i += 4;
      } else {
        value += json[i];
      }
    }
    ++i;
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace sightline
