#include "importers/otlp/otlp_json_values.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "importers/otlp/otlp_json_text.h"
#include "model/common/ids.h"

namespace sightline {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool keyIs(std::string_view key, std::string_view camel, std::string_view snake) {
  return key == camel || key == snake;
}

std::string describe(element e) {
  switch (e.type()) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING: {
      std::string text = "the string ";
      appendJsonString(text, e.get_string().value_unsafe().substr(0, 40));
      return text;
    }
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "an unknown value";
}

bool jsonString(element e, std::string& out, std::string& what) {
  if (e.is_null()) {
    out.clear();
    return true;
  }
  std::string_view text;
  if (e.get_string().get(text)) {
    what = "a string, found " + describe(e);
    return false;
  }
  out.assign(text);
  return true;
}

namespace {

// `text` as one number of type T, with nothing before or after it.
template <typename T>
bool fromWholeText(std::string_view text, T& out) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() && !text.empty();
}

template <typename T>
bool integerFrom(element e, T& out, std::string& what, const char* expected) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      out = 0;
      return true;
    case element_type::INT64: {
      const std::int64_t v = e.get_int64().value_unsafe();
      if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          (v > 0 && static_cast<std::uint64_t>(v) > std::numeric_limits<T>::max())) {
        break;
      }
      out = static_cast<T>(v);
      return true;
    }
    case element_type::UINT64: {
      const std::uint64_t v = e.get_uint64().value_unsafe();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        break;
      out = static_cast<T>(v);
      return true;
    }
    case element_type::DOUBLE: {
      const double v = e.get_double().value_unsafe();
      if (v != std::floor(v) || v < static_cast<double>(std::numeric_limits<T>::min()) ||
          v >= static_cast<double>(std::numeric_limits<T>::max())) {
        break;
      }
      out = static_cast<T>(v);
      return true;
    }
    case element_type::STRING:
      if (fromWholeText(e.get_string().value_unsafe(), out))
        return true;
      break;
    default:
      break;
  }
  what = std::string(expected) + ", found " + describe(e);
  return false;
}

}  // namespace

bool jsonUint64(element e, std::uint64_t& out, std::string& what) {
  return integerFrom(e, out, what, "an unsigned 64-bit integer (number or decimal string)");
}

bool jsonInt64(element e, std::int64_t& out, std::string& what) {
  return integerFrom(e, out, what, "a 64-bit integer (number or decimal string)");
}

bool jsonUint32(element e, std::uint32_t& out, std::string& what) {
  return integerFrom(e, out, what, "an unsigned 32-bit integer");
}

bool jsonDouble(element e, double& out, std::string& what) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      out = 0;
      return true;
    case element_type::INT64:
      out = static_cast<double>(e.get_int64().value_unsafe());
      return true;
    case element_type::UINT64:
      out = static_cast<double>(e.get_uint64().value_unsafe());
      return true;
    case element_type::DOUBLE:
      out = e.get_double().value_unsafe();
      return true;
    case element_type::STRING: {
      const std::string_view text = e.get_string().value_unsafe();
      if (text == "NaN") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
      }
      if (text == "Infinity" || text == "-Infinity") {
        out = text[0] == '-' ? -std::numeric_limits<double>::infinity()
                             : std::numeric_limits<double>::infinity();
        return true;
      }
      if (fromWholeText(text, out))
        return true;
      break;
    }
    default:
      break;
  }
  what = "a number, found " + describe(e);
  return false;
}

bool jsonBool(element e, bool& out, std::string& what) {
  if (e.is_null()) {
    out = false;
    return true;
  }
  if (e.get_bool().get(out)) {
    what = "true or false, found " + describe(e);
    return false;
  }
  return true;
}

bool jsonEnum(element e, const char* const* names, int count, int& out, std::string& what) {
  std::string_view text;
  if (!e.get_string().get(text)) {
    for (int i = 0; i < count; ++i) {
      if (text == names[i]) {
        out = i;
        return true;
      }
    }
    what = std::string("a number or a name such as ") + names[count - 1] + ", found " + describe(e);
    return false;
  }
  std::int64_t value = 0;
  if (!integerFrom(e, value, what, "an enum number or name"))
    return false;
  // Values from a newer OTLP are kept as "unspecified" by the caller.
  out = value >= 0 && value < count ? static_cast<int>(value) : 0;
  return true;
}

bool jsonId(element e, std::size_t size, std::uint8_t* out, std::string& what) {
  std::memset(out, 0, size);
  if (e.is_null())
    return true;
  std::string_view text;
  if (e.get_string().get(text)) {
    what = "a hex id string, found " + describe(e);
    return false;
  }
  if (text.empty())
    return true;
  if (text.size() == size * 2) {
    bool ok = true;
    for (std::size_t i = 0; i < size && ok; ++i) {
      const int hi = hexDigitValue(text[2 * i]);
      const int lo = hexDigitValue(text[2 * i + 1]);
      ok = hi >= 0 && lo >= 0;
      out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    if (ok)
      return true;
  }
  std::string raw;
  if (decodeBase64(text, raw) && raw.size() == size) {
    std::memcpy(out, raw.data(), size);
    return true;
  }
  what = std::to_string(size * 2) + " hex digits, found " + describe(e);
  std::memset(out, 0, size);
  return false;
}

}  // namespace sightline
