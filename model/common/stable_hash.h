#pragma once

#include <cstdint>
#include <string_view>

namespace sightline {

// FNV-1a of `text`: the same on every run and platform, unlike std::hash, so that colours
// chosen by a name (services, packages, functions) stay put.
constexpr std::uint32_t stableHash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace sightline
