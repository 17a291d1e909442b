#include "model/store/store_statement.h"

#include <sqlite3.h>

#include <utility>

namespace sightline {

StoreStatement::StoreStatement(sqlite3* db, std::string_view sql) {
  m_lastCode = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
  if (m_lastCode != SQLITE_OK) {
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
  }
}

StoreStatement::~StoreStatement() {
  sqlite3_finalize(m_stmt);
}

StoreStatement::StoreStatement(StoreStatement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_lastCode(other.m_lastCode) {}

StoreStatement& StoreStatement::operator=(StoreStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_stmt = std::exchange(other.m_stmt, nullptr);
    m_lastCode = other.m_lastCode;
  }
  return *this;
}

void StoreStatement::bindInt(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
}

void StoreStatement::bindDouble(int index, double value) {
  sqlite3_bind_double(m_stmt, index, value);
}

void StoreStatement::bindText(int index, std::string_view text) {
  sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void StoreStatement::bindBlob(int index, const void* data, std::size_t size) {
  // A zero-length blob must stay a blob, not NULL: SQLite needs a non-null pointer for that.
  static const char kEmpty = 0;
  sqlite3_bind_blob64(m_stmt, index, size ? data : &kEmpty, size, SQLITE_TRANSIENT);
}

void StoreStatement::bindNull(int index) {
  sqlite3_bind_null(m_stmt, index);
}

void StoreStatement::bindTextOrNull(int index, std::string_view text) {
  if (text.empty()) {
    bindNull(index);
  } else {
    bindText(index, text);
  }
}

void StoreStatement::bindBlobUnowned(int index, std::string_view bytes) {
  static const char kEmpty = 0;
  sqlite3_bind_blob64(m_stmt, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                      SQLITE_STATIC);
}

void StoreStatement::bindTextUnownedOrNull(int index, std::string_view text) {
  if (text.empty()) {
    bindNull(index);
  } else {
    sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  }
}

bool StoreStatement::step() {
  if (!m_stmt)
    return false;
  m_lastCode = sqlite3_step(m_stmt);
  return m_lastCode == SQLITE_ROW;
}

int StoreStatement::execute() {
  if (!m_stmt)
    return SQLITE_MISUSE;
  m_lastCode = sqlite3_step(m_stmt);
  sqlite3_reset(m_stmt);
  return m_lastCode;
}

void StoreStatement::reset() {
  if (!m_stmt)
    return;
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::int64_t StoreStatement::columnInt(int index) const {
  return sqlite3_column_int64(m_stmt, index);
}

double StoreStatement::columnDouble(int index) const {
  return sqlite3_column_double(m_stmt, index);
}

std::string StoreStatement::columnText(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, index));
  if (!text)
    return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)));
}

std::string_view StoreStatement::columnBlob(int index) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, index));
  if (!data)
    return {};
  return std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)));
}

bool StoreStatement::columnIsNull(int index) const {
  return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

int StoreStatement::columnType(int index) const {
  return sqlite3_column_type(m_stmt, index);
}

Status execSql(sqlite3* db, std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message ? message : "unknown SQLite error";
    sqlite3_free(message);
    return Status::error(error + " (in: " + text.substr(0, 120) + ")");
  }
  return Status::ok();
}

std::string lastSqliteError(sqlite3* db) {
  const char* message = sqlite3_errmsg(db);
  return message ? message : "unknown SQLite error";
}

}  // namespace sightline
