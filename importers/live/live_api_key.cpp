#include "importers/live/live_api_key.h"

#include <random>

namespace sightline {

namespace {

bool sameKey(std::string_view expected, std::string_view given) {
  // Every byte of the expected key is looked at whatever `given` is.
  unsigned difference = expected.size() == given.size() ? 0u : 1u;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    difference |= static_cast<unsigned char>(expected[i]) ^ g;
  }
  return difference == 0;
}

// The token of "Bearer TOKEN" (scheme case-insensitive, as RFC 7235 says); "" otherwise.
std::string_view bearerToken(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size())
    return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    const char c = authorization[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != scheme[i])
      return {};
  }
  std::string_view token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  return token;
}

}  // namespace

bool apiKeyAccepts(std::string_view expectedKey, std::string_view authorization,
                   std::string_view xApiKey) {
  if (expectedKey.empty())
    return true;
  const std::string_view bearer = bearerToken(authorization);
  const bool byBearer = !bearer.empty() && sameKey(expectedKey, bearer);
  const bool byHeader = !xApiKey.empty() && sameKey(expectedKey, xApiKey);
  return byBearer || byHeader;
}

std::string generateApiKey() {
  std::random_device random;  // /dev/urandom on Linux
  constexpr char digits[] = "0123456789abcdef";
  std::string key;
  key.reserve(32);
  for (int i = 0; i < 4; ++i) {
    std::uint32_t word = random();
    for (int j = 0; j < 8; ++j, word >>= 4)
      key.push_back(digits[word & 0xf]);
  }
  return key;
}

}  // namespace sightline
