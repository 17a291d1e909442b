#include <simdjson.h>

#include "importers/otlp/otlp_json_decoder.h"
#include "importers/otlp/otlp_json_text.h"
#include "importers/otlp/otlp_json_values.h"

// The attribute half of OtlpJsonDecoder: KeyValue lists and AnyValues, including the
// canonical text of arrays and kvlists (see otlp_json_text.h).

namespace sightline {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// Nesting of arrays/kvlists inside attribute values; deeper is hostile input.
constexpr int kMaxValueDepth = 64;

}  // namespace

bool OtlpJsonDecoder::decodeAttributes(element element, std::vector<Attribute>& attributes) {
  if (element.is_null())
    return true;
  array list;
  if (element.get_array().get(list)) {
    return fail("attributes", "an array, found " + describe(element));
  }
  std::string what;
  for (simdjson::dom::element item : list) {
    object fields;
    if (item.get_object().get(fields)) {
      return fail("attributes", "key-value objects, found " + describe(item));
    }
    Attribute& attribute = attributes.emplace_back();
    for (auto field : fields) {
      if (field.key == "key") {
        if (!jsonString(field.value, attribute.key, what))
          return fail("attributes.key", what);
      } else if (field.key == "value") {
        if (!decodeValue(field.value, attribute.value))
          return false;
      }
    }
  }
  return true;
}

bool OtlpJsonDecoder::decodeValue(element element, AttributeValue& value) {
  using Type = AttributeValue::Type;
  value = AttributeValue();
  if (element.is_null())
    return true;
  object fields;
  if (element.get_object().get(fields)) {
    return fail("attributes.value", "an AnyValue object, found " + describe(element));
  }
  std::string what;
  for (auto field : fields) {
    const std::string_view key = field.key;
    if (field.value.is_null())
      continue;
    bool ok = true;
    if (keyIs(key, "stringValue", "string_value")) {
      value.type = Type::String;
      ok = jsonString(field.value, value.text, what);
    } else if (keyIs(key, "boolValue", "bool_value")) {
      bool flag = false;
      value.type = Type::Bool;
      ok = jsonBool(field.value, flag, what);
      value.intValue = flag ? 1 : 0;
    } else if (keyIs(key, "intValue", "int_value")) {
      value.type = Type::Int;
      ok = jsonInt64(field.value, value.intValue, what);
    } else if (keyIs(key, "doubleValue", "double_value")) {
      value.type = Type::Double;
      ok = jsonDouble(field.value, value.doubleValue, what);
    } else if (keyIs(key, "bytesValue", "bytes_value")) {
      std::string text;
      value.type = Type::Bytes;
      ok = jsonString(field.value, text, what);
      if (ok && !decodeBase64(text, value.text)) {
        ok = false;
        what = "base64, found " + describe(field.value);
      }
    } else if (keyIs(key, "arrayValue", "array_value")) {
      value.type = Type::Array;
      if (!appendValuesJson(field.value, value.text, 0))
        return false;
    } else if (keyIs(key, "kvlistValue", "kvlist_value")) {
      value.type = Type::KvList;
      if (!appendKeyValuesJson(field.value, value.text, 0))
        return false;
    }
    if (!ok)
      return fail("attributes.value." + std::string(key), what);
  }
  return true;
}

// {"values":[AnyValue…]} → canonical [AnyValue…].
bool OtlpJsonDecoder::appendValuesJson(element element, std::string& out, int depth) {
  simdjson::dom::element values;
  array list;
  if (!element.is_null() && element.get_object().error()) {
    return fail("arrayValue", "an object with \"values\", found " + describe(element));
  }
  out.push_back('[');
  if (!element.is_null() && !element["values"].get(values) && !values.is_null()) {
    if (values.get_array().get(list)) {
      return fail("arrayValue.values", "an array, found " + describe(values));
    }
    bool first = true;
    for (simdjson::dom::element item : list) {
      if (!first)
        out.push_back(',');
      first = false;
      if (!appendValueJson(item, out, depth + 1))
        return false;
    }
  }
  out.push_back(']');
  return true;
}

// {"values":[{"key":…,"value":…}…]} → canonical [{"key":…,"value":…}…].
bool OtlpJsonDecoder::appendKeyValuesJson(element element, std::string& out, int depth) {
  simdjson::dom::element values;
  array list;
  if (!element.is_null() && element.get_object().error()) {
    return fail("kvlistValue", "an object with \"values\", found " + describe(element));
  }
  out.push_back('[');
  if (!element.is_null() && !element["values"].get(values) && !values.is_null()) {
    if (values.get_array().get(list)) {
      return fail("kvlistValue.values", "an array, found " + describe(values));
    }
    bool first = true;
    std::string key;
    std::string what;
    for (simdjson::dom::element item : list) {
      if (!first)
        out.push_back(',');
      first = false;
      simdjson::dom::element keyElement;
      simdjson::dom::element valueElement;
      if (item.get_object().error()) {
        return fail("kvlistValue.values", "key-value objects, found " + describe(item));
      }
      key.clear();
      if (!item["key"].get(keyElement) && !jsonString(keyElement, key, what)) {
        return fail("kvlistValue.values.key", what);
      }
      out += "{\"key\":";
      appendJsonString(out, key);
      out += ",\"value\":";
      if (item["value"].get(valueElement)) {
        out += "{}";
      } else if (!appendValueJson(valueElement, out, depth + 1)) {
        return false;
      }
      out.push_back('}');
    }
  }
  out.push_back(']');
  return true;
}

// One AnyValue in canonical form (see otlp_json_text.h).
bool OtlpJsonDecoder::appendValueJson(element element, std::string& out, int depth) {
  if (depth > kMaxValueDepth)
    return fail("attributes.value", "at most 64 levels of nesting");
  AttributeValue scalar;
  if (element.is_null()) {
    out += "{}";
    return true;
  }
  object fields;
  if (element.get_object().get(fields)) {
    return fail("attributes.value", "an AnyValue object, found " + describe(element));
  }
  for (auto field : fields) {
    const std::string_view key = field.key;
    if (field.value.is_null())
      continue;
    if (keyIs(key, "arrayValue", "array_value")) {
      out += "{\"arrayValue\":{\"values\":";
      if (!appendValuesJson(field.value, out, depth))
        return false;
      out += "}}";
      return true;
    }
    if (keyIs(key, "kvlistValue", "kvlist_value")) {
      out += "{\"kvlistValue\":{\"values\":";
      if (!appendKeyValuesJson(field.value, out, depth))
        return false;
      out += "}}";
      return true;
    }
  }
  if (!decodeValue(element, scalar))
    return false;
  switch (scalar.type) {
    case AttributeValue::Type::String:
      out += "{\"stringValue\":";
      appendJsonString(out, scalar.text);
      break;
    case AttributeValue::Type::Bool:
      out += scalar.intValue ? "{\"boolValue\":true" : "{\"boolValue\":false";
      break;
    case AttributeValue::Type::Int:
      out += "{\"intValue\":";
      appendJsonInt(out, scalar.intValue);
      break;
    case AttributeValue::Type::Double:
      out += "{\"doubleValue\":";
      appendJsonDouble(out, scalar.doubleValue);
      break;
    case AttributeValue::Type::Bytes:
      out += "{\"bytesValue\":\"";
      appendBase64(out, scalar.text);
      out.push_back('"');
      break;
    default:
      out.push_back('{');
      break;
  }
  out.push_back('}');
  return true;
}
}  // namespace sightline
