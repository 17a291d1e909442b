#include "model/profiles/profile_store_bulk_insert.h"

#include <sqlite3.h>

namespace sightline {

namespace {

std::string insertSql(const std::string& table, const std::string& columns, int columnCount,
                      int rows) {
  std::string row = "(";
  for (int c = 0; c < columnCount; ++c)
    row += c ? ",?" : "?";
  row += ')';
  std::string sql = "INSERT INTO " + table + "(" + columns + ") VALUES";
  for (int r = 0; r < rows; ++r) {
    if (r)
      sql += ',';
    sql += row;
  }
  return sql;
}

}  // namespace

BulkInsert::BulkInsert(sqlite3* db, const std::string& table, const std::string& columns,
                       int columnCount)
    : m_columns(columnCount),
      m_batch(db, insertSql(table, columns, columnCount, kRowsPerStatement)),
      m_single(db, insertSql(table, columns, columnCount, 1)) {
  m_pending.reserve(static_cast<std::size_t>(kRowsPerStatement * columnCount));
}

bool BulkInsert::add(std::initializer_list<std::int64_t> row) {
  m_pending.insert(m_pending.end(), row.begin(), row.end());
  if (m_pending.size() < static_cast<std::size_t>(kRowsPerStatement * m_columns))
    return true;
  for (std::size_t i = 0; i < m_pending.size(); ++i)
    m_batch.bindInt(static_cast<int>(i) + 1, m_pending[i]);
  m_pending.clear();
  return m_batch.execute() == SQLITE_DONE;
}

bool BulkInsert::flush() {
  const std::size_t columns = static_cast<std::size_t>(m_columns);
  for (std::size_t row = 0; row < m_pending.size(); row += columns) {
    for (std::size_t c = 0; c < columns; ++c)
      m_single.bindInt(static_cast<int>(c) + 1, m_pending[row + c]);
    if (m_single.execute() != SQLITE_DONE) {
      m_pending.clear();
      return false;
    }
  }
  m_pending.clear();
  return true;
}

}  // namespace sightline
