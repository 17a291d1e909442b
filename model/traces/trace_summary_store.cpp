#include "model/traces/trace_summary_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "model/common/ids.h"
#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"

namespace sightline {

namespace {

SpanId spanIdOf(std::string_view raw) {
  return SpanId::fromBytes(raw).value_or(SpanId{});
}

}  // namespace

TraceSummaryWriter::TraceSummaryWriter(sqlite3* db)
    : m_db(db),
      m_insertTrace(db,
                    "INSERT OR REPLACE INTO traces(trace_id, root_span, root_service_id, "
                    "root_name_id, start_ns, duration_ns, span_count, error_count, services) "
                    "VALUES(?,?,?,?,?,?,?,?,?)"),
      m_serviceName(db, "SELECT text FROM strings WHERE id = ?") {}

Status TraceSummaryWriter::write(std::string_view traceId,
                                 const std::vector<TraceSummarySpan>& rows) {
  if (rows.empty())
    return Status::ok();
  std::unordered_set<SpanId, SpanIdHash> present;
  present.reserve(rows.size() * 2);
  std::int64_t start = rows.front().start;
  std::int64_t end = rows.front().end;
  std::int64_t errors = 0;
  std::vector<std::int64_t> serviceIds;
  for (const auto& row : rows) {
    present.insert(row.spanId);
    start = std::min(start, row.start);
    end = std::max(end, row.end);
    if (row.status == 2)
      ++errors;
    serviceIds.push_back(row.serviceId);
  }
  // Root: the earliest span whose parent is absent from the data (ties by span id). A
  // trace whose parents form a cycle has none; then the earliest span stands in.
  const TraceSummarySpan* root = nullptr;
  const TraceSummarySpan* earliest = nullptr;
  auto earlier = [](const TraceSummarySpan* a, const TraceSummarySpan* b) {
    return !b || a->start < b->start || (a->start == b->start && a->spanId < b->spanId);
  };
  for (const auto& row : rows) {
    if (earlier(&row, earliest))
      earliest = &row;
    const bool orphan = row.parentId.isZero() || !present.contains(row.parentId);
    if (orphan && earlier(&row, root))
      root = &row;
  }
  if (!root)
    root = earliest;

  std::sort(serviceIds.begin(), serviceIds.end());
  serviceIds.erase(std::unique(serviceIds.begin(), serviceIds.end()), serviceIds.end());
  std::vector<std::string> names;
  for (auto id : serviceIds)
    names.push_back(serviceName(id));
  std::sort(names.begin(), names.end());

  m_insertTrace.bindBlob(1, traceId.data(), traceId.size());
  m_insertTrace.bindInt(2, root->rowId);
  m_insertTrace.bindInt(3, root->serviceId);
  m_insertTrace.bindInt(4, root->nameId);
  m_insertTrace.bindInt(5, start);
  m_insertTrace.bindInt(6, end > start ? end - start : 0);
  m_insertTrace.bindInt(7, static_cast<std::int64_t>(rows.size()));
  m_insertTrace.bindInt(8, errors);
  m_insertTrace.bindText(9, encodeStringListJson(names));
  if (m_insertTrace.execute() != SQLITE_DONE)
    return error();
  return Status::ok();
}

Status TraceSummaryWriter::error() const {
  return Status::error("cannot store trace summaries: " + lastSqliteError(m_db));
}

const std::string& TraceSummaryWriter::serviceName(std::int64_t id) {
  auto it = m_names.find(id);
  if (it != m_names.end())
    return it->second;
  m_serviceName.bindInt(1, id);
  std::string name = m_serviceName.step() ? m_serviceName.columnText(0) : std::string();
  m_serviceName.reset();
  return m_names.emplace(id, std::move(name)).first->second;
}

Status recomputeTraceSummaries(sqlite3* db, bool allTraces) {
  const std::string columns =
      "s.trace_id, s.span_id, s.parent_span_id, s.start_ns, s.end_ns, s.status_code, "
      "s.service_id, s.name_id, s.id";
  // Walking spans_trace keeps one trace's spans together, so memory is bounded by the
  // largest trace rather than by the source.
  const std::string sql =
      allTraces ? "SELECT " + columns + " FROM spans s INDEXED BY spans_trace ORDER BY s.trace_id"
                : "SELECT " + columns + " FROM " + kTouchedTracesTable +
                      " t JOIN spans s INDEXED BY spans_trace ON s.trace_id = t.trace_id ORDER "
                      "BY t.trace_id";
  StoreStatement query(db, sql);
  if (!query.valid())
    return Status::error("cannot read spans: " + lastSqliteError(db));
  TraceSummaryWriter builder(db);
  std::string current;
  std::vector<TraceSummarySpan> rows;
  while (query.step()) {
    const std::string_view traceId = query.columnBlob(0);
    if (traceId != current) {
      if (Status s = builder.write(current, rows); !s)
        return s;
      rows.clear();
      current = std::string(traceId);
    }
    TraceSummarySpan row;
    row.spanId = spanIdOf(query.columnBlob(1));
    row.parentId = spanIdOf(query.columnBlob(2));
    row.start = query.columnInt(3);
    row.end = query.columnInt(4);
    row.status = query.columnInt(5);
    row.serviceId = query.columnInt(6);
    row.nameId = query.columnInt(7);
    row.rowId = query.columnInt(8);
    rows.push_back(row);
  }
  if (!query.ok())
    return Status::error("cannot read spans: " + lastSqliteError(db));
  return builder.write(current, rows);
}

}  // namespace sightline
