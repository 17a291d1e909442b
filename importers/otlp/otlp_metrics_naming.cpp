#include "importers/otlp/otlp_metrics_naming.h"

#include <array>
#include <utility>

namespace sightline {
namespace {

bool isLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The specification's table of UCUM units to Prometheus words.
constexpr std::array<std::pair<std::string_view, std::string_view>, 27> kUnitWords = {{
    {"d", "days"},
    {"h", "hours"},
    {"min", "minutes"},
    {"s", "seconds"},
    {"ms", "milliseconds"},
    {"us", "microseconds"},
    {"ns", "nanoseconds"},
    {"By", "bytes"},
    {"KiBy", "kibibytes"},
    {"MiBy", "mebibytes"},
    {"GiBy", "gibibytes"},
    {"TiBy", "tibibytes"},
    {"KBy", "kilobytes"},
    {"MBy", "megabytes"},
    {"GBy", "gigabytes"},
    {"TBy", "terabytes"},
    {"m", "meters"},
    {"V", "volts"},
    {"A", "amperes"},
    {"J", "joules"},
    {"W", "watts"},
    {"g", "grams"},
    {"Cel", "celsius"},
    {"Hz", "hertz"},
    {"%", "percent"},
    {"1", ""},
    {"", ""},
}};

// The per-unit words after '/' are singular: "s" → "second".
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kPerUnitWords = {{
    {"s", "second"},
    {"m", "minute"},
    {"h", "hour"},
    {"d", "day"},
    {"w", "week"},
    {"mo", "month"},
    {"y", "year"},
    {"min", "minute"},
}};

std::string unitWord(std::string_view unit, bool per) {
  if (per) {
    for (const auto& [code, word] : kPerUnitWords) {
      if (code == unit)
        return std::string(word);
    }
  }
  for (const auto& [code, word] : kUnitWords) {
    if (code == unit)
      return std::string(word);
  }
  return sanitizeMetricName(unit);
}

// Drops {annotations}: "{request}" → "", "k{byte}" → "k".
std::string withoutAnnotations(std::string_view unit) {
  std::string out;
  int depth = 0;
  for (const char c : unit) {
    if (c == '{')
      ++depth;
    else if (c == '}' && depth > 0)
      --depth;
    else if (depth == 0)
      out.push_back(c);
  }
  return out;
}

std::string trimUnderscores(std::string text) {
  const std::size_t first = text.find_first_not_of('_');
  if (first == std::string::npos)
    return {};
  const std::size_t last = text.find_last_not_of('_');
  return text.substr(first, last - first + 1);
}

}  // namespace

std::string sanitizeMetricName(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  for (const char c : name) {
    const char mapped = isLetter(c) || isDigit(c) || c == ':' ? c : '_';
    if (mapped == '_' && !out.empty() && out.back() == '_')
      continue;
    out.push_back(mapped);
  }
  if (!out.empty() && isDigit(out.front()))
    out.insert(out.begin(), '_');
  return out;
}

std::string sanitizeLabelName(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (const char c : name)
    out.push_back(isLetter(c) || isDigit(c) ? c : '_');
  if (out.empty())
    return "_";
  if (isDigit(out.front()))
    out.insert(0, "key_");
  return out;
}

std::string prometheusUnitSuffix(std::string_view unit) {
  const std::string plain = withoutAnnotations(unit);
  const std::size_t slash = plain.find('/');
  if (slash == std::string::npos)
    return trimUnderscores(unitWord(plain, false));
  const std::string main =
      trimUnderscores(unitWord(std::string_view(plain).substr(0, slash), false));
  const std::string per =
      trimUnderscores(unitWord(std::string_view(plain).substr(slash + 1), true));
  if (per.empty())
    return main;
  return main.empty() ? "per_" + per : main + "_per_" + per;
}

std::string prometheusMetricName(std::string_view name, std::string_view unit, MetricType type) {
  std::string out = sanitizeMetricName(name);
  // A counter's "_total" is added by the sample name; a name that already has it keeps
  // the unit before it.
  if (type == MetricType::Counter && endsWith(out, "_total"))
    out.resize(out.size() - 6);
  const std::string suffix = prometheusUnitSuffix(unit);
  if (!suffix.empty() && !endsWith(out, "_" + suffix))
    out += "_" + suffix;
  if (type == MetricType::Gauge && withoutAnnotations(unit) == "1" && !endsWith(out, "_ratio"))
    out += "_ratio";
  return out;
}

}  // namespace sightline
