#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnosis/outlier_span.h"

namespace sightline {

// Where a --where expression went wrong: a 1-based character position and what was expected.
struct WhereError {
  std::size_t position = 0;
  std::string message;
  // "position 12: expected …"
  std::string text() const;
};

// A small filter language over a span's intrinsic fields, for `sightline outliers --where`:
//
//   duration > 1s      duration >= 500ms and duration < 2s      status = error
//   service = payment  name = "fraud check"   kind != client   (a or b) and c
//
// Fields: duration (compared with = != < <= > >= against a number with a unit ns, us/µs,
// ms, s, m or h), status (ok, error, unset), kind (server, client, internal, producer,
// consumer, unspecified), service and name (alias operation), compared with = or != against
// a word or a quoted string. `and` binds tighter than `or`; keywords, fields and the values
// of status and kind are case-insensitive, services and names are not.
class WhereExpression {
 public:
  static std::optional<WhereExpression> parse(std::string_view text, WhereError* error);

  bool matches(const OutlierSpan& span) const;

 private:
  enum class Field : std::uint8_t { Duration, Status, Kind, Service, Name };
  enum class Op : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
  struct Node {
    enum class Type : std::uint8_t { And, Or, Compare } type = Type::Compare;
    int left = -1;
    int right = -1;
    Field field = Field::Duration;
    Op op = Op::Eq;
    std::uint64_t number = 0;  // duration ns, or the status / kind code
    std::string text;          // service or name
  };
  friend class WhereParser;
  bool matches(int node, const OutlierSpan& span) const;

  std::vector<Node> m_nodes;
  int m_root = -1;
};

}  // namespace sightline
