#pragma once

struct sqlite3;

namespace sightline {

// The SQL name of the read-only virtual table module behind `span_attributes`: it presents
// the blobs in spans.attributes as the rows (span_id, seq, key_id, type, value) that the
// table held before schema version 7, so readers and the SQL console query it unchanged.
inline constexpr const char* kSpanAttributeModule = "sightline_span_attributes";

// The aggregate sightline_span_attributes_blob(seq, key_id, type, value) that encodes rows of
// the old table into one blob (the migration to schema version 7 uses it).
inline constexpr const char* kSpanAttributeBlobFunction = "sightline_span_attributes_blob";

// Registers the module and the aggregate on `db`. False if SQLite refused.
bool registerSpanAttributeSql(sqlite3* db);

// Registers them on every connection this process opens from now on (sqlite3_auto_extension),
// so that raw connections (the WAL checkpointer, tests, the SQL console) read span_attributes
// too. Idempotent.
void registerSpanAttributeSqlOnEveryConnection();

}  // namespace sightline
