#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "model/common/ids.h"

namespace sightline {

// Scalar conversions of the OTLP/JSON mapping. Each returns false and fills `what` (what was
// expected) when the value has the wrong type. JSON null reads as the field's default.

bool keyIs(std::string_view key, std::string_view camel, std::string_view snake);
std::string describe(simdjson::dom::element element);

bool jsonString(simdjson::dom::element e, std::string& out, std::string& what);
// Integers may be JSON numbers or decimal strings (OTLP writes 64-bit values as strings).
bool jsonUint64(simdjson::dom::element e, std::uint64_t& out, std::string& what);
bool jsonInt64(simdjson::dom::element e, std::int64_t& out, std::string& what);
bool jsonUint32(simdjson::dom::element e, std::uint32_t& out, std::string& what);
bool jsonDouble(simdjson::dom::element e, double& out, std::string& what);
bool jsonBool(simdjson::dom::element e, bool& out, std::string& what);
// An enum as its number or one of `names` (index = value).
bool jsonEnum(simdjson::dom::element e, const char* const* names, int count, int& out,
              std::string& what);
// Hex (either case) as OTLP/JSON specifies; base64 (protobuf's JSON) is accepted too.
// Empty or null gives the zero id.
bool jsonId(simdjson::dom::element e, std::size_t size, std::uint8_t* out, std::string& what);

template <std::size_t N>
bool jsonId(simdjson::dom::element e, BinaryId<N>& id, std::string& what) {
  return jsonId(e, N, id.bytes.data(), what);
}

}  // namespace sightline
