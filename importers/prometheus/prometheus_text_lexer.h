#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sightline {

// The pieces of one line of the Prometheus text format (0.0.4) or OpenMetrics 1.0, as views
// into the line. The lexer knows the syntax of both dialects; what the pieces mean (which
// family a sample belongs to, timestamp units) is the parser's business.

// A label as written: the value is still escaped (the escaped text is canonical, since a
// value can be written only one way, so it also serves as the series identity).
struct LexedLabel {
  std::string_view name;
  std::string_view rawValue;
  bool escaped = false;  // rawValue holds at least one backslash escape
};

struct LexedSample {
  std::string_view name;
  std::vector<LexedLabel> labels;  // in the order written
  double value = 0;
  std::string_view timestamp;  // "" when absent; integer ms (0.0.4) or float s (OpenMetrics)
  bool hasExemplar = false;
  std::vector<LexedLabel> exemplarLabels;
  double exemplarValue = 0;
  std::string_view exemplarTimestamp;  // "" when absent; float seconds
};

enum class CommentKind { Help, Type, Unit, Eof, Other };

struct LexedComment {
  CommentKind kind = CommentKind::Other;
  std::string_view name;  // family name (HELP, TYPE, UNIT)
  std::string_view text;  // the rest: escaped help text, type word or unit
};

// Lexes a sample line (no line end). Returns "" on success, else what is wrong. `sample`'s
// vectors are reused between calls, so a parser can lex millions of lines without allocating.
std::string lexSampleLine(std::string_view line, LexedSample& sample);

// Lexes a line starting with '#'. Never fails: unknown comments are CommentKind::Other, and
// "# HELP" without a name is Other too (0.0.4 treats it as a comment); the parser checks the
// HELP/TYPE/UNIT payloads.
LexedComment lexCommentLine(std::string_view line);

// A float as Go's strconv.ParseFloat accepts it in exposition files: decimal or exponent
// notation with an optional sign, and NaN, Inf, +Inf, -Inf, Infinity in any letter case.
bool parsePrometheusFloat(std::string_view text, double& value);

// A decimal 64-bit integer with an optional sign (0.0.4 timestamps).
bool parsePrometheusInt(std::string_view text, std::int64_t& value);

// Label values: \\, \" and \n. `raw` must have been accepted by lexSampleLine.
void unescapeLabelValue(std::string_view raw, std::string& out);

// HELP text: \\ and \n (and \" as OpenMetrics allows). Returns false on any other escape or
// a trailing backslash.
bool unescapeHelp(std::string_view raw, std::string& out);

// Whether `name` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).
bool isMetricName(std::string_view name);

// Whether the text (whole lines of the start of a file) shows OpenMetrics-only syntax:
// # EOF, # UNIT, the OpenMetrics type names (unknown, gaugehistogram, stateset, info),
// exemplars, float timestamps, `_created` samples, or a counter declared without `_total`
// and sampled with it.
bool looksLikeOpenMetrics(std::string_view text);

}  // namespace sightline
