#include "importers/live/pull_spec.h"

#include <charconv>
#include <cmath>

namespace sightline {
namespace {

bool fail(std::string* error, std::string message) {
  if (error)
    *error = std::move(message);
  return false;
}

}  // namespace

std::optional<std::chrono::milliseconds> parsePullDuration(std::string_view text,
                                                           std::string* error) {
  const std::string quoted = "'" + std::string(text) + "'";
  double number = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
  if (ec != std::errc() || !std::isfinite(number)) {
    fail(error, quoted + " is not a duration (e.g. 15s, 500ms, 2m)");
    return std::nullopt;
  }
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  double millis = 0;
  if (unit == "ms")
    millis = number;
  else if (unit.empty() || unit == "s")
    millis = number * 1000;
  else if (unit == "m")
    millis = number * 60'000;
  else if (unit == "h")
    millis = number * 3'600'000;
  else {
    fail(error, quoted + ": unknown unit '" + std::string(unit) + "' (ms, s, m or h)");
    return std::nullopt;
  }
  if (millis < 1 || millis > 7 * 24 * 3'600'000.0) {
    fail(error, quoted + ": a duration from 1 ms to a week");
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::llround(millis));
}

std::optional<PullSpec> parsePullSpec(std::string_view text, std::string* error) {
  PullSpec spec;
  const std::size_t comma = text.rfind(',');
  if (comma != std::string_view::npos) {
    std::string why;
    if (auto interval = parsePullDuration(text.substr(comma + 1), &why)) {
      spec.interval = interval;
      text = text.substr(0, comma);
    } else if (text.substr(comma + 1).find_first_of("/?=&") == std::string_view::npos) {
      // Nothing URL-like after the comma: it was meant as the interval.
      fail(error, why);
      return std::nullopt;
    }
  }
  if (text.empty()) {
    fail(error, "no URL");
    return std::nullopt;
  }
  spec.url = std::string(text);
  return spec;
}

}  // namespace sightline
