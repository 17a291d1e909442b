#include "model/traces/span_attribute_table.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "model/traces/stored_attribute.h"

namespace sightline {

namespace {

enum Column { SpanIdColumn = 0, SeqColumn, KeyIdColumn, TypeColumn, ValueColumn };

// xBestIndex's idxNum bits.
constexpr int kOneSpan = 1;    // argv holds the span's row id
constexpr int kKeyEquals = 2;  // argv holds one key id
constexpr int kKeyInList = 4;  // argv holds an IN list of key ids, all at once

// Planner guesses: a whole scan reads every span; one span has a handful of attributes.
constexpr double kScanCost = 1e6;
constexpr sqlite3_int64 kScanRows = 8'000'000;

// The statements that read spans.attributes, prepared once per connection: SQLite opens a
// cursor anew for every row of an outer query that runs a correlated subquery on the table
// (`EXISTS (SELECT … WHERE a.span_id = s.id)`), and preparing per cursor cost more than the
// lookup. A cursor borrows the table's statement when no other cursor holds it.
struct Table : sqlite3_vtab {
  sqlite3* db = nullptr;
  std::string schema;
  sqlite3_stmt* statements[2] = {nullptr, nullptr};  // [0] all spans, [1] one span
  bool borrowed[2] = {false, false};
};

struct Cursor : sqlite3_vtab_cursor {
  sqlite3_stmt* spans = nullptr;  // (id, attributes): one span, or all in id order
  int borrowedKind = -1;          // the table's statement it holds, or -1 for an own one
  bool eof = true;
  sqlite3_int64 spanId = 0;
  sqlite3_int64 seq = -1;
  StoredAttributeReader reader{{}};
  StoredAttribute current;
  std::vector<sqlite3_int64> keys;  // sorted; empty = every key
  bool filterKeys = false;
};

void setError(sqlite3_vtab* table, const std::string& message) {
  sqlite3_free(table->zErrMsg);
  table->zErrMsg = sqlite3_mprintf("%s", message.c_str());
}

int connect(sqlite3* db, void*, int, const char* const* argv, sqlite3_vtab** out, char** error) {
  const int rc = sqlite3_declare_vtab(
      db, "CREATE TABLE x(span_id INTEGER, seq INTEGER, key_id INTEGER, type INTEGER, value)");
  if (rc != SQLITE_OK) {
    *error = sqlite3_mprintf("span_attributes: %s", sqlite3_errmsg(db));
    return rc;
  }
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  auto* table = new (std::nothrow) Table;
  if (!table)
    return SQLITE_NOMEM;
  table->db = db;
  table->schema = argv[1];
  *out = table;
  return SQLITE_OK;
}

int disconnect(sqlite3_vtab* base) {
  auto* table = static_cast<Table*>(base);
  for (sqlite3_stmt* statement : table->statements)
    sqlite3_finalize(statement);
  delete table;
  return SQLITE_OK;
}

// Gives back (or finalizes) the statement the cursor holds.
void releaseStatement(Cursor* cursor) {
  if (!cursor->spans)
    return;
  auto* table = static_cast<Table*>(cursor->pVtab);
  sqlite3_reset(cursor->spans);
  sqlite3_clear_bindings(cursor->spans);
  if (cursor->borrowedKind >= 0)
    table->borrowed[cursor->borrowedKind] = false;
  else
    sqlite3_finalize(cursor->spans);
  cursor->spans = nullptr;
  cursor->borrowedKind = -1;
}

// A ready statement of `kind` (0 all spans, 1 one span) for the cursor.
int acquireStatement(Cursor* cursor, int kind) {
  auto* table = static_cast<Table*>(cursor->pVtab);
  const std::string sql = "SELECT id, attributes FROM \"" + table->schema +
                          "\".spans WHERE attributes IS NOT NULL" +
                          (kind == 1 ? " AND id = ?" : " ORDER BY id");
  if (!table->borrowed[kind]) {
    if (!table->statements[kind] &&
        sqlite3_prepare_v3(table->db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT,
                           &table->statements[kind], nullptr) != SQLITE_OK) {
      setError(cursor->pVtab, std::string("span_attributes: ") + sqlite3_errmsg(table->db));
      return SQLITE_ERROR;
    }
    table->borrowed[kind] = true;
    cursor->spans = table->statements[kind];
    cursor->borrowedKind = kind;
    return SQLITE_OK;
  }
  if (sqlite3_prepare_v3(table->db, sql.c_str(), -1, 0, &cursor->spans, nullptr) != SQLITE_OK) {
    setError(cursor->pVtab, std::string("span_attributes: ") + sqlite3_errmsg(table->db));
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

int bestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  int spanConstraint = -1;
  int keyConstraint = -1;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& constraint = info->aConstraint[i];
    if (!constraint.usable || constraint.op != SQLITE_INDEX_CONSTRAINT_EQ)
      continue;
    if (constraint.iColumn == SpanIdColumn && spanConstraint < 0)
      spanConstraint = i;
    if (constraint.iColumn == KeyIdColumn && keyConstraint < 0)
      keyConstraint = i;
  }
  int argument = 0;
  info->idxNum = 0;
  if (spanConstraint >= 0) {
    info->idxNum |= kOneSpan;
    info->aConstraintUsage[spanConstraint].argvIndex = ++argument;
    info->aConstraintUsage[spanConstraint].omit = 1;
  }
  if (keyConstraint >= 0) {
    // An IN list is taken whole: otherwise SQLite would run one scan per listed key.
    const bool wholeList =
        sqlite3_vtab_in(info, keyConstraint, -1) && sqlite3_vtab_in(info, keyConstraint, 1);
    info->idxNum |= wholeList ? kKeyInList : kKeyEquals;
    info->aConstraintUsage[keyConstraint].argvIndex = ++argument;
    info->aConstraintUsage[keyConstraint].omit = 1;
  }
  const bool oneSpan = spanConstraint >= 0;
  info->estimatedCost = oneSpan ? 10.0 : kScanCost;
  info->estimatedRows =
      oneSpan ? (keyConstraint >= 0 ? 1 : 8) : kScanRows / (keyConstraint >= 0 ? 8 : 1);

  // Rows come in (span_id, seq) order.
  bool ordered = info->nOrderBy > 0;
  for (int i = 0; i < info->nOrderBy && ordered; ++i) {
    const auto& term = info->aOrderBy[i];
    const bool spanFirst = i == 0 && term.iColumn == SpanIdColumn;
    const bool seqAfterSpan = term.iColumn == SeqColumn && (i == 1 || (i == 0 && oneSpan));
    ordered = !term.desc && (spanFirst || seqAfterSpan);
  }
  info->orderByConsumed = ordered ? 1 : 0;
  return SQLITE_OK;
}

int openCursor(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* cursor = new (std::nothrow) Cursor;
  if (!cursor)
    return SQLITE_NOMEM;
  *out = cursor;
  return SQLITE_OK;
}

int closeCursor(sqlite3_vtab_cursor* base) {
  auto* cursor = static_cast<Cursor*>(base);
  releaseStatement(cursor);
  delete cursor;
  return SQLITE_OK;
}

// Moves to the next attribute of the current span or of a later one that passes the key
// filter; sets eof at the end.
int advance(Cursor* cursor) {
  for (;;) {
    while (cursor->reader.next(&cursor->current)) {
      ++cursor->seq;
      if (!cursor->filterKeys ||
          std::binary_search(cursor->keys.begin(), cursor->keys.end(), cursor->current.keyId))
        return SQLITE_OK;
    }
    if (cursor->reader.malformed()) {
      setError(cursor->pVtab,
               "span_attributes: malformed attributes of span " + std::to_string(cursor->spanId));
      return SQLITE_CORRUPT_VTAB;
    }
    const int rc = sqlite3_step(cursor->spans);
    if (rc == SQLITE_DONE) {
      cursor->eof = true;
      return SQLITE_OK;
    }
    if (rc != SQLITE_ROW) {
      setError(cursor->pVtab, std::string("span_attributes: ") +
                                  sqlite3_errmsg(static_cast<Table*>(cursor->pVtab)->db));
      return rc;
    }
    cursor->spanId = sqlite3_column_int64(cursor->spans, 0);
    // The blob stays valid until the statement steps again, which is after its last entry.
    const auto* data = static_cast<const char*>(sqlite3_column_blob(cursor->spans, 1));
    const int size = sqlite3_column_bytes(cursor->spans, 1);
    cursor->reader = StoredAttributeReader(std::string_view(data ? data : "", size));
    cursor->seq = -1;
  }
}

int filter(sqlite3_vtab_cursor* base, int idxNum, const char*, int argc, sqlite3_value** argv) {
  auto* cursor = static_cast<Cursor*>(base);
  releaseStatement(cursor);
  cursor->eof = false;
  cursor->reader = StoredAttributeReader({});
  cursor->keys.clear();
  cursor->filterKeys = false;

  int argument = 0;
  const bool oneSpan = idxNum & kOneSpan;
  sqlite3_value* spanValue = oneSpan && argument < argc ? argv[argument++] : nullptr;
  if ((idxNum & (kKeyEquals | kKeyInList)) && argument < argc) {
    sqlite3_value* keyValue = argv[argument++];
    cursor->filterKeys = true;
    if (idxNum & kKeyInList) {
      sqlite3_value* item = nullptr;
      for (int rc = sqlite3_vtab_in_first(keyValue, &item); rc == SQLITE_OK && item;
           rc = sqlite3_vtab_in_next(keyValue, &item)) {
        if (sqlite3_value_numeric_type(item) == SQLITE_INTEGER)
          cursor->keys.push_back(sqlite3_value_int64(item));
      }
    } else if (sqlite3_value_numeric_type(keyValue) == SQLITE_INTEGER) {
      cursor->keys.push_back(sqlite3_value_int64(keyValue));
    }
    std::sort(cursor->keys.begin(), cursor->keys.end());
  }
  if (oneSpan && (!spanValue || sqlite3_value_numeric_type(spanValue) != SQLITE_INTEGER)) {
    cursor->eof = true;  // span_id = NULL or a non-integer matches nothing
    return SQLITE_OK;
  }

  if (const int rc = acquireStatement(cursor, oneSpan ? 1 : 0); rc != SQLITE_OK)
    return rc;
  if (oneSpan)
    sqlite3_bind_int64(cursor->spans, 1, sqlite3_value_int64(spanValue));
  return advance(cursor);
}

int nextRow(sqlite3_vtab_cursor* base) {
  return advance(static_cast<Cursor*>(base));
}

int atEnd(sqlite3_vtab_cursor* base) {
  return static_cast<Cursor*>(base)->eof ? 1 : 0;
}

int column(sqlite3_vtab_cursor* base, sqlite3_context* context, int index) {
  const auto* cursor = static_cast<Cursor*>(base);
  const StoredAttribute& attribute = cursor->current;
  switch (index) {
    case SpanIdColumn:
      sqlite3_result_int64(context, cursor->spanId);
      break;
    case SeqColumn:
      sqlite3_result_int64(context, cursor->seq);
      break;
    case KeyIdColumn:
      sqlite3_result_int64(context, attribute.keyId);
      break;
    case TypeColumn:
      sqlite3_result_int(context, attribute.type);
      break;
    case ValueColumn:
      switch (attribute.storage) {
        case StoredClass::Null:
          sqlite3_result_null(context);
          break;
        case StoredClass::Integer:
          sqlite3_result_int64(context, attribute.integer);
          break;
        case StoredClass::Real:
          sqlite3_result_double(context, attribute.real);
          break;
        case StoredClass::Text:
          sqlite3_result_text64(context, attribute.bytes.data(), attribute.bytes.size(),
                                SQLITE_TRANSIENT, SQLITE_UTF8);
          break;
        case StoredClass::Blob:
          sqlite3_result_blob64(context, attribute.bytes.data(), attribute.bytes.size(),
                                SQLITE_TRANSIENT);
          break;
      }
      break;
  }
  return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* base, sqlite3_int64* out) {
  // Unique per row as long as a span has fewer than 2^20 attributes (the decoder caps far
  // below that).
  const auto* cursor = static_cast<Cursor*>(base);
  *out = (cursor->spanId << 20) | (cursor->seq & 0xfffff);
  return SQLITE_OK;
}

sqlite3_module makeModule() {
  sqlite3_module module{};
  module.iVersion = 1;
  module.xCreate = connect;
  module.xConnect = connect;
  module.xBestIndex = bestIndex;
  module.xDisconnect = disconnect;
  module.xDestroy = disconnect;
  module.xOpen = openCursor;
  module.xClose = closeCursor;
  module.xFilter = filter;
  module.xNext = nextRow;
  module.xEof = atEnd;
  module.xColumn = column;
  module.xRowid = rowid;
  return module;
}

const sqlite3_module kModule = makeModule();

// The aggregate's state: the old rows of one span, put in seq order at the end.
struct BlobRows {
  struct Row {
    sqlite3_int64 seq;
    StoredAttribute attribute;
    std::string bytes;
  };
  std::vector<Row> rows;
};

void blobStep(sqlite3_context* context, int, sqlite3_value** argv) {
  auto** state = static_cast<BlobRows**>(sqlite3_aggregate_context(context, sizeof(BlobRows*)));
  if (!state)
    return sqlite3_result_error_nomem(context);
  if (!*state)
    *state = new BlobRows;
  BlobRows::Row row;
  row.seq = sqlite3_value_int64(argv[0]);
  row.attribute.keyId = sqlite3_value_int64(argv[1]);
  row.attribute.type = sqlite3_value_int(argv[2]);
  switch (sqlite3_value_type(argv[3])) {
    case SQLITE_INTEGER:
      row.attribute.storage = StoredClass::Integer;
      row.attribute.integer = sqlite3_value_int64(argv[3]);
      break;
    case SQLITE_FLOAT:
      row.attribute.storage = StoredClass::Real;
      row.attribute.real = sqlite3_value_double(argv[3]);
      break;
    case SQLITE_TEXT:
      row.attribute.storage = StoredClass::Text;
      row.bytes.assign(reinterpret_cast<const char*>(sqlite3_value_text(argv[3])),
                       sqlite3_value_bytes(argv[3]));
      break;
    case SQLITE_BLOB: {
      row.attribute.storage = StoredClass::Blob;
      const auto* data = static_cast<const char*>(sqlite3_value_blob(argv[3]));
      row.bytes.assign(data ? data : "", sqlite3_value_bytes(argv[3]));
      break;
    }
    default:
      row.attribute.storage = StoredClass::Null;
      break;
  }
  (*state)->rows.push_back(std::move(row));
}

void blobFinal(sqlite3_context* context) {
  auto** state = static_cast<BlobRows**>(sqlite3_aggregate_context(context, 0));
  if (!state || !*state)
    return sqlite3_result_null(context);
  std::unique_ptr<BlobRows> rows(*state);
  std::stable_sort(rows->rows.begin(), rows->rows.end(),
                   [](const auto& a, const auto& b) { return a.seq < b.seq; });
  std::string blob;
  for (auto& row : rows->rows) {
    row.attribute.bytes = row.bytes;
    appendStoredAttribute(blob, row.attribute);
  }
  sqlite3_result_blob64(context, blob.data(), blob.size(), SQLITE_TRANSIENT);
}

int autoRegister(sqlite3* db, char**, const sqlite3_api_routines*) {
  return registerSpanAttributeSql(db) ? SQLITE_OK : SQLITE_ERROR;
}

}  // namespace

bool registerSpanAttributeSql(sqlite3* db) {
  if (sqlite3_create_module_v2(db, kSpanAttributeModule, &kModule, nullptr, nullptr) != SQLITE_OK)
    return false;
  return sqlite3_create_function_v2(db, kSpanAttributeBlobFunction, 4,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    nullptr, blobStep, blobFinal, nullptr) == SQLITE_OK;
}

void registerSpanAttributeSqlOnEveryConnection() {
  static const bool done = [] {
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(autoRegister));
    return true;
  }();
  (void)done;
}

}  // namespace sightline
