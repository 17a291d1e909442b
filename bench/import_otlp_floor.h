#pragma once

// The storage floor of bench/import_otlp.cpp: the plainest prepared-statement loop that
// puts the same rows into the same tables (model/schema.h) of a fresh SQLite file, with the
// same pragmas as the import writer and the same indexes built after the bulk insert.

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/floor_database.h"
#include "bench/import_otlp_generator.h"
#include "model/store/schema.h"
#include "model/traces/store_attributes.h"

namespace sightline::bench {

class StorageFloor : private FloorDatabase {
 public:
  explicit StorageFloor(const std::string& path) : FloorDatabase(path) {
    exec("BEGIN");
    exec(
        "INSERT INTO sources(path, kind, sha256, bytes, imported_at) "
        "VALUES('floor', 'otlp-proto', 'floor', 0, 0)");
    m_source = sqlite3_last_insert_rowid(handle());
    m_insertString = prepare("INSERT INTO strings(text) VALUES(?)");
    m_insertResource = prepare("INSERT INTO resources(source_id, service_name_id) VALUES(?,?)");
    m_insertScope = prepare("INSERT INTO scopes(source_id, name_id, version) VALUES(?,?,?)");
    m_insertSpan = prepare(
        "INSERT INTO spans(trace_id, span_id, parent_span_id, name_id, kind, service_id, "
        "start_ns, end_ns, status_code, status_message, trace_state, flags, "
        "dropped_attributes_count, dropped_events_count, dropped_links_count, resource_id, "
        "scope_id, source_id, attributes) VALUES(?,?,?,?,?,?,?,?,?,?,NULL,?,0,0,0,?,?,?,?)");
    m_insertEvent = prepare(
        "INSERT INTO span_events(span_id, time_ns, name_id, dropped_attributes_count) "
        "VALUES(?,?,?,0)");
    m_insertLink = prepare(
        "INSERT INTO span_links(span_id, linked_trace_id, linked_span_id, flags, "
        "dropped_attributes_count) VALUES(?,?,?,0,0)");
    m_insertTrace = prepare(
        "INSERT INTO traces(trace_id, root_span, root_service_id, root_name_id, start_ns, "
        "duration_ns, span_count, error_count, services) VALUES(?,?,?,?,?,?,?,?,?)");
    for (const char* table : {"resource_attributes(resource_id", "scope_attributes(scope_id",
                              "span_event_attributes(event_id", "span_link_attributes(link_id"}) {
      m_insertAttribute.push_back(prepare(std::string("INSERT INTO ") + table +
                                          ", seq, key_id, type, value) VALUES(?,?,?,?,?)"));
    }
  }

  void insert(const Chunk& chunk) {
    for (const ResourceGroup& group : chunk.groups) {
      const std::string* service = nullptr;
      for (const Attribute& a : group.resource.attributes) {
        if (a.key == "service.name")
          service = &a.value.text;
      }
      const std::int64_t serviceId = intern(*service);
      bind(m_insertResource, m_source, serviceId);
      const std::int64_t resource = step(m_insertResource);
      insertAttributes(kResource, resource, group.resource.attributes);
      bind(m_insertScope, m_source, intern(group.scope.name));
      sqlite3_bind_text(m_insertScope, 3, group.scope.version.data(),
                        static_cast<int>(group.scope.version.size()), SQLITE_STATIC);
      const std::int64_t scope = step(m_insertScope);
      for (const SpanRecord& span : group.spans) {
        insertSpan(span, *service, serviceId, resource, scope);
      }
    }
    flushTraces();
  }

  void finish() {
    for (const std::string& sql : spanIndexStatements())
      exec(sql);
    exec("CREATE INDEX traces_start ON traces(start_ns)");
    exec("CREATE INDEX traces_duration ON traces(duration_ns)");
    exec("COMMIT");
  }

  std::uint64_t spans() const { return m_spans; }

 private:
  enum Owner { kResource, kScope, kEvent, kLink };

  struct TraceFigures {
    std::int64_t rootRow = 0;
    std::int64_t rootService = 0;
    std::int64_t rootName = 0;
    std::uint64_t start = UINT64_MAX;
    std::uint64_t end = 0;
    std::int64_t spans = 0;
    std::int64_t errors = 0;
    std::vector<std::string> services;
  };

  template <typename... Ints>
  void bind(sqlite3_stmt* s, Ints... values) {
    int i = 0;
    ((sqlite3_bind_int64(s, ++i, static_cast<sqlite3_int64>(values))), ...);
  }
  template <typename Id>
  void bindId(sqlite3_stmt* s, int index, const Id& id) {
    sqlite3_bind_blob(s, index, id.bytes.data(), static_cast<int>(id.bytes.size()), SQLITE_STATIC);
  }
  std::int64_t intern(const std::string& text) {
    auto [it, added] = m_strings.try_emplace(text, 0);
    if (added) {
      sqlite3_bind_text(m_insertString, 1, text.data(), static_cast<int>(text.size()),
                        SQLITE_STATIC);
      it->second = step(m_insertString);
    }
    return it->second;
  }

  void insertAttributes(Owner owner, std::int64_t ownerRow, const std::vector<Attribute>& list) {
    sqlite3_stmt* s = m_insertAttribute[owner];
    std::int64_t seq = 0;
    for (const Attribute& a : list) {
      bind(s, ownerRow, seq++, intern(a.key), static_cast<int>(a.value.type));
      const AttributeValue& v = a.value;
      switch (v.type) {
        case AttributeValue::Type::String:
          if (v.text.size() <= kMaxInternedValueBytes) {
            sqlite3_bind_int64(s, 5, intern(v.text));
          } else {
            sqlite3_bind_text(s, 5, v.text.data(), static_cast<int>(v.text.size()), SQLITE_STATIC);
          }
          break;
        case AttributeValue::Type::Double:
          sqlite3_bind_double(s, 5, v.doubleValue);
          break;
        case AttributeValue::Type::Array:
          sqlite3_bind_text(s, 5, v.text.data(), static_cast<int>(v.text.size()), SQLITE_STATIC);
          break;
        default:
          sqlite3_bind_int64(s, 5, v.intValue);
          break;
      }
      step(s);
    }
  }

  // spans.attributes as the writer encodes it (model/traces/stored_attribute.h).
  void encodeAttributes(const std::vector<Attribute>& list) {
    m_blob.clear();
    for (const Attribute& a : list) {
      const AttributeValue& v = a.value;
      StoredAttribute stored;
      stored.keyId = intern(a.key);
      stored.type = static_cast<int>(v.type);
      switch (v.type) {
        case AttributeValue::Type::String:
          if (v.text.size() <= kMaxInternedValueBytes) {
            stored.storage = StoredClass::Integer;
            stored.integer = intern(v.text);
          } else {
            stored.storage = StoredClass::Text;
            stored.bytes = v.text;
          }
          break;
        case AttributeValue::Type::Double:
          stored.storage = StoredClass::Real;
          stored.real = v.doubleValue;
          break;
        case AttributeValue::Type::Array:
          stored.storage = StoredClass::Text;
          stored.bytes = v.text;
          break;
        default:
          stored.storage = StoredClass::Integer;
          stored.integer = v.intValue;
          break;
      }
      appendStoredAttribute(m_blob, stored);
    }
  }

  void insertSpan(const SpanRecord& span, const std::string& service, std::int64_t serviceId,
                  std::int64_t resource, std::int64_t scope) {
    sqlite3_stmt* s = m_insertSpan;
    bindId(s, 1, span.traceId);
    bindId(s, 2, span.spanId);
    if (span.parentSpanId.isZero()) {
      sqlite3_bind_null(s, 3);
    } else {
      bindId(s, 3, span.parentSpanId);
    }
    const std::int64_t nameId = intern(span.name);
    sqlite3_bind_int64(s, 4, nameId);
    sqlite3_bind_int64(s, 5, static_cast<int>(span.kind));
    sqlite3_bind_int64(s, 6, serviceId);
    sqlite3_bind_int64(s, 7, static_cast<sqlite3_int64>(span.startUnixNano));
    sqlite3_bind_int64(s, 8, static_cast<sqlite3_int64>(span.endUnixNano));
    sqlite3_bind_int64(s, 9, static_cast<int>(span.statusCode));
    if (span.statusMessage.empty()) {
      sqlite3_bind_null(s, 10);
    } else {
      sqlite3_bind_text(s, 10, span.statusMessage.data(),
                        static_cast<int>(span.statusMessage.size()), SQLITE_STATIC);
    }
    sqlite3_bind_int64(s, 11, span.flags);
    sqlite3_bind_int64(s, 12, resource);
    sqlite3_bind_int64(s, 13, scope);
    sqlite3_bind_int64(s, 14, m_source);
    encodeAttributes(span.attributes);
    if (span.attributes.empty()) {
      sqlite3_bind_null(s, 15);
    } else {
      sqlite3_bind_blob(s, 15, m_blob.data(), static_cast<int>(m_blob.size()), SQLITE_STATIC);
    }
    const std::int64_t row = step(s);
    ++m_spans;
    for (const SpanEventRecord& e : span.events) {
      bind(m_insertEvent, row, e.timeUnixNano, intern(e.name));
      insertAttributes(kEvent, step(m_insertEvent), e.attributes);
    }
    for (const SpanLinkRecord& l : span.links) {
      sqlite3_bind_int64(m_insertLink, 1, row);
      bindId(m_insertLink, 2, l.traceId);
      bindId(m_insertLink, 3, l.spanId);
      insertAttributes(kLink, step(m_insertLink), l.attributes);
    }

    TraceFigures& t = m_traces[span.traceId];
    if (span.parentSpanId.isZero()) {
      t.rootRow = row;
      t.rootService = serviceId;
      t.rootName = nameId;
    }
    t.start = std::min(t.start, span.startUnixNano);
    t.end = std::max(t.end, span.endUnixNano);
    ++t.spans;
    t.errors += span.statusCode == StatusCode::Error;
    t.services.push_back(service);
  }

  // The generator keeps every trace inside one chunk, so summaries are final here.
  void flushTraces() {
    for (auto& [id, t] : m_traces) {
      std::sort(t.services.begin(), t.services.end());
      t.services.erase(std::unique(t.services.begin(), t.services.end()), t.services.end());
      std::string list = "[";
      for (const std::string& name : t.services)
        list += (list.size() > 1 ? ",\"" : "\"") + name + '"';
      list += ']';
      bindId(m_insertTrace, 1, id);
      sqlite3_bind_int64(m_insertTrace, 2, t.rootRow);
      sqlite3_bind_int64(m_insertTrace, 3, t.rootService);
      sqlite3_bind_int64(m_insertTrace, 4, t.rootName);
      sqlite3_bind_int64(m_insertTrace, 5, static_cast<sqlite3_int64>(t.start));
      sqlite3_bind_int64(m_insertTrace, 6, static_cast<sqlite3_int64>(t.end - t.start));
      sqlite3_bind_int64(m_insertTrace, 7, t.spans);
      sqlite3_bind_int64(m_insertTrace, 8, t.errors);
      sqlite3_bind_text(m_insertTrace, 9, list.data(), static_cast<int>(list.size()),
                        SQLITE_TRANSIENT);
      step(m_insertTrace);
    }
    m_traces.clear();
  }

  std::int64_t m_source = 0;
  std::uint64_t m_spans = 0;
  sqlite3_stmt* m_insertString = nullptr;
  sqlite3_stmt* m_insertResource = nullptr;
  sqlite3_stmt* m_insertScope = nullptr;
  sqlite3_stmt* m_insertSpan = nullptr;
  sqlite3_stmt* m_insertEvent = nullptr;
  sqlite3_stmt* m_insertLink = nullptr;
  sqlite3_stmt* m_insertTrace = nullptr;
  std::vector<sqlite3_stmt*> m_insertAttribute;
  std::unordered_map<std::string, std::int64_t> m_strings;
  std::string m_blob;  // one span's spans.attributes
  std::unordered_map<TraceId, TraceFigures, TraceIdHash> m_traces;
};

}  // namespace sightline::bench
