#include "model/traces/trace_queries.h"

#include <sqlite3.h>

#include <algorithm>
#include <unordered_map>

#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"
#include "model/traces/store_attributes.h"
#include "model/traces/trace_summary_store.h"

namespace sightline {

namespace {

// A LIKE pattern matching `text` anywhere, with the wildcards in it escaped by '\'.
std::string containsPattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\')
      pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

template <typename Id>
Id idFromColumn(const StoreStatement& statement, int column) {
  return Id::fromBytes(statement.columnBlob(column)).value_or(Id{});
}

std::vector<Attribute> loadAttributes(sqlite3* db, const std::string& table,
                                      const std::string& ownerColumn, std::int64_t owner) {
  StoreStatement query(db, "SELECT k.text, a.type, " + attributeValueSql("a") + " FROM " + table +
                               " a JOIN strings k ON k.id = a.key_id WHERE a." + ownerColumn +
                               " = ? ORDER BY a.seq");
  query.bindInt(1, owner);
  std::vector<Attribute> attributes;
  while (query.step())
    attributes.push_back({query.columnText(0), readAttributeValue(query, 1)});
  return attributes;
}

}  // namespace

std::vector<TraceSummary> listTraces(const Workspace& workspace, const TraceFilter& filter) {
  std::string sql =
      "SELECT t.trace_id, rs.text, rn.text, t.start_ns, t.duration_ns, t.span_count, "
      "t.error_count, t.services FROM traces t LEFT JOIN strings rs ON rs.id = "
      "t.root_service_id LEFT JOIN strings rn ON rn.id = t.root_name_id WHERE 1";
  if (!filter.service.empty()) {
    // instr() on the encoded list is a cheap prefilter; json_each() makes the match exact.
    sql +=
        " AND instr(t.services, :quoted) > 0 AND EXISTS (SELECT 1 FROM json_each(t.services) "
        "WHERE value = :service)";
  }
  if (!filter.operation.empty()) {
    sql +=
        " AND t.trace_id IN (SELECT trace_id FROM spans WHERE name_id = (SELECT id FROM "
        "strings WHERE text = :operation))";
  }
  if (filter.minDurationNs > 0)
    sql += " AND t.duration_ns >= :min";
  if (filter.maxDurationNs > 0)
    sql += " AND t.duration_ns <= :max";
  if (filter.errorsOnly)
    sql += " AND t.error_count > 0";
  if (!filter.text.empty()) {
    // Interned strings are matched once in `strings`; long inline values are matched where
    // they are stored. The attribute table is scanned in storage order rather than probed
    // span by span.
    sql +=
        " AND t.trace_id IN (SELECT trace_id FROM spans WHERE name_id IN (SELECT id FROM "
        "strings WHERE text LIKE :text ESCAPE '\\') OR service_id IN (SELECT id FROM strings "
        "WHERE text LIKE :text ESCAPE '\\') UNION SELECT s.trace_id FROM span_attributes a "
        "JOIN spans s ON s.id = a.span_id WHERE (a.type = 1 AND typeof(a.value) = 'integer' "
        "AND a.value IN (SELECT id FROM strings WHERE text LIKE :text ESCAPE '\\')) OR "
        "(typeof(a.value) = 'text' AND a.value LIKE :text ESCAPE '\\'))";
  }
  sql += " ORDER BY t.start_ns DESC, t.trace_id";
  if (filter.limit > 0)
    sql += " LIMIT :limit";

  StoreStatement query(workspace.db(), sql);
  auto bind = [&query](const char* name) {
    return sqlite3_bind_parameter_index(query.get(), name);
  };
  if (!filter.service.empty()) {
    query.bindText(bind(":service"), filter.service);
    const std::string list = encodeStringListJson({filter.service});
    query.bindText(bind(":quoted"), list.substr(1, list.size() - 2));
  }
  if (!filter.operation.empty())
    query.bindText(bind(":operation"), filter.operation);
  if (filter.minDurationNs > 0) {
    query.bindInt(bind(":min"), static_cast<std::int64_t>(filter.minDurationNs));
  }
  if (filter.maxDurationNs > 0) {
    query.bindInt(bind(":max"), static_cast<std::int64_t>(filter.maxDurationNs));
  }
  if (!filter.text.empty())
    query.bindText(bind(":text"), containsPattern(filter.text));
  if (filter.limit > 0)
    query.bindInt(bind(":limit"), static_cast<std::int64_t>(filter.limit));

  std::vector<TraceSummary> traces;
  while (query.step()) {
    TraceSummary summary;
    summary.traceId = idFromColumn<TraceId>(query, 0);
    summary.rootService = query.columnText(1);
    summary.rootName = query.columnText(2);
    summary.startUnixNano = static_cast<std::uint64_t>(query.columnInt(3));
    summary.durationNs = static_cast<std::uint64_t>(query.columnInt(4));
    summary.spanCount = static_cast<std::uint32_t>(query.columnInt(5));
    summary.errorCount = static_cast<std::uint32_t>(query.columnInt(6));
    summary.services = decodeStringListJson(query.columnText(7));
    traces.push_back(std::move(summary));
  }
  return traces;
}

std::optional<LoadedTrace> loadTrace(const Workspace& workspace, const TraceId& traceId) {
  StoreStatement query(
      workspace.db(),
      "SELECT s.id, s.span_id, s.parent_span_id, s.service_id, n.text, s.kind, s.start_ns, "
      "s.end_ns, s.status_code, s.status_message, EXISTS(SELECT 1 FROM span_links l WHERE "
      "l.span_id = s.id) FROM spans s JOIN strings n ON n.id = s.name_id WHERE s.trace_id = ? "
      "ORDER BY s.start_ns, s.span_id");
  query.bindBlob(1, traceId.bytes.data(), traceId.bytes.size());
  LoadedTrace trace;
  trace.traceId = traceId;
  std::vector<std::int64_t> serviceIds;
  while (query.step()) {
    LoadedSpan span;
    span.rowId = query.columnInt(0);
    span.spanId = idFromColumn<SpanId>(query, 1);
    span.parentSpanId = idFromColumn<SpanId>(query, 2);
    serviceIds.push_back(query.columnInt(3));
    span.name = query.columnText(4);
    span.kind = static_cast<SpanKind>(query.columnInt(5));
    span.startUnixNano = static_cast<std::uint64_t>(query.columnInt(6));
    span.endUnixNano = static_cast<std::uint64_t>(query.columnInt(7));
    span.statusCode = static_cast<StatusCode>(query.columnInt(8));
    span.statusMessage = query.columnText(9);
    span.hasLinks = query.columnInt(10) != 0;
    trace.spans.push_back(std::move(span));
  }
  if (trace.spans.empty())
    return std::nullopt;

  // Services sorted by name; spans refer to them by index.
  std::vector<std::int64_t> distinct = serviceIds;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  StoreStatement name(workspace.db(), "SELECT text FROM strings WHERE id = ?");
  std::vector<std::pair<std::string, std::int64_t>> named;
  for (auto id : distinct) {
    name.bindInt(1, id);
    named.emplace_back(name.step() ? name.columnText(0) : std::string(), id);
    name.reset();
  }
  std::sort(named.begin(), named.end());
  std::unordered_map<std::int64_t, std::uint32_t> indexOf;
  for (const auto& [text, id] : named) {
    indexOf[id] = static_cast<std::uint32_t>(trace.services.size());
    trace.services.push_back(text);
  }
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    trace.spans[i].serviceIndex = indexOf[serviceIds[i]];
  }
  return trace;
}

std::optional<SpanDetails> loadSpanDetails(const Workspace& workspace, std::int64_t spanRowId) {
  sqlite3* db = workspace.db();
  StoreStatement span(db,
                      "SELECT s.trace_state, s.flags, s.dropped_attributes_count, "
                      "s.dropped_events_count, s.dropped_links_count, s.resource_id, "
                      "n.text, c.version FROM spans s JOIN scopes c ON c.id = s.scope_id "
                      "JOIN strings n ON n.id = c.name_id WHERE s.id = ?");
  span.bindInt(1, spanRowId);
  if (!span.step())
    return std::nullopt;
  SpanDetails details;
  details.traceState = span.columnText(0);
  details.flags = static_cast<std::uint32_t>(span.columnInt(1));
  details.droppedAttributesCount = static_cast<std::uint32_t>(span.columnInt(2));
  details.droppedEventsCount = static_cast<std::uint32_t>(span.columnInt(3));
  details.droppedLinksCount = static_cast<std::uint32_t>(span.columnInt(4));
  const std::int64_t resourceId = span.columnInt(5);
  details.scopeName = span.columnText(6);
  details.scopeVersion = span.columnText(7);

  details.attributes = loadAttributes(db, "span_attributes", "span_id", spanRowId);
  details.resourceAttributes = loadAttributes(db, "resource_attributes", "resource_id", resourceId);

  StoreStatement events(db,
                        "SELECT e.id, e.time_ns, n.text, e.dropped_attributes_count FROM "
                        "span_events e JOIN strings n ON n.id = e.name_id WHERE e.span_id = ? "
                        "ORDER BY e.id");
  events.bindInt(1, spanRowId);
  while (events.step()) {
    SpanEventRecord event;
    event.timeUnixNano = static_cast<std::uint64_t>(events.columnInt(1));
    event.name = events.columnText(2);
    event.droppedAttributesCount = static_cast<std::uint32_t>(events.columnInt(3));
    event.attributes = loadAttributes(db, "span_event_attributes", "event_id", events.columnInt(0));
    details.events.push_back(std::move(event));
  }

  StoreStatement links(db,
                       "SELECT id, linked_trace_id, linked_span_id, trace_state, flags, "
                       "dropped_attributes_count FROM span_links WHERE span_id = ? ORDER BY id");
  links.bindInt(1, spanRowId);
  while (links.step()) {
    SpanLinkRecord link;
    link.traceId = idFromColumn<TraceId>(links, 1);
    link.spanId = idFromColumn<SpanId>(links, 2);
    link.traceState = links.columnText(3);
    link.flags = static_cast<std::uint32_t>(links.columnInt(4));
    link.droppedAttributesCount = static_cast<std::uint32_t>(links.columnInt(5));
    link.attributes = loadAttributes(db, "span_link_attributes", "link_id", links.columnInt(0));
    details.links.push_back(std::move(link));
  }
  return details;
}

std::vector<std::string> listServices(const Workspace& workspace) {
  StoreStatement query(workspace.db(),
                       "SELECT DISTINCT s.text FROM resources r JOIN strings s ON s.id = "
                       "r.service_name_id ORDER BY s.text");
  std::vector<std::string> services;
  while (query.step())
    services.push_back(query.columnText(0));
  return services;
}

std::vector<std::string> listOperations(const Workspace& workspace, const std::string& service) {
  const std::string sql =
      service.empty()
          ? "SELECT n.text FROM (SELECT DISTINCT name_id FROM spans) d JOIN strings n ON n.id = "
            "d.name_id ORDER BY n.text"
          : "SELECT n.text FROM (SELECT DISTINCT name_id FROM spans WHERE service_id = (SELECT "
            "id FROM strings WHERE text = ?)) d JOIN strings n ON n.id = d.name_id ORDER BY "
            "n.text";
  StoreStatement query(workspace.db(), sql);
  if (!service.empty())
    query.bindText(1, service);
  std::vector<std::string> operations;
  while (query.step())
    operations.push_back(query.columnText(0));
  return operations;
}

}  // namespace sightline
