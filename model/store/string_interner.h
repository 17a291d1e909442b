#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/common/status.h"
#include "model/store/store_statement.h"
#include "model/store/string_id_table.h"

struct sqlite3;

namespace sightline {

// Maps strings to rows of the `strings` table, inserting the ones not seen yet. The table is
// read into memory on first use, so each distinct string costs one hash lookup afterwards.
// The in-memory map is capped (kMaxCachedStrings) so that memory stays bounded whatever the
// input; strings beyond it are looked up through the table's UNIQUE index instead.
// Used by one writer at a time, inside its transaction.
class StringInterner {
 public:
  static constexpr std::size_t kMaxCachedStrings = 500000;

  explicit StringInterner(sqlite3* db, std::size_t maxCached = kMaxCachedStrings);

  // The id of `text` in `strings`, inserting it when new; 0 on a database error
  // (see status()).
  // `added`, when given, tells whether the string was new to the table.
  std::int64_t intern(std::string_view text, bool* added = nullptr);
  const Status& status() const { return m_status; }

 private:
  void load();

  sqlite3* m_db;
  std::size_t m_maxCached;
  bool m_loaded = false;
  Status m_status;
  StringIdTable m_ids;
  StoreStatement m_insert;
  StoreStatement m_find;
};

}  // namespace sightline
