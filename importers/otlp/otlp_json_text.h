#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/common/json_string.h"

namespace sightline {

// Building blocks of the canonical text Sightline stores for OTLP array and kvlist
// attribute values, shared by the protobuf and the JSON reader so that both produce
// byte-identical text. The canonical form is the OTLP/JSON mapping of the message's
// `values` field, compact (no spaces):
//   Array  -> [{"stringValue":"a"},{"intValue":"3"},{"arrayValue":{"values":[]}}]
//   KvList -> [{"key":"k","value":{"boolValue":true}}]
// AnyValue objects: stringValue, boolValue, intValue (decimal string), doubleValue (shortest
// round-trip number; "NaN"/"Infinity"/"-Infinity" as strings), bytesValue (base64),
// arrayValue/kvlistValue ({"values":[...]}), and {} for an empty value. Strings are written
// with appendJsonString (model/common/json_string.h).

void appendJsonDouble(std::string& out, double value);
void appendJsonInt(std::string& out, std::int64_t value);
void appendBase64(std::string& out, std::string_view bytes);
// Standard or URL-safe alphabet, padding optional; false on any other character.
bool decodeBase64(std::string_view text, std::string& out);

}  // namespace sightline
