#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sightline {

// A puller named on the command line or in the GUI: "URL[,INTERVAL]"
// (`sightline serve --scrape URL[,INTERVAL] --pprof URL[,EVERY]`).
struct PullSpec {
  std::string url;
  std::optional<std::chrono::milliseconds> interval;  // absent: the puller's default
};

// "15s", "500ms", "2m", "1h", "1.5s" or a bare number of seconds ("15"), as Prometheus
// writes durations (plus fractions); positive only. nullopt and a message otherwise.
std::optional<std::chrono::milliseconds> parsePullDuration(std::string_view text,
                                                           std::string* error = nullptr);

// Splits at the last comma when what follows is a duration (a URL's query may hold commas
// too); the URL itself is checked by the puller's start().
std::optional<PullSpec> parsePullSpec(std::string_view text, std::string* error = nullptr);

}  // namespace sightline
