#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sightline {

// A prepared SQLite statement that finalizes itself. Used by the store's writers and queries
// so that statements are prepared once and reused with reset().
class StoreStatement {
 public:
  StoreStatement() = default;
  StoreStatement(sqlite3* db, std::string_view sql);
  ~StoreStatement();
  StoreStatement(StoreStatement&& other) noexcept;
  StoreStatement& operator=(StoreStatement&& other) noexcept;
  StoreStatement(const StoreStatement&) = delete;
  StoreStatement& operator=(const StoreStatement&) = delete;

  bool valid() const { return m_stmt != nullptr; }
  sqlite3_stmt* get() const { return m_stmt; }

  // Binding uses 1-based indices like SQLite.
  void bindInt(int index, std::int64_t value);
  void bindDouble(int index, double value);
  void bindText(int index, std::string_view text);
  void bindBlob(int index, const void* data, std::size_t size);
  void bindNull(int index);
  // Binds text, or NULL when empty (optional columns stay NULL rather than '').
  void bindTextOrNull(int index, std::string_view text);
  // Bind without a copy (SQLITE_STATIC), for hot insert loops: the bytes must stay valid until
  // the statement has been stepped and the parameter is bound again. A copy is a malloc and a
  // free per value.
  void bindBlobUnowned(int index, std::string_view bytes);
  void bindTextUnownedOrNull(int index, std::string_view text);

  // Returns true while a row is available; false at the end or on error (see ok()).
  bool step();
  // Runs a statement that returns no rows, then resets it. Returns SQLite's result code.
  int execute();
  void reset();
  bool ok() const { return m_lastCode == 0 || m_lastCode == 100 || m_lastCode == 101; }
  int lastCode() const { return m_lastCode; }

  std::int64_t columnInt(int index) const;
  double columnDouble(int index) const;
  std::string columnText(int index) const;
  std::string_view columnBlob(int index) const;
  bool columnIsNull(int index) const;
  int columnType(int index) const;  // SQLITE_INTEGER etc.

 private:
  sqlite3_stmt* m_stmt = nullptr;
  int m_lastCode = 0;
};

// Runs one or more statements without results; the error names the failing SQL.
Status execSql(sqlite3* db, std::string_view sql);

// The connection's last error message as a std::string.
std::string lastSqliteError(sqlite3* db);

}  // namespace sightline
