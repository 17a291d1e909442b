#pragma once

#include <string>
#include <string_view>

namespace sightline {

// A SQL statement with its literals replaced by `?`, as Sentry's N+1 detector compares
// queries: quoted strings, numbers (not digits inside identifiers), and lists of them
// (`IN (1, 2, 3)` becomes `IN (?)`); runs of whitespace become one space. Placeholders such
// as `$1` or `?` stay as they are.
std::string normalizeSqlStatement(std::string_view statement);

// The path of a URL (or a path) with its variable segments replaced by `{id}`: numbers,
// hex or UUID-like ids and long mixed tokens; the query string and fragment dropped. Used as
// the route of an HTTP call when the span has no http.route.
std::string normalizeUrlPath(std::string_view urlOrPath);

}  // namespace sightline
