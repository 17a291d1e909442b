#pragma once

#include <cstdint>
#include <string>

#include "model/common/status.h"
#include "model/store/store_statement.h"
#include "model/store/string_interner.h"
#include "model/traces/store_attributes.h"
#include "model/traces/trace_records.h"

struct sqlite3;

namespace sightline {

// Inserts the rows of decoded trace records — resources, scopes, spans with their
// attributes (one blob per span, spans.attributes), events and links — through statements prepared
// once. Shared by the file import (SpanStoreWriter) and the live stream (LiveSpanStore), which own
// the transactions, the batch-local id maps and the duplicate checks.
class SpanRowWriter {
 public:
  SpanRowWriter(sqlite3* db, StringInterner& strings);

  // Prepares the statements (again after a rollback, if the caller wants fresh ones).
  Status prepare();
  // The resource's row and its service name's string id.
  Status insertResource(std::int64_t sourceId, const ResourceRecord& resource, std::int64_t* rowId,
                        std::int64_t* serviceId);
  Status insertScope(std::int64_t sourceId, const ScopeRecord& scope, std::int64_t* rowId);
  // `nameId`, when given, receives the span name's string id.
  Status insertSpan(std::int64_t sourceId, const SpanRecord& span, std::int64_t resourceRow,
                    std::int64_t serviceId, std::int64_t scopeRow,
                    std::int64_t* spanRowId = nullptr, std::int64_t* nameId = nullptr);
  // Statements must not be mid-step when a transaction ends.
  void reset() { m_insertSpan.reset(); }

 private:
  Status fail(const char* what) const;
  Status insertAttributes(StoreStatement& insert, std::int64_t owner,
                          const std::vector<Attribute>& attributes);

  sqlite3* m_db;
  StringInterner& m_strings;
  AttributeValueEncoder m_values;
  StoreStatement m_insertResource;
  StoreStatement m_insertResourceAttribute;
  StoreStatement m_insertScope;
  StoreStatement m_insertScopeAttribute;
  StoreStatement m_insertSpan;
  StoreStatement m_insertEvent;
  StoreStatement m_insertEventAttribute;
  StoreStatement m_insertLink;
  StoreStatement m_insertLinkAttribute;
  std::string m_attributeBlob;  // reused: one span's spans.attributes
};

// Binds a trace or span id as its raw bytes.
template <typename Id>
void bindIdBytes(StoreStatement& statement, int index, const Id& id) {
  statement.bindBlob(index, id.bytes.data(), id.bytes.size());
}

}  // namespace sightline
