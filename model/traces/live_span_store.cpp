#include "model/traces/live_span_store.h"

#include <sqlite3.h>

#include "model/store/source_row.h"
#include "model/traces/trace_summary_store.h"

namespace sightline {

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
  m_rows = std::make_unique<SpanRowWriter>(m_db, *m_strings);
  if (Status s = m_rows->prepare(); !s)
    return s;
  m_summaries = std::make_unique<TraceSummaryWriter>(m_db);
  m_findTrace = StoreStatement(m_db, "SELECT 1 FROM spans WHERE trace_id = ? LIMIT 1");
  m_findDuplicate = StoreStatement(m_db, "SELECT 1 FROM spans WHERE trace_id = ? AND span_id = ?");
  m_insertTouched = StoreStatement(
      m_db, std::string("INSERT OR IGNORE INTO ") + kTouchedTracesTable + "(trace_id) VALUES(?)");
  m_updateSource = StoreStatement(m_db, "UPDATE sources SET bytes = ? WHERE id = ?");
  if (!m_findTrace.valid() || !m_findDuplicate.valid() || !m_insertTouched.valid() ||
      !m_updateSource.valid()) {
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
  m_groupTraces.clear();
  return Status::ok();
}

Status LiveSpanStore::write(const TraceBatch& batch, LiveBatchResult* result) {
  if (!m_inTransaction)
    return Status::error("workspace: no live transaction is open");
  // Local ids are the batch's own: each request is decoded on its own.
  m_resources.clear();
  m_scopes.clear();
  m_traceHadRows.clear();
  m_newSpans.clear();
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

Status LiveSpanStore::writeResource(const ResourceRecord& resource) {
  ResourceRow row;
  if (Status s = m_rows->insertResource(m_sourceId, resource, &row.rowId, &row.serviceId); !s)
    return s;
  m_resources[resource.localId] = row;
  return Status::ok();
}

Status LiveSpanStore::writeScope(const ScopeRecord& scope) {
  std::int64_t rowId = 0;
  if (Status s = m_rows->insertScope(m_sourceId, scope, &rowId); !s)
    return s;
  m_scopes[scope.localId] = rowId;
  return Status::ok();
}

bool LiveSpanStore::traceHasRows(const TraceId& traceId) {
  bindIdBytes(m_findTrace, 1, traceId);
  const bool found = m_findTrace.step();
  m_findTrace.reset();
  return found;
}

// Also catches a span sent twice within one group or one batch: this connection sees its own
// uncommitted rows, and a new trace's spans of this batch are in m_newSpans.
bool LiveSpanStore::isDuplicate(const SpanRecord& span) {
  auto known = m_traceHadRows.find(span.traceId);
  if (known == m_traceHadRows.end())
    known = m_traceHadRows.emplace(span.traceId, traceHasRows(span.traceId)).first;
  if (!known->second)
    return !m_newSpans.insert(SpanKey{span.traceId, span.spanId}).second;
  bindIdBytes(m_findDuplicate, 1, span.traceId);
  bindIdBytes(m_findDuplicate, 2, span.spanId);
  const bool found = m_findDuplicate.step();
  m_findDuplicate.reset();
  return found;
}

Status LiveSpanStore::writeSpan(const SpanRecord& span, LiveBatchResult* result) {
  const auto resource = m_resources.find(span.resourceLocalId);
  const auto scope = m_scopes.find(span.scopeLocalId);
  if (resource == m_resources.end() || scope == m_scopes.end())
    return Status::error("workspace: a span refers to a resource or scope that was not sent");
  if (isDuplicate(span)) {
    ++result->duplicates;
    return Status::ok();
  }
  std::int64_t rowId = 0;
  std::int64_t nameId = 0;
  if (Status s = m_rows->insertSpan(m_sourceId, span, resource->second.rowId,
                                    resource->second.serviceId, scope->second, &rowId, &nameId);
      !s)
    return s;
  ++result->spans;
  auto trace = m_groupTraces.find(span.traceId);
  if (trace == m_groupTraces.end()) {
    // The first span of the trace in this group: isDuplicate() has just asked whether the
    // workspace held any of its spans, and this group had stored none yet.
    trace =
        m_groupTraces.emplace(span.traceId, GroupTrace{m_traceHadRows.at(span.traceId), {}}).first;
  }
  if (!trace->second.hadRowsBefore) {
    trace->second.spans.push_back(
        {span.spanId, span.parentSpanId, static_cast<std::int64_t>(span.startUnixNano),
         static_cast<std::int64_t>(span.endUnixNano), static_cast<std::int64_t>(span.statusCode),
         resource->second.serviceId, nameId, rowId});
  }
  return Status::ok();
}

Status LiveSpanStore::commitGroup(std::uint64_t totalBytes) {
  if (!m_inTransaction)
    return Status::error("workspace: no live transaction is open");
  const std::string table = kTouchedTracesTable;
  bool recompute = false;
  for (const auto& [id, trace] : m_groupTraces) {
    if (trace.hadRowsBefore) {
      bindIdBytes(m_insertTouched, 1, id);
      if (m_insertTouched.execute() != SQLITE_DONE)
        return fail("the touched traces");
      recompute = true;
    } else {
      const std::string_view raw(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
      if (Status s = m_summaries->write(raw, trace.spans); !s)
        return s;
    }
  }
  if (recompute) {
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
  m_groupTraces.clear();
  return Status::ok();
}

void LiveSpanStore::rollbackGroup() {
  if (!m_inTransaction)
    return;
  m_inTransaction = false;
  if (m_rows)
    m_rows->reset();
  m_findDuplicate.reset();
  m_findTrace.reset();
  m_traceHadRows.clear();
  m_newSpans.clear();
  execSql(m_db, "ROLLBACK");
  execSql(m_db, std::string("DELETE FROM ") + kTouchedTracesTable);
  m_groupTraces.clear();
  if (m_sourceId != 0)
    prepare();
}

}  // namespace sightline
