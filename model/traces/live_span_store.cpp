#include "model/traces/live_span_store.h"

#include <sqlite3.h>

#include "model/store/source_row.h"
#include "model/traces/trace_summary_store.h"

namespace sightline {

namespace {

const std::string kUnknownService = "unknown_service";

std::string attributeInsert(const char* table, const char* owner) {
  return std::string("INSERT INTO ") + table + "(" + owner +
         ", seq, key_id, type, value) VALUES(?,?,?,?,?)";
}

template <typename Id>
void bindId(StoreStatement& statement, int index, const Id& id) {
  statement.bindBlob(index, id.bytes.data(), id.bytes.size());
}

}  // namespace

LiveSpanStore::LiveSpanStore(sqlite3* db) : m_db(db) {}

LiveSpanStore::~LiveSpanStore() {
  rollbackGroup();
}

Status LiveSpanStore::fail(const char* what) const {
  return Status::error(std::string("workspace: cannot store ") + what + ": " +
                       lastSqliteError(m_db));
}

Status LiveSpanStore::open(const SourceDescription& source) {
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  if (Status s = insertSourceRow(m_db, source, &m_sourceId); !s) {
    execSql(m_db, "ROLLBACK");
    return s;
  }
  if (Status s = execSql(m_db, "COMMIT"); !s) {
    execSql(m_db, "ROLLBACK");
    return s;
  }
  const std::string table = kTouchedTracesTable;
  if (Status s = execSql(m_db,
                         "CREATE TEMP TABLE IF NOT EXISTS touched_traces(trace_id BLOB "
                         "PRIMARY KEY) WITHOUT ROWID; DELETE FROM " +
                             table);
      !s) {
    return s;
  }
  return prepare();
}

Status LiveSpanStore::prepare() {
  m_strings = std::make_unique<StringInterner>(m_db);
  m_values = std::make_unique<AttributeValueEncoder>(*m_strings);
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
      "scope_id, source_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  m_insertSpanAttribute = StoreStatement(m_db, attributeInsert("span_attributes", "span_id"));
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
  m_findDuplicate = StoreStatement(m_db, "SELECT 1 FROM spans WHERE trace_id = ? AND span_id = ?");
  m_insertTouched = StoreStatement(
      m_db, std::string("INSERT OR IGNORE INTO ") + kTouchedTracesTable + "(trace_id) VALUES(?)");
  m_updateSource = StoreStatement(m_db, "UPDATE sources SET bytes = ? WHERE id = ?");
  if (!m_insertResource.valid() || !m_insertSpan.valid() || !m_insertLinkAttribute.valid() ||
      !m_findDuplicate.valid() || !m_insertTouched.valid() || !m_updateSource.valid()) {
    return fail("spans (statements)");
  }
  return Status::ok();
}

Status LiveSpanStore::beginGroup() {
  if (m_sourceId == 0)
    return Status::error("workspace: the live source is not open");
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  m_inTransaction = true;
  m_touched.clear();
  return Status::ok();
}

Status LiveSpanStore::write(const TraceBatch& batch, LiveBatchResult* result) {
  if (!m_inTransaction)
    return Status::error("workspace: no live transaction is open");
  // Local ids are the batch's own: each request is decoded on its own.
  m_resources.clear();
  m_scopes.clear();
  for (const auto& resource : batch.resources) {
    if (Status s = writeResource(resource); !s)
      return s;
  }
  for (const auto& scope : batch.scopes) {
    if (Status s = writeScope(scope); !s)
      return s;
  }
  for (const auto& span : batch.spans) {
    if (Status s = writeSpan(span, result); !s)
      return s;
  }
  return m_strings->status();
}

Status LiveSpanStore::writeAttributes(StoreStatement& insert, std::int64_t owner,
                                      const std::vector<Attribute>& attributes) {
  std::int64_t seq = 0;
  for (const auto& attribute : attributes) {
    insert.bindInt(1, owner);
    insert.bindInt(2, seq++);
    const std::int64_t keyId = m_strings->intern(attribute.key);
    insert.bindInt(3, keyId);
    m_values->bind(insert, 4, keyId, attribute.value);
    if (insert.execute() != SQLITE_DONE)
      return fail("attributes");
  }
  return Status::ok();
}

Status LiveSpanStore::writeResource(const ResourceRecord& resource) {
  const std::string* service = &kUnknownService;
  for (const auto& attribute : resource.attributes) {
    if (attribute.key == "service.name" && attribute.value.type == AttributeValue::Type::String)
      service = &attribute.value.text;
  }
  const std::int64_t serviceId = m_strings->intern(*service);
  m_insertResource.bindInt(1, m_sourceId);
  m_insertResource.bindInt(2, serviceId);
  m_insertResource.bindInt(3, resource.droppedAttributesCount);
  m_insertResource.bindTextOrNull(4, resource.schemaUrl);
  if (m_insertResource.execute() != SQLITE_DONE)
    return fail("a resource");
  const std::int64_t rowId = sqlite3_last_insert_rowid(m_db);
  m_resources[resource.localId] = ResourceRow{rowId, serviceId};
  return writeAttributes(m_insertResourceAttribute, rowId, resource.attributes);
}

Status LiveSpanStore::writeScope(const ScopeRecord& scope) {
  m_insertScope.bindInt(1, m_sourceId);
  m_insertScope.bindInt(2, m_strings->intern(scope.name));
  m_insertScope.bindTextOrNull(3, scope.version);
  m_insertScope.bindInt(4, scope.droppedAttributesCount);
  m_insertScope.bindTextOrNull(5, scope.schemaUrl);
  if (m_insertScope.execute() != SQLITE_DONE)
    return fail("a scope");
  const std::int64_t rowId = sqlite3_last_insert_rowid(m_db);
  m_scopes[scope.localId] = rowId;
  return writeAttributes(m_insertScopeAttribute, rowId, scope.attributes);
}

bool LiveSpanStore::isDuplicate(const SpanRecord& span) {
  bindId(m_findDuplicate, 1, span.traceId);
  bindId(m_findDuplicate, 2, span.spanId);
  const bool found = m_findDuplicate.step();
  m_findDuplicate.reset();
  return found;
}

Status LiveSpanStore::writeSpan(const SpanRecord& span, LiveBatchResult* result) {
  const auto resource = m_resources.find(span.resourceLocalId);
  const auto scope = m_scopes.find(span.scopeLocalId);
  if (resource == m_resources.end() || scope == m_scopes.end())
    return Status::error("workspace: a span refers to a resource or scope that was not sent");
  // Also catches a span sent twice within one group: this connection sees its own rows.
  if (isDuplicate(span)) {
    ++result->duplicates;
    return Status::ok();
  }
  auto& insert = m_insertSpan;
  bindId(insert, 1, span.traceId);
  bindId(insert, 2, span.spanId);
  if (span.parentSpanId.isZero()) {
    insert.bindNull(3);
  } else {
    bindId(insert, 3, span.parentSpanId);
  }
  insert.bindInt(4, m_strings->intern(span.name));
  insert.bindInt(5, static_cast<int>(span.kind));
  insert.bindInt(6, resource->second.serviceId);
  insert.bindInt(7, static_cast<std::int64_t>(span.startUnixNano));
  insert.bindInt(8, static_cast<std::int64_t>(span.endUnixNano));
  insert.bindInt(9, static_cast<int>(span.statusCode));
  insert.bindTextOrNull(10, span.statusMessage);
  insert.bindTextOrNull(11, span.traceState);
  insert.bindInt(12, span.flags);
  insert.bindInt(13, span.droppedAttributesCount);
  insert.bindInt(14, span.droppedEventsCount);
  insert.bindInt(15, span.droppedLinksCount);
  insert.bindInt(16, resource->second.rowId);
  insert.bindInt(17, scope->second);
  insert.bindInt(18, m_sourceId);
  if (insert.execute() != SQLITE_DONE)
    return fail("a span");
  const std::int64_t spanRow = sqlite3_last_insert_rowid(m_db);
  ++result->spans;
  m_touched.insert(span.traceId);

  if (Status s = writeAttributes(m_insertSpanAttribute, spanRow, span.attributes); !s)
    return s;
  for (const auto& event : span.events) {
    m_insertEvent.bindInt(1, spanRow);
    m_insertEvent.bindInt(2, static_cast<std::int64_t>(event.timeUnixNano));
    m_insertEvent.bindInt(3, m_strings->intern(event.name));
    m_insertEvent.bindInt(4, event.droppedAttributesCount);
    if (m_insertEvent.execute() != SQLITE_DONE)
      return fail("a span event");
    const std::int64_t eventRow = sqlite3_last_insert_rowid(m_db);
    if (Status s = writeAttributes(m_insertEventAttribute, eventRow, event.attributes); !s)
      return s;
  }
  for (const auto& link : span.links) {
    m_insertLink.bindInt(1, spanRow);
    bindId(m_insertLink, 2, link.traceId);
    bindId(m_insertLink, 3, link.spanId);
    m_insertLink.bindTextOrNull(4, link.traceState);
    m_insertLink.bindInt(5, link.flags);
    m_insertLink.bindInt(6, link.droppedAttributesCount);
    if (m_insertLink.execute() != SQLITE_DONE)
      return fail("a span link");
    const std::int64_t linkRow = sqlite3_last_insert_rowid(m_db);
    if (Status s = writeAttributes(m_insertLinkAttribute, linkRow, link.attributes); !s)
      return s;
  }
  return Status::ok();
}

Status LiveSpanStore::commitGroup(std::uint64_t totalBytes) {
  if (!m_inTransaction)
    return Status::error("workspace: no live transaction is open");
  const std::string table = kTouchedTracesTable;
  if (!m_touched.empty()) {
    for (const auto& id : m_touched) {
      bindId(m_insertTouched, 1, id);
      if (m_insertTouched.execute() != SQLITE_DONE)
        return fail("the touched traces");
    }
    if (Status s = recomputeTraceSummaries(m_db, false); !s)
      return s;
    if (Status s = execSql(m_db, "DELETE FROM " + table); !s)
      return s;
  }
  m_updateSource.bindInt(1, static_cast<std::int64_t>(totalBytes));
  m_updateSource.bindInt(2, m_sourceId);
  if (m_updateSource.execute() != SQLITE_DONE)
    return fail("the source's size");
  if (Status s = execSql(m_db, "COMMIT"); !s)
    return s;
  m_inTransaction = false;
  m_touched.clear();
  return Status::ok();
}

void LiveSpanStore::rollbackGroup() {
  if (!m_inTransaction)
    return;
  m_inTransaction = false;
  m_insertSpan.reset();
  m_findDuplicate.reset();
  execSql(m_db, "ROLLBACK");
  execSql(m_db, std::string("DELETE FROM ") + kTouchedTracesTable);
  m_touched.clear();
  if (m_sourceId != 0)
    prepare();
}

}  // namespace sightline
