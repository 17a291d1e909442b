#include "model/traces/span_row_writer.h"

#include <sqlite3.h>

namespace sightline {

namespace {

const std::string kUnknownService = "unknown_service";

std::string attributeInsert(const char* table, const char* owner) {
  return std::string("INSERT INTO ") + table + "(" + owner +
         ", seq, key_id, type, value) VALUES(?,?,?,?,?)";
}

}  // namespace

SpanRowWriter::SpanRowWriter(sqlite3* db, StringInterner& strings)
    : m_db(db), m_strings(strings), m_values(strings) {}

Status SpanRowWriter::fail(const char* what) const {
  return Status::error(std::string("workspace: cannot store ") + what + ": " +
                       lastSqliteError(m_db));
}

Status SpanRowWriter::prepare() {
  m_insertResource = StoreStatement(m_db,
                                    "INSERT INTO resources(source_id, service_name_id, "
                                    "dropped_attributes_count, schema_url) VALUES(?,?,?,?)");
  m_insertResourceAttribute =
      StoreStatement(m_db, attributeInsert("resource_attributes", "resource_id"));
  m_insertScope = StoreStatement(m_db,
                                 "INSERT INTO scopes(source_id, name_id, version, "
                                 "dropped_attributes_count, schema_url) VALUES(?,?,?,?,?)");
  m_insertScopeAttribute = StoreStatement(m_db, attributeInsert("scope_attributes", "scope_id"));
  m_insertSpan = StoreStatement(
      m_db,
      "INSERT INTO spans(trace_id, span_id, parent_span_id, name_id, kind, service_id, "
      "start_ns, end_ns, status_code, status_message, trace_state, flags, "
      "dropped_attributes_count, dropped_events_count, dropped_links_count, resource_id, "
      "scope_id, source_id, attributes) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  m_insertEvent = StoreStatement(m_db,
                                 "INSERT INTO span_events(span_id, time_ns, name_id, "
                                 "dropped_attributes_count) VALUES(?,?,?,?)");
  m_insertEventAttribute =
      StoreStatement(m_db, attributeInsert("span_event_attributes", "event_id"));
  m_insertLink = StoreStatement(m_db,
                                "INSERT INTO span_links(span_id, linked_trace_id, "
                                "linked_span_id, trace_state, flags, dropped_attributes_count) "
                                "VALUES(?,?,?,?,?,?)");
  m_insertLinkAttribute = StoreStatement(m_db, attributeInsert("span_link_attributes", "link_id"));
  if (!m_insertResource.valid() || !m_insertSpan.valid() || !m_insertLinkAttribute.valid())
    return fail("spans (statements)");
  return Status::ok();
}

Status SpanRowWriter::insertAttributes(StoreStatement& insert, std::int64_t owner,
                                       const std::vector<Attribute>& attributes) {
  std::int64_t seq = 0;
  for (const auto& attribute : attributes) {
    insert.bindInt(1, owner);
    insert.bindInt(2, seq++);
    const std::int64_t keyId = m_strings.intern(attribute.key);
    insert.bindInt(3, keyId);
    m_values.bind(insert, 4, keyId, attribute.value);
    if (insert.execute() != SQLITE_DONE)
      return fail("attributes");
  }
  return Status::ok();
}

Status SpanRowWriter::insertResource(std::int64_t sourceId, const ResourceRecord& resource,
                                     std::int64_t* rowId, std::int64_t* serviceId) {
  const std::string* service = &kUnknownService;
  for (const auto& attribute : resource.attributes) {
    if (attribute.key == "service.name" && attribute.value.type == AttributeValue::Type::String)
      service = &attribute.value.text;
  }
  *serviceId = m_strings.intern(*service);
  m_insertResource.bindInt(1, sourceId);
  m_insertResource.bindInt(2, *serviceId);
  m_insertResource.bindInt(3, resource.droppedAttributesCount);
  m_insertResource.bindTextOrNull(4, resource.schemaUrl);
  if (m_insertResource.execute() != SQLITE_DONE)
    return fail("a resource");
  *rowId = sqlite3_last_insert_rowid(m_db);
  return insertAttributes(m_insertResourceAttribute, *rowId, resource.attributes);
}

Status SpanRowWriter::insertScope(std::int64_t sourceId, const ScopeRecord& scope,
                                  std::int64_t* rowId) {
  m_insertScope.bindInt(1, sourceId);
  m_insertScope.bindInt(2, m_strings.intern(scope.name));
  m_insertScope.bindTextOrNull(3, scope.version);
  m_insertScope.bindInt(4, scope.droppedAttributesCount);
  m_insertScope.bindTextOrNull(5, scope.schemaUrl);
  if (m_insertScope.execute() != SQLITE_DONE)
    return fail("a scope");
  *rowId = sqlite3_last_insert_rowid(m_db);
  return insertAttributes(m_insertScopeAttribute, *rowId, scope.attributes);
}

Status SpanRowWriter::insertSpan(std::int64_t sourceId, const SpanRecord& span,
                                 std::int64_t resourceRow, std::int64_t serviceId,
                                 std::int64_t scopeRow, std::int64_t* spanRowId,
                                 std::int64_t* nameId) {
  // Bound without copies: the record outlives the insert, and every parameter is bound again
  // for the next span.
  auto& insert = m_insertSpan;
  auto idBytes = [](const auto& id) {
    return std::string_view(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
  };
  insert.bindBlobUnowned(1, idBytes(span.traceId));
  insert.bindBlobUnowned(2, idBytes(span.spanId));
  if (span.parentSpanId.isZero()) {
    insert.bindNull(3);
  } else {
    insert.bindBlobUnowned(3, idBytes(span.parentSpanId));
  }
  const std::int64_t spanNameId = m_strings.intern(span.name);
  if (nameId)
    *nameId = spanNameId;
  insert.bindInt(4, spanNameId);
  insert.bindInt(5, static_cast<int>(span.kind));
  insert.bindInt(6, serviceId);
  insert.bindInt(7, static_cast<std::int64_t>(span.startUnixNano));
  insert.bindInt(8, static_cast<std::int64_t>(span.endUnixNano));
  insert.bindInt(9, static_cast<int>(span.statusCode));
  insert.bindTextUnownedOrNull(10, span.statusMessage);
  insert.bindTextUnownedOrNull(11, span.traceState);
  insert.bindInt(12, span.flags);
  insert.bindInt(13, span.droppedAttributesCount);
  insert.bindInt(14, span.droppedEventsCount);
  insert.bindInt(15, span.droppedLinksCount);
  insert.bindInt(16, resourceRow);
  insert.bindInt(17, scopeRow);
  insert.bindInt(18, sourceId);
  if (span.attributes.empty()) {
    insert.bindNull(19);
  } else {
    m_attributeBlob.clear();
    for (const auto& attribute : span.attributes)
      appendStoredAttribute(m_attributeBlob,
                            m_values.stored(m_strings.intern(attribute.key), attribute.value));
    insert.bindBlobUnowned(19, m_attributeBlob);
  }
  if (insert.execute() != SQLITE_DONE)
    return fail("a span");
  const std::int64_t spanRow = sqlite3_last_insert_rowid(m_db);
  if (spanRowId)
    *spanRowId = spanRow;

  for (const auto& event : span.events) {
    m_insertEvent.bindInt(1, spanRow);
    m_insertEvent.bindInt(2, static_cast<std::int64_t>(event.timeUnixNano));
    m_insertEvent.bindInt(3, m_strings.intern(event.name));
    m_insertEvent.bindInt(4, event.droppedAttributesCount);
    if (m_insertEvent.execute() != SQLITE_DONE)
      return fail("a span event");
    const std::int64_t eventRow = sqlite3_last_insert_rowid(m_db);
    if (Status s = insertAttributes(m_insertEventAttribute, eventRow, event.attributes); !s)
      return s;
  }
  for (const auto& link : span.links) {
    m_insertLink.bindInt(1, spanRow);
    bindIdBytes(m_insertLink, 2, link.traceId);
    bindIdBytes(m_insertLink, 3, link.spanId);
    m_insertLink.bindTextOrNull(4, link.traceState);
    m_insertLink.bindInt(5, link.flags);
    m_insertLink.bindInt(6, link.droppedAttributesCount);
    if (m_insertLink.execute() != SQLITE_DONE)
      return fail("a span link");
    const std::int64_t linkRow = sqlite3_last_insert_rowid(m_db);
    if (Status s = insertAttributes(m_insertLinkAttribute, linkRow, link.attributes); !s)
      return s;
  }
  return Status::ok();
}

}  // namespace sightline
