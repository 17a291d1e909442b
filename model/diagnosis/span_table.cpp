#include "model/diagnosis/span_table.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include "model/common/stable_hash.h"
#include "model/diagnosis/call_normalizer.h"
#include "model/store/store_statement.h"
#include "model/traces/store_attributes.h"
#include "model/traces/stored_attribute.h"

namespace sightline {

namespace {

template <typename Id>
Id blobId(const StoreStatement& statement, int column) {
  Id id;
  const std::string_view bytes = statement.columnBlob(column);
  if (bytes.size() == Id::kSize)
    std::memcpy(id.bytes.data(), bytes.data(), Id::kSize);
  return id;
}

// The attribute keys the rules read, and what each one feeds.
enum class Key {
  DbSystem,
  DbStatement,
  HttpStatus,
  GrpcStatus,
  HttpRoute,
  UrlPath,
  UrlFull,
  RpcService,
  RpcMethod,
  Peer,
};

struct KeyName {
  const char* name;
  Key key;
};

constexpr KeyName kKeys[] = {
    {"db.system", Key::DbSystem},
    {"db.system.name", Key::DbSystem},
    {"db.statement", Key::DbStatement},
    {"db.query.text", Key::DbStatement},
    {"http.response.status_code", Key::HttpStatus},
    {"http.status_code", Key::HttpStatus},
    {"rpc.grpc.status_code", Key::GrpcStatus},
    {"http.route", Key::HttpRoute},
    {"url.path", Key::UrlPath},
    {"http.target", Key::UrlPath},
    {"url.full", Key::UrlFull},
    {"http.url", Key::UrlFull},
    {"rpc.service", Key::RpcService},
    {"rpc.method", Key::RpcMethod},
    {"server.address", Key::Peer},
    {"net.peer.name", Key::Peer},
    {"peer.service", Key::Peer},
};

// What one span's attributes said, before they become dictionary indices.
struct CallFacts {
  std::string route;
  std::string urlPath;
  std::string urlFull;
  std::string rpcService;
  std::string rpcMethod;

  void clear() {
    route.clear();
    urlPath.clear();
    urlFull.clear();
    rpcService.clear();
    rpcMethod.clear();
  }
};

class Dictionary {
 public:
  explicit Dictionary(std::vector<std::string>& texts) : m_texts(texts) {
    if (m_texts.empty())
      m_texts.emplace_back();
    m_index.emplace(std::string(), 0);
  }
  std::uint32_t intern(const std::string& text) {
    auto [it, added] = m_index.try_emplace(text, static_cast<std::uint32_t>(m_texts.size()));
    if (added)
      m_texts.push_back(text);
    return it->second;
  }

 private:
  std::vector<std::string>& m_texts;
  std::unordered_map<std::string, std::uint32_t> m_index;
};

class StringLookup {
 public:
  explicit StringLookup(sqlite3* db) : m_query(db, "SELECT text FROM strings WHERE id = ?") {}
  const std::string& text(std::int64_t id) {
    auto [it, added] = m_texts.try_emplace(id);
    if (added) {
      m_query.bindInt(1, id);
      if (m_query.step())
        it->second = m_query.columnText(0);
      m_query.reset();
    }
    return it->second;
  }

 private:
  StoreStatement m_query;
  std::unordered_map<std::int64_t, std::string> m_texts;
};

// Groups spans by trace (in first-seen order of the traces) and orders each trace's spans by
// start time, ties by span id.
void groupByTrace(DiagnosisSpanTable& table, std::vector<DiagnosisSpan>& spans,
                  const std::vector<std::uint32_t>& traceOf) {
  const std::size_t traces = table.traceIds.size();
  std::vector<std::uint32_t> counts(traces + 1, 0);
  for (std::uint32_t t : traceOf)
    ++counts[t + 1];
  std::partial_sum(counts.begin(), counts.end(), counts.begin());
  table.traceBegin = counts;
  std::vector<std::uint32_t> cursor(counts.begin(), counts.end() - 1);
  table.spans.resize(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i)
    table.spans[cursor[traceOf[i]]++] = spans[i];
  for (std::size_t t = 0; t < traces; ++t) {
    std::sort(table.spans.begin() + table.traceBegin[t],
              table.spans.begin() + table.traceBegin[t + 1],
              [](const DiagnosisSpan& a, const DiagnosisSpan& b) {
                if (a.startUnixNano != b.startUnixNano)
                  return a.startUnixNano < b.startUnixNano;
                return a.spanId.bytes < b.spanId.bytes;
              });
  }
}

// One attribute value as the rules read it, from a blob entry or a span_attributes row.
struct AttributeCell {
  int type = 0;            // AttributeValue::Type
  bool interned = false;   // a string stored as its strings.id (`integer`)
  bool isInteger = false;  // `integer` holds the value
  std::int64_t integer = 0;
  std::string_view text;  // a string stored inline
};

// Applies the attributes the rules read to spans, one span at a time.
class SpanAttributeFacts {
 public:
  SpanAttributeFacts(Dictionary& dictionary, StringLookup& strings,
                     const std::unordered_map<std::int64_t, Key>& keys)
      : m_dictionary(dictionary), m_strings(strings), m_keys(keys) {}

  const std::unordered_map<std::int64_t, Key>& keys() const { return m_keys; }

  void add(DiagnosisSpan& span, std::int64_t keyId, const AttributeCell& cell) {
    const auto key = m_keys.find(keyId);
    if (key == m_keys.end())
      return;
    switch (key->second) {
      case Key::DbSystem:
        span.isDatabase = true;
        break;
      case Key::DbStatement: {
        std::string text = textOf(cell);
        auto [it, added] = m_statements.try_emplace(std::move(text), 0);
        if (added)
          it->second = m_dictionary.intern(normalizeSqlStatement(it->first));
        span.statement = it->second;
        break;
      }
      case Key::HttpStatus:
        span.httpStatus = static_cast<std::int16_t>(intOf(cell));
        break;
      case Key::GrpcStatus:
        span.grpcStatus = static_cast<std::int16_t>(intOf(cell));
        break;
      case Key::HttpRoute:
        m_facts.route = textOf(cell);
        break;
      case Key::UrlPath:
        m_facts.urlPath = textOf(cell);
        break;
      case Key::UrlFull:
        m_facts.urlFull = textOf(cell);
        break;
      case Key::RpcService:
        m_facts.rpcService = textOf(cell);
        break;
      case Key::RpcMethod:
        m_facts.rpcMethod = textOf(cell);
        break;
      case Key::Peer:
        if (span.peer == 0)
          span.peer = m_dictionary.intern(textOf(cell));
        break;
    }
  }

  // After a span's last attribute: its route from what they said.
  void finish(DiagnosisSpan& span) {
    std::string route;
    if (!m_facts.rpcService.empty() || !m_facts.rpcMethod.empty())
      route = m_facts.rpcService + "/" + m_facts.rpcMethod;
    else if (!m_facts.route.empty())
      route = m_facts.route;
    else if (!m_facts.urlPath.empty())
      route = normalizeUrlPath(m_facts.urlPath);
    else if (!m_facts.urlFull.empty())
      route = normalizeUrlPath(m_facts.urlFull);
    if (!route.empty())
      span.route = m_dictionary.intern(route);
    m_facts.clear();
  }

 private:
  std::string textOf(const AttributeCell& cell) {
    using Type = AttributeValue::Type;
    if (cell.interned)
      return m_strings.text(cell.integer);
    if (cell.type == static_cast<int>(Type::String))
      return std::string(cell.text);
    if (cell.type == static_cast<int>(Type::Int) && cell.isInteger)
      return std::to_string(cell.integer);
    return {};
  }
  std::int64_t intOf(const AttributeCell& cell) {
    using Type = AttributeValue::Type;
    if (cell.interned)
      return std::atoll(m_strings.text(cell.integer).c_str());
    if (cell.type == static_cast<int>(Type::Int) && cell.isInteger)
      return cell.integer;
    if (cell.type == static_cast<int>(Type::String))
      return std::atoll(std::string(cell.text).c_str());
    return 0;
  }

  Dictionary& m_dictionary;
  StringLookup& m_strings;
  const std::unordered_map<std::int64_t, Key>& m_keys;
  std::unordered_map<std::string, std::uint32_t> m_statements;
  CallFacts m_facts;
};

AttributeCell cellOf(const StoredAttribute& a) {
  AttributeCell cell;
  cell.type = a.type;
  cell.isInteger = a.storage == StoredClass::Integer;
  cell.integer = a.integer;
  cell.interned = cell.isInteger && a.type == static_cast<int>(AttributeValue::Type::String);
  if (a.storage == StoredClass::Text)
    cell.text = a.bytes;
  return cell;
}

}  // namespace

DiagnosisSpanTable loadDiagnosisSpans(Workspace& workspace, Status* status,
                                      const DiagnosisScope& scope) {
  sqlite3* db = workspace.db();
  DiagnosisSpanTable table;
  Dictionary dictionary(table.dictionary);
  StringLookup strings(db);
  std::unordered_map<std::int64_t, std::uint32_t> nameIndex;  // strings.id → dictionary
  auto nameOf = [&](std::int64_t stringId) {
    auto [it, added] = nameIndex.try_emplace(stringId, 0);
    if (added)
      it->second = dictionary.intern(strings.text(stringId));
    return it->second;
  };
  auto fail = [&](const char* what) {
    if (status)
      *status =
          Status::error(std::string("workspace: cannot read ") + what + ": " + lastSqliteError(db));
    return DiagnosisSpanTable{};
  };

  // The key ids of the attributes the rules read.
  std::unordered_map<std::int64_t, Key> keys;
  {
    StoreStatement lookup(db, "SELECT id FROM strings WHERE text = ?");
    for (const KeyName& name : kKeys) {
      lookup.bindText(1, name.name);
      if (lookup.step())
        keys.emplace(lookup.columnInt(0), name.key);
      lookup.reset();
    }
  }
  SpanAttributeFacts facts(dictionary, strings, keys);
  // Schema 7 keeps a span's attributes in its row: read with the span, no second scan.
  const bool blobs = workspace.schemaVersion() >= 7;

  std::vector<DiagnosisSpan> spans;
  std::vector<std::int64_t> rowIds;
  std::vector<std::uint32_t> traceOf;
  std::unordered_map<TraceId, std::uint32_t, TraceIdHash> traceIndex;
  {
    const std::string columns =
        "s.id, s.trace_id, s.span_id, s.parent_span_id, s.name_id, s.service_id, s.kind, "
        "s.start_ns, s.end_ns, s.status_code" +
        std::string(blobs && !keys.empty() ? ", s.attributes" : "");
    // A scope's spans through its traces when no merge join with span_attributes follows
    // (schema 7): only the side's rows are read, trace by trace, instead of every row.
    const std::string scoped =
        blobs ? " FROM traces t JOIN spans s INDEXED BY spans_trace ON s.trace_id = t.trace_id "
                "WHERE t.start_ns BETWEEN ? AND ?"
              : " FROM spans s WHERE s.trace_id IN (SELECT trace_id FROM traces WHERE start_ns "
                "BETWEEN ? AND ?) ORDER BY s.id";
    StoreStatement query(db, scope.isWhole() ? "SELECT " + columns + " FROM spans s ORDER BY s.id"
                                             : "SELECT " + columns + scoped);
    if (!scope.isWhole()) {
      query.bindInt(1, static_cast<std::int64_t>(std::min<std::uint64_t>(scope.fromNs, INT64_MAX)));
      query.bindInt(2, static_cast<std::int64_t>(std::min<std::uint64_t>(scope.toNs, INT64_MAX)));
    }
    while (query.step()) {
      rowIds.push_back(query.columnInt(0));
      const TraceId trace = blobId<TraceId>(query, 1);
      auto [it, added] =
          traceIndex.try_emplace(trace, static_cast<std::uint32_t>(table.traceIds.size()));
      if (added)
        table.traceIds.push_back(trace);
      traceOf.push_back(it->second);
      DiagnosisSpan& span = spans.emplace_back();
      span.spanId = blobId<SpanId>(query, 2);
      span.parentSpanId = blobId<SpanId>(query, 3);
      span.name = nameOf(query.columnInt(4));
      span.service = nameOf(query.columnInt(5));
      span.kind = static_cast<SpanKind>(query.columnInt(6));
      span.startUnixNano = static_cast<std::uint64_t>(query.columnInt(7));
      span.endUnixNano = static_cast<std::uint64_t>(query.columnInt(8));
      span.statusCode = static_cast<StatusCode>(query.columnInt(9));
      if (blobs && !keys.empty() && !query.columnIsNull(10)) {
        StoredAttributeReader reader(query.columnBlob(10));
        StoredAttribute a;
        while (reader.next(&a))
          facts.add(span, a.keyId, cellOf(a));
        facts.finish(span);
      }
    }
    if (!query.ok())
      return fail("the spans");
  }

  if (!blobs && !keys.empty() && !spans.empty()) {
    std::string sql = "SELECT span_id, key_id, type, value FROM span_attributes WHERE key_id IN (";
    bool first = true;
    for (const auto& entry : keys) {
      sql += first ? "" : ",";
      sql += std::to_string(entry.first);
      first = false;
    }
    sql += ") ORDER BY span_id";
    StoreStatement query(db, sql);
    std::size_t cursor = 0;  // both scans are in span row order: a merge join
    std::size_t current = SIZE_MAX;
    std::string text;
    while (query.step()) {
      const std::int64_t row = query.columnInt(0);
      while (cursor < rowIds.size() && rowIds[cursor] < row)
        ++cursor;
      if (cursor >= rowIds.size() || rowIds[cursor] != row)
        continue;
      if (cursor != current) {
        if (current != SIZE_MAX)
          facts.finish(spans[current]);
        current = cursor;
      }
      AttributeCell cell;
      cell.type = static_cast<int>(query.columnInt(2));
      switch (query.columnType(3)) {
        case SQLITE_INTEGER:
          cell.isInteger = true;
          cell.integer = query.columnInt(3);
          cell.interned = isInternedString(query, 2);
          break;
        case SQLITE_TEXT:
          text = query.columnText(3);
          cell.text = text;
          break;
        default:
          break;
      }
      facts.add(spans[cursor], query.columnInt(1), cell);
    }
    if (current != SIZE_MAX)
      facts.finish(spans[current]);
    if (!query.ok())
      return fail("the span attributes");
  }
  groupByTrace(table, spans, traceOf);
  if (status)
    *status = Status::ok();
  return table;
}

std::uint32_t DiagnosisSpanTableBuilder::intern(const std::string& text) {
  if (m_table.dictionary.empty())
    m_table.dictionary.emplace_back();
  for (std::size_t i = 0; i < m_table.dictionary.size(); ++i) {
    if (m_table.dictionary[i] == text)
      return static_cast<std::uint32_t>(i);
  }
  m_table.dictionary.push_back(text);
  return static_cast<std::uint32_t>(m_table.dictionary.size() - 1);
}

void DiagnosisSpanTableBuilder::add(const TraceId& trace, const DiagnosisSpan& span) {
  m_traceOf.push_back(trace);
  m_spans.push_back(span);
}

DiagnosisSpanTable DiagnosisSpanTableBuilder::finish() {
  if (m_table.dictionary.empty())
    m_table.dictionary.emplace_back();
  std::unordered_map<TraceId, std::uint32_t, TraceIdHash> traceIndex;
  std::vector<std::uint32_t> traceOf;
  for (const TraceId& trace : m_traceOf) {
    auto [it, added] =
        traceIndex.try_emplace(trace, static_cast<std::uint32_t>(m_table.traceIds.size()));
    if (added)
      m_table.traceIds.push_back(trace);
    traceOf.push_back(it->second);
  }
  groupByTrace(m_table, m_spans, traceOf);
  return std::move(m_table);
}

}  // namespace sightline
