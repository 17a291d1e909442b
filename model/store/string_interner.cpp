#include "model/store/string_interner.h"

#include <sqlite3.h>

namespace sightline {

StringInterner::StringInterner(sqlite3* db, std::size_t maxCached)
    : m_db(db), m_maxCached(maxCached) {}

void StringInterner::load() {
  m_loaded = true;
  StoreStatement all(m_db, "SELECT id, text FROM strings");
  while (m_ids.size() < m_maxCached && all.step()) {
    m_ids.insert(all.columnText(1), all.columnInt(0));
  }
  if (!all.ok()) {
    m_status = Status::error("cannot read strings: " + lastSqliteError(m_db));
  }
  m_insert = StoreStatement(m_db, "INSERT INTO strings(text) VALUES(?)");
}

std::int64_t StringInterner::intern(std::string_view text, bool* added) {
  if (added) {
    *added = false;
  }
  if (!m_loaded) {
    load();
  }
  if (const std::int64_t known = m_ids.find(text); known != 0) {
    return known;
  }
  const bool cacheFull = m_ids.size() >= m_maxCached;
  if (cacheFull) {
    // Once the map is full, "not in the map" no longer means "new": ask the table.
    if (!m_find.valid()) {
      m_find = StoreStatement(m_db, "SELECT id FROM strings WHERE text = ?");
    }
    m_find.bindText(1, text);
    const std::int64_t found = m_find.step() ? m_find.columnInt(0) : 0;
    m_find.reset();
    if (found) {
      return found;
    }
  }
  m_insert.bindText(1, text);
  if (m_insert.execute() != SQLITE_DONE) {
    m_status = Status::error("cannot store a string: " + lastSqliteError(m_db));
    return 0;
  }
  const std::int64_t id = sqlite3_last_insert_rowid(m_db);
  if (added) {
    *added = true;
  }
  if (!cacheFull) {
    m_ids.insert(text, id);
  }
  return id;
}

}  // namespace sightline
