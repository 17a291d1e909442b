#include "model/diagnosis/compare_side_scan.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>

#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/stored_attribute.h"
#include "model/traces/trace_records.h"

namespace sightline {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct ScanRow {
  std::uint64_t spanId = 0;  // big-endian, so that numeric order is the stored blob order
  std::uint64_t parentId = 0;
  std::int64_t serviceId = 0;
  std::int64_t nameId = 0;
  std::uint64_t durationNs = 0;
  bool error = false;
};

std::uint64_t idValue(std::string_view raw) {
  if (raw.size() != 8)
    return 0;
  std::uint64_t v = 0;
  for (char c : raw)
    v = v << 8 | static_cast<unsigned char>(c);
  return v;
}

class SideAccumulator {
 public:
  SideAccumulator(SpanPathTable& paths, CompareSideData& data, bool allPaths)
      : m_paths(paths), m_data(data), m_allPaths(allPaths) {}

  void addTrace(std::vector<ScanRow>& rows) {
    if (rows.empty())
      return;
    const std::size_t n = rows.size();
    ++m_data.traces;
    m_data.spans += n;
    resolveParents(rows);
    if (!m_allPaths) {
      addTraceRootsOnly(rows);
      return;
    }
    resolvePaths(rows);
    m_traceRoots.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const ScanRow& row = rows[i];
      const std::uint32_t path = m_pathOf[i];
      if (m_paths.step(path).parent == SpanPathTable::kNoPath)
        m_traceRoots.push_back(path);
      grow(path);
      ++m_data.pathSpans[path];
      CompareOperationSamples& op = operationOf(path, row);
      op.durationsNs.push_back(row.durationNs);
      if (row.error) {
        ++op.errors;
        ++m_data.errorSpans;
      }
    }
    std::sort(m_traceRoots.begin(), m_traceRoots.end());
    m_traceRoots.erase(std::unique(m_traceRoots.begin(), m_traceRoots.end()), m_traceRoots.end());
    for (std::uint32_t root : m_traceRoots)
      ++m_data.rootTraces[root];
  }

 private:
  // Only the roots get a path (their operation, one step): the operations' figures are the
  // same, at a fraction of the cost for traces whose paths rarely repeat.
  void addTraceRootsOnly(const std::vector<ScanRow>& rows) {
    m_traceRoots.clear();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ScanRow& row = rows[i];
      CompareOperationSamples* op = nullptr;
      if (m_parent[i] < 0) {
        const std::uint32_t path =
            m_paths.intern(SpanPathTable::kNoPath, row.serviceId, row.nameId);
        m_traceRoots.push_back(path);
        grow(path);
        ++m_data.pathSpans[path];
        op = &operationOf(path, row);
      } else {
        op = &operationByKey(row);
      }
      op->durationsNs.push_back(row.durationNs);
      if (row.error) {
        ++op->errors;
        ++m_data.errorSpans;
      }
    }
    std::sort(m_traceRoots.begin(), m_traceRoots.end());
    m_traceRoots.erase(std::unique(m_traceRoots.begin(), m_traceRoots.end()), m_traceRoots.end());
    for (std::uint32_t root : m_traceRoots)
      ++m_data.rootTraces[root];
  }

  // Rows are ordered by span id: a parent is found by binary search. A duplicated span id
  // resolves to its first row.
  void resolveParents(const std::vector<ScanRow>& rows) {
    m_parent.assign(rows.size(), -1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint64_t parent = rows[i].parentId;
      if (parent == 0)
        continue;
      auto it = std::lower_bound(rows.begin(), rows.end(), parent,
                                 [](const ScanRow& r, std::uint64_t id) { return r.spanId < id; });
      if (it != rows.end() && it->spanId == parent && &*it != &rows[i])
        m_parent[i] = static_cast<std::int32_t>(it - rows.begin());
    }
  }

  // Each span's path from its parent's, walking up to the nearest span with a known path;
  // a parent cycle is cut at the span whose parent is already on the walk.
  void resolvePaths(const std::vector<ScanRow>& rows) {
    m_pathOf.assign(rows.size(), kNone);
    m_state.assign(rows.size(), 0);  // 0 new, 1 on the walk, 2 done
    for (std::size_t start = 0; start < rows.size(); ++start) {
      if (m_state[start] == 2)
        continue;
      m_walk.clear();
      std::uint32_t base = SpanPathTable::kNoPath;
      for (std::int32_t j = static_cast<std::int32_t>(start); j >= 0;) {
        const auto k = static_cast<std::size_t>(j);
        if (m_state[k] == 2) {
          base = m_pathOf[k];
          break;
        }
        if (m_state[k] == 1)
          break;
        m_state[k] = 1;
        m_walk.push_back(j);
        j = m_parent[k];
      }
      for (auto it = m_walk.rbegin(); it != m_walk.rend(); ++it) {
        const auto k = static_cast<std::size_t>(*it);
        base = m_paths.intern(base, rows[k].serviceId, rows[k].nameId);
        m_pathOf[k] = base;
        m_state[k] = 2;
      }
    }
  }

  void grow(std::uint32_t path) {
    if (path < m_data.pathSpans.size())
      return;
    const std::size_t size = std::max<std::size_t>(m_paths.size(), path + 1);
    m_data.pathSpans.resize(size, 0);
    m_data.rootTraces.resize(size, 0);
    m_operationOfPath.resize(size, kNone);
  }

  // Paths ending in the same step share an operation: found once per path, not per span.
  CompareOperationSamples& operationOf(std::uint32_t path, const ScanRow& row) {
    std::uint32_t& index = m_operationOfPath[path];
    if (index == kNone)
      index = operationIndex(row);
    return m_data.operations[index];
  }

  CompareOperationSamples& operationByKey(const ScanRow& row) {
    return m_data.operations[operationIndex(row)];
  }

  std::uint32_t operationIndex(const ScanRow& row) {
    const OperationKey key{row.serviceId, row.nameId};
    auto it = m_operationIndex.find(key);
    if (it == m_operationIndex.end()) {
      it =
          m_operationIndex.emplace(key, static_cast<std::uint32_t>(m_data.operations.size())).first;
      CompareOperationSamples op;
      op.serviceId = row.serviceId;
      op.nameId = row.nameId;
      m_data.operations.push_back(std::move(op));
    }
    return it->second;
  }

  struct OperationKey {
    std::int64_t serviceId;
    std::int64_t nameId;
    bool operator==(const OperationKey&) const = default;
  };
  struct OperationKeyHash {
    std::size_t operator()(const OperationKey& k) const {
      return std::hash<std::int64_t>{}(k.serviceId) * 0x9E3779B97F4A7C15ull ^
             std::hash<std::int64_t>{}(k.nameId);
    }
  };

  SpanPathTable& m_paths;
  CompareSideData& m_data;
  bool m_allPaths = true;
  std::vector<std::int32_t> m_parent;
  std::vector<std::uint32_t> m_pathOf;
  std::vector<std::uint8_t> m_state;
  std::vector<std::int32_t> m_walk;
  std::vector<std::uint32_t> m_traceRoots;
  std::vector<std::uint32_t> m_operationOfPath;
  std::unordered_map<OperationKey, std::uint32_t, OperationKeyHash> m_operationIndex;
};

}  // namespace

std::string compareSpanErrorSql(const Workspace& workspace) {
  StoreStatement keys(workspace.db(),
                      "SELECT id, text FROM strings WHERE text IN ('http.response.status_code', "
                      "'http.status_code', 'rpc.grpc.status_code')");
  std::string http;
  std::string grpc;
  while (keys.step()) {
    const std::string id = std::to_string(keys.columnInt(0));
    if (keys.columnText(1) == "rpc.grpc.status_code") {
      grpc = id;
    } else {
      http += (http.empty() ? "" : ",") + id;
    }
  }
  if (http.empty() && grpc.empty())
    return "s.status_code = 2";
  std::string test;
  if (!http.empty())
    test = "(a.key_id IN (" + http + ") AND a.value >= 500)";
  if (!grpc.empty())
    test +=
        (test.empty() ? "" : " OR ") + std::string("(a.key_id = ") + grpc + " AND a.value <> 0)";
  // Status codes are on server and client spans; the attributes of the others are not read.
  return "CASE WHEN s.status_code = 2 THEN 1 WHEN s.kind IN (2, 3) THEN EXISTS (SELECT 1 FROM "
         "span_attributes a WHERE a.span_id = s.id AND a.type = 3 AND (" +
         test + ")) ELSE 0 END";
}

namespace {

// compareSpanErrorSql's test in C++ over a span's attribute blob (schema 7): the scan reads
// the blob of the server and client spans that are not errors by status instead of running
// a correlated subquery of span_attributes per span, which cost most of a 1M-span scan.
class SpanErrorTest {
 public:
  explicit SpanErrorTest(const Workspace& workspace) {
    StoreStatement keys(workspace.db(),
                        "SELECT id, text FROM strings WHERE text IN ('http.response.status_code', "
                        "'http.status_code', 'rpc.grpc.status_code')");
    while (keys.step())
      (keys.columnText(1) == "rpc.grpc.status_code" ? m_grpc : m_http).push_back(keys.columnInt(0));
  }

  // `attributes`: the blob of a server or client span whose status is not ERROR.
  bool hasErrorCode(std::string_view attributes) const {
    StoredAttributeReader reader(attributes);
    StoredAttribute a;
    while (reader.next(&a)) {
      if (a.type != static_cast<int>(AttributeValue::Type::Int) ||
          a.storage != StoredClass::Integer)
        continue;
      if (a.integer >= 500 && std::find(m_http.begin(), m_http.end(), a.keyId) != m_http.end())
        return true;
      if (a.integer != 0 && std::find(m_grpc.begin(), m_grpc.end(), a.keyId) != m_grpc.end())
        return true;
    }
    return false;
  }

 private:
  std::vector<std::int64_t> m_http;
  std::vector<std::int64_t> m_grpc;
};

}  // namespace

Status scanCompareSide(const Workspace& workspace, const ResolvedCompareSide& side,
                       SpanPathTable& paths, CompareSideData* data, bool allPaths) {
  *data = CompareSideData{};
  // Column 7 is the error flag; with the blobs (schema 7) the status and, for a server or
  // client span that is not an error by status, its attributes, tested in C++.
  const bool blobs = workspace.schemaVersion() >= 7;
  const SpanErrorTest errorTest(workspace);
  const std::string columns =
      "s.trace_id, s.span_id, s.parent_span_id, s.service_id, s.name_id, s.start_ns, s.end_ns, " +
      (blobs ? std::string("s.status_code = 2, CASE WHEN s.status_code <> 2 AND s.kind IN (2, 3) "
                           "THEN s.attributes END")
             : compareSpanErrorSql(workspace));
  // A range walks the traces starting in it (traces_start) and each one's spans through
  // spans_trace; only the spans of one trace are sorted at a time. A source walks
  // spans_trace whole, already in order.
  const std::string sql =
      side.isSource
          ? "SELECT " + columns +
                " FROM spans s INDEXED BY spans_trace WHERE s.source_id = ?1 ORDER BY s.trace_id, "
                "s.span_id"
          : "SELECT " + columns +
                " FROM traces t JOIN spans s INDEXED BY spans_trace ON s.trace_id = t.trace_id "
                "WHERE t.start_ns >= ?1 AND t.start_ns < ?2 ORDER BY t.start_ns, t.trace_id, "
                "s.span_id";
  StoreStatement query(workspace.db(), sql);
  if (!query.valid())
    return Status::error("cannot read spans: " + lastSqliteError(workspace.db()));
  if (side.isSource) {
    query.bindInt(1, side.sourceId);
  } else {
    query.bindInt(1, static_cast<std::int64_t>(std::min<std::uint64_t>(side.fromNs, INT64_MAX)));
    query.bindInt(2, static_cast<std::int64_t>(std::min<std::uint64_t>(side.toNs, INT64_MAX)));
  }

  SideAccumulator accumulator(paths, *data, allPaths);
  std::vector<ScanRow> rows;
  std::string current;
  std::uint64_t first = UINT64_MAX;
  std::uint64_t last = 0;
  while (query.step()) {
    const std::string_view traceId = query.columnBlob(0);
    if (traceId != current) {
      accumulator.addTrace(rows);
      rows.clear();
      current.assign(traceId);
    }
    ScanRow row;
    row.spanId = idValue(query.columnBlob(1));
    row.parentId = idValue(query.columnBlob(2));
    row.serviceId = query.columnInt(3);
    row.nameId = query.columnInt(4);
    const auto start = static_cast<std::uint64_t>(query.columnInt(5));
    const auto end = static_cast<std::uint64_t>(query.columnInt(6));
    row.durationNs = end > start ? end - start : 0;
    row.error = query.columnInt(7) != 0 ||
                (blobs && !query.columnIsNull(8) && errorTest.hasErrorCode(query.columnBlob(8)));
    first = std::min(first, start);
    last = std::max({last, start, end});
    rows.push_back(row);
  }
  if (!query.ok())
    return Status::error("cannot read spans: " + lastSqliteError(workspace.db()));
  accumulator.addTrace(rows);
  data->firstStartNs = data->spans > 0 ? first : 0;
  data->lastEndNs = last;
  // Every path interned so far has a slot, also those seen only on the other side.
  data->pathSpans.resize(paths.size(), 0);
  data->rootTraces.resize(paths.size(), 0);
  return Status::ok();
}

}  // namespace sightline
