#include "model/traces/span_store_writer.h"

#include <sqlite3.h>

#include "model/store/schema.h"
#include "model/store/source_row.h"
#include "model/traces/store_attributes.h"
#include "model/traces/trace_summary_store.h"

namespace sightline {

SpanStoreWriter::SpanStoreWriter(sqlite3* db) : m_db(db), m_strings(db), m_rows(db, m_strings) {}

SpanStoreWriter::~SpanStoreWriter() {
  rollback();
}

Status SpanStoreWriter::fail(const char* what) const {
  return Status::error(std::string("workspace: cannot store ") + what + ": " +
                       lastSqliteError(m_db));
}

Status SpanStoreWriter::begin(const SourceDescription& source) {
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  m_inTransaction = true;
  {
    StoreStatement any(m_db, "SELECT EXISTS(SELECT 1 FROM spans)");
    if (!any.step())
      return fail("spans (workspace unreadable)");
    m_freshWorkspace = any.columnInt(0) == 0;
  }
  if (m_freshWorkspace) {
    for (const auto& sql : dropSpanIndexStatements()) {
      if (Status s = execSql(m_db, sql); !s)
        return s;
    }
  }
  if (Status s = insertSourceRow(m_db, source, &m_stats.sourceId); !s)
    return s;

  if (Status s = m_rows.prepare(); !s)
    return s;
  if (!m_freshWorkspace) {
    m_findDuplicate = StoreStatement(
        m_db, "SELECT 1 FROM spans WHERE trace_id = ? AND span_id = ? AND source_id <> ?");
  }
  return Status::ok();
}

Status SpanStoreWriter::write(const TraceBatch& batch) {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  for (const auto& resource : batch.resources) {
    if (Status s = writeResource(resource); !s)
      return s;
  }
  for (const auto& scope : batch.scopes) {
    if (Status s = writeScope(scope); !s)
      return s;
  }
  for (const auto& span : batch.spans) {
    if (Status s = writeSpan(span); !s)
      return s;
  }
  if (!m_strings.status())
    return m_strings.status();
  return Status::ok();
}

Status SpanStoreWriter::writeResource(const ResourceRecord& resource) {
  ResourceRow row;
  if (Status s = m_rows.insertResource(m_stats.sourceId, resource, &row.rowId, &row.serviceId); !s)
    return s;
  m_resources[resource.localId] = row;
  return Status::ok();
}

Status SpanStoreWriter::writeScope(const ScopeRecord& scope) {
  std::int64_t rowId = 0;
  if (Status s = m_rows.insertScope(m_stats.sourceId, scope, &rowId); !s)
    return s;
  m_scopes[scope.localId] = rowId;
  return Status::ok();
}

bool SpanStoreWriter::isDuplicate(const SpanRecord& span) {
  if (!m_findDuplicate.valid())
    return false;
  bindIdBytes(m_findDuplicate, 1, span.traceId);
  bindIdBytes(m_findDuplicate, 2, span.spanId);
  m_findDuplicate.bindInt(3, m_stats.sourceId);
  const bool found = m_findDuplicate.step();
  m_findDuplicate.reset();
  return found;
}

Status SpanStoreWriter::writeSpan(const SpanRecord& span) {
  const auto resource = m_resources.find(span.resourceLocalId);
  const auto scope = m_scopes.find(span.scopeLocalId);
  if (resource == m_resources.end() || scope == m_scopes.end()) {
    return Status::error("workspace: a span refers to a resource or scope that was not sent");
  }
  if (isDuplicate(span)) {
    ++m_stats.duplicateSpans;
    return Status::ok();
  }
  if (Status s = m_rows.insertSpan(m_stats.sourceId, span, resource->second.rowId,
                                   resource->second.serviceId, scope->second);
      !s)
    return s;
  ++m_stats.spans;
  if (!m_freshWorkspace) {
    // An empty workspace's summaries are rebuilt from all spans, so its traces need no list.
    m_touched.insert(span.traceId);
  }
  return Status::ok();
}

Status SpanStoreWriter::commit() {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  if (m_freshWorkspace) {
    for (const auto& sql : spanIndexStatements()) {
      if (Status s = execSql(m_db, sql); !s)
        return s;
    }
    if (Status s = recomputeTraceSummaries(m_db, true); !s)
      return s;
    StoreStatement traces(m_db, "SELECT count(*) FROM traces");
    m_stats.traces = traces.step() ? static_cast<std::uint64_t>(traces.columnInt(0)) : 0;
  } else {
    const std::string table = kTouchedTracesTable;
    if (Status s = execSql(m_db,
                           "CREATE TEMP TABLE IF NOT EXISTS touched_traces(trace_id BLOB "
                           "PRIMARY KEY) WITHOUT ROWID; DELETE FROM " +
                               table);
        !s) {
      return s;
    }
    {
      StoreStatement insert(m_db, "INSERT INTO " + table + "(trace_id) VALUES(?)");
      for (const auto& id : m_touched) {
        bindIdBytes(insert, 1, id);
        if (insert.execute() != SQLITE_DONE)
          return fail("the touched traces");
      }
    }
    if (Status s = recomputeTraceSummaries(m_db, false); !s)
      return s;
    m_stats.traces = m_touched.size();
    execSql(m_db, "DELETE FROM " + table);
  }
  if (Status s = execSql(m_db, "COMMIT"); !s)
    return s;
  m_inTransaction = false;
  return Status::ok();
}

void SpanStoreWriter::rollback() {
  if (!m_inTransaction)
    return;
  m_inTransaction = false;
  // Statements must not be mid-step when the transaction ends.
  m_rows.reset();
  execSql(m_db, "ROLLBACK");
}

}  // namespace sightline
