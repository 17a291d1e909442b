#include "model/traces/trace_span_attributes.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "model/store/store_statement.h"
#include "model/traces/store_attributes.h"

namespace sightline {

namespace {

// Interned texts (attribute keys, short string values) by strings.id. A trace repeats a few
// dozen keys and a few thousand values a million times: looking each up once here is
// cheaper than a join per attribute row.
class StringCache {
 public:
  explicit StringCache(sqlite3* db) : m_lookup(db, "SELECT text FROM strings WHERE id = ?") {}

  const std::string& text(std::int64_t id) {
    auto [it, added] = m_texts.try_emplace(id);
    if (added) {
      m_lookup.bindInt(1, id);
      if (m_lookup.step())
        it->second = m_lookup.columnText(0);
      m_lookup.reset();
    }
    return it->second;
  }

 private:
  StoreStatement m_lookup;
  std::unordered_map<std::int64_t, std::string> m_texts;
};

}  // namespace

std::vector<std::vector<Attribute>> loadTraceSpanAttributes(const Workspace& workspace,
                                                            const LoadedTrace& trace,
                                                            Status* status) {
  sqlite3* db = workspace.db();
  // Span rows sorted, to find a span's index once per span (a hash map of a 100k spans costs
  // more in cache misses).
  std::vector<std::pair<std::int64_t, std::size_t>> indexOfRow;
  indexOfRow.reserve(trace.spans.size());
  for (std::size_t i = 0; i < trace.spans.size(); ++i)
    indexOfRow.emplace_back(trace.spans[i].rowId, i);
  std::sort(indexOfRow.begin(), indexOfRow.end());

  // The order is the spans_trace index's (trace_id, span_id, rowid) followed by the
  // attribute table's primary key (span_id, seq): SQLite walks both without sorting, and a
  // span's rows arrive together and in seq order.
  StoreStatement query(db,
                       "SELECT a.span_id, a.key_id, a.type, a.value FROM spans s JOIN "
                       "span_attributes a ON a.span_id = s.id WHERE s.trace_id = ? ORDER BY "
                       "s.span_id, s.id, a.seq");
  query.bindBlob(1, trace.traceId.bytes.data(), trace.traceId.bytes.size());
  StringCache strings(db);
  std::vector<std::vector<Attribute>> attributes(trace.spans.size());
  std::vector<Attribute>* current = nullptr;
  std::int64_t currentRow = 0;
  std::size_t previousSize = 0;
  while (query.step()) {
    const std::int64_t row = query.columnInt(0);
    if (!current || row != currentRow) {
      const auto found = std::lower_bound(indexOfRow.begin(), indexOfRow.end(),
                                          std::pair<std::int64_t, std::size_t>(row, 0));
      if (found == indexOfRow.end() || found->first != row)
        continue;  // a span stored after `trace` was loaded
      previousSize = current ? current->size() : previousSize;
      current = &attributes[found->second];
      // Spans of one trace tend to carry as many attributes as the one before.
      current->reserve(previousSize);
      currentRow = row;
    }
    Attribute& attribute = current->emplace_back();
    attribute.key = strings.text(query.columnInt(1));
    if (isInternedString(query, 2)) {
      attribute.value.type = AttributeValue::Type::String;
      attribute.value.text = strings.text(query.columnInt(3));
    } else {
      attribute.value = readAttributeValue(query, 2);
    }
  }
  if (!query.ok()) {
    if (status) {
      *status = Status::error("workspace: cannot read the span attributes: " + lastSqliteError(db));
    }
    return {};
  }
  if (status)
    *status = Status::ok();
  return attributes;
}

}  // namespace sightline
