#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sightline {

// One cell of a query result, with SQLite's storage class kept: null, integer, real, text
// or blob (blob bytes are held in a std::vector to tell them apart from text).
struct SqlValue {
  std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::uint8_t>> value;

  bool isNull() const { return std::holds_alternative<std::monostate>(value); }
  // Text for display/CSV: integers and reals as numbers, blobs as lowercase hex.
  std::string toString() const;
};

struct SqlResult {
  std::vector<std::string> columns;
  std::vector<std::vector<SqlValue>> rows;
  std::string error;       // empty on success
  bool truncated = false;  // more rows than maxRows existed
};

// Runs `sql` (one statement) against the workspace file at `path`, opened read-only with
// `PRAGMA query_only=1`: writes (INSERT, DELETE, DROP, ...) fail with a clear error. A file
// of an older schema version is read upgraded in memory (overlaySchema), as Workspace reads
// it. At most `maxRows` rows are returned (0 = all).
SqlResult runReadOnlyQuery(const std::string& path, const std::string& sql, std::size_t maxRows);

}  // namespace sightline
