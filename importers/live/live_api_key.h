#pragma once

#include <string>
#include <string_view>

namespace sightline {

// The optional API key of the live receivers. A request carries it as
// `Authorization: Bearer KEY` or `x-api-key: KEY` (HTTP headers, gRPC metadata); with no key
// configured every request is allowed.

// Whether a request with these header values (empty when absent) may pass. Compares in time
// independent of where the strings differ, so the key can't be guessed byte by byte.
bool apiKeyAccepts(std::string_view expectedKey, std::string_view authorization,
                   std::string_view xApiKey);

// A new random key: 32 lowercase hex digits from the system's random source.
std::string generateApiKey();

}  // namespace sightline
