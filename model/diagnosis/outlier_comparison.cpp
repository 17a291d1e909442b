#include "model/diagnosis/outlier_comparison.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "model/diagnosis/outlier_counts.h"
#include "model/store/store_statement.h"

namespace sightline {

namespace {

// Both sides' spans, in the order the statements read them: span rows (their class and
// intrinsic fields), then span attributes, then resource attributes.
class OutlierCounter {
 public:
  OutlierCounter(sqlite3* db, const OutlierQuery& query)
      : m_db(db), m_query(query), m_strings(db) {}

  Status run(OutlierComparison& result) {
    if (Status status = countSpans(); !status)
      return status;
    if (Status status = countSpanAttributes(); !status)
      return status;
    if (Status status = countResourceAttributes(); !status)
      return status;
    result = m_keys.finish(m_strings, m_inline, m_query.topValues, m_selection, m_baseline);
    return Status::ok();
  }

 private:
  // The spans of the population (before the predicate): FROM and WHERE shared by the span and
  // the attribute statements, so that the attributes are read only for those spans.
  std::string scopeSql() const {
    return m_query.unit == OutlierQuery::Unit::RootSpans
               ? " FROM traces t JOIN spans s ON s.id = t.root_span"
               : " FROM spans s";
  }
  std::string whereSql() const {
    std::string sql;
    if (!m_query.service.empty())
      sql += " AND s.service_id = (SELECT id FROM strings WHERE text = :service)";
    if (!m_query.operation.empty())
      sql += " AND s.name_id = (SELECT id FROM strings WHERE text = :operation)";
    return sql.empty() ? sql : " WHERE 1" + sql;
  }
  void bindScope(StoreStatement& statement) const {
    if (!m_query.service.empty()) {
      statement.bindText(sqlite3_bind_parameter_index(statement.get(), ":service"),
                         m_query.service);
    }
    if (!m_query.operation.empty()) {
      statement.bindText(sqlite3_bind_parameter_index(statement.get(), ":operation"),
                         m_query.operation);
    }
  }

  Status failure(const char* what) const {
    return Status::error(std::string("workspace: cannot read ") + what + ": " +
                         lastSqliteError(m_db));
  }

  Status countSpans() {
    const bool roots = m_query.unit == OutlierQuery::Unit::RootSpans;
    StoreStatement spans(
        m_db, std::string("SELECT s.id, s.trace_id, ") +
                  (roots ? "t.start_ns, t.start_ns + t.duration_ns" : "s.start_ns, s.end_ns") +
                  ", s.service_id, s.name_id, s.kind, s.status_code, "
                  "s.resource_id" +
                  scopeSql() + whereSql());
    if (!spans.valid())
      return failure("the spans");
    bindScope(spans);
    OutlierSpan span;
    while (spans.step()) {
      span.rowId = spans.columnInt(0);
      const std::string_view id = spans.columnBlob(1);
      if (auto traceId = TraceId::fromBytes(id))
        span.traceId = *traceId;
      const auto start = static_cast<std::uint64_t>(spans.columnInt(2));
      const auto end = static_cast<std::uint64_t>(spans.columnInt(3));
      span.startNs = start;
      span.durationNs = end > start ? end - start : 0;
      const std::int64_t serviceId = spans.columnInt(4);
      const std::int64_t nameId = spans.columnInt(5);
      span.service = m_strings.text(serviceId);
      span.name = m_strings.text(nameId);
      const std::int64_t kind = spans.columnInt(6);
      const std::int64_t statusCode = spans.columnInt(7);
      span.kind = static_cast<SpanKind>(kind);
      span.status = static_cast<StatusCode>(statusCode);
      if (m_query.population && !m_query.population(span))
        continue;
      const bool selected = m_query.selection && m_query.selection(span);
      (selected ? m_selection : m_baseline) += 1;
      setSide(span.rowId, selected ? Side::Selection : Side::Baseline);
      m_keys.countIntrinsics(serviceId, nameId, statusCode, kind, selected);
      OutlierCounts& resource = m_resources[spans.columnInt(8)];
      (selected ? resource.selection : resource.baseline) += 1;
    }
    return spans.ok() ? Status::ok() : failure("the spans");
  }

  Status countSpanAttributes() {
    const bool wholeTable = m_query.unit == OutlierQuery::Unit::Spans && m_query.service.empty() &&
                            m_query.operation.empty();
    // A scan of the whole table in storage order when every span may count; otherwise the
    // population's spans first and their attributes by the table's key.
    StoreStatement attributes(
        m_db, wholeTable ? std::string("SELECT a.span_id, a.key_id, a.type, a.value FROM "
                                       "span_attributes a")
                         : "SELECT a.span_id, a.key_id, a.type, a.value" + scopeSql() +
                               " JOIN span_attributes a ON a.span_id = s.id" + whereSql());
    if (!attributes.valid())
      return failure("the span attributes");
    bindScope(attributes);
    sqlite3_stmt* row = attributes.get();
    while (attributes.step()) {
      const std::int64_t spanRow = sqlite3_column_int64(row, 0);
      const Side side = sideOf(spanRow);
      if (side == Side::None)
        continue;
      m_keys.countAttribute(OutlierKeyScope::Span, sqlite3_column_int64(row, 1),
                            decodeValue(row, 2), spanRow,
                            OutlierCounts::of(side == Side::Selection));
    }
    return attributes.ok() ? Status::ok() : failure("the span attributes");
  }

  Status countResourceAttributes() {
    StoreStatement attributes(m_db,
                              "SELECT resource_id, key_id, type, value FROM resource_attributes");
    if (!attributes.valid())
      return failure("the resource attributes");
    sqlite3_stmt* row = attributes.get();
    while (attributes.step()) {
      const std::int64_t resourceId = sqlite3_column_int64(row, 0);
      const auto found = m_resources.find(resourceId);
      if (found == m_resources.end())
        continue;
      // A resource's attribute counts once for each of its spans on either side.
      m_keys.countAttribute(OutlierKeyScope::Resource, sqlite3_column_int64(row, 1),
                            decodeValue(row, 2), resourceId, found->second);
    }
    return attributes.ok() ? Status::ok() : failure("the resource attributes");
  }

  // The value in result columns `typeColumn` (type) and typeColumn + 1 (value as stored) as a
  // key for counting: interned strings by their strings.id, other texts and bytes by a code
  // of their own, numbers by their bits.
  OutlierValueKey decodeValue(sqlite3_stmt* row, int typeColumn) {
    const auto type = static_cast<std::uint8_t>(sqlite3_column_int(row, typeColumn));
    const int column = typeColumn + 1;
    const int storage = sqlite3_column_type(row, column);
    OutlierValueKey key{type, 0};
    switch (static_cast<AttributeValue::Type>(type)) {
      case AttributeValue::Type::Empty:
        break;
      case AttributeValue::Type::Bool:
      case AttributeValue::Type::Int:
        key.code = sqlite3_column_int64(row, column);
        break;
      case AttributeValue::Type::Double: {
        double value = storage == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                              : sqlite3_column_double(row, column);
        if (value == 0)
          value = 0;  // -0 and 0 are one value
        key.code = std::bit_cast<std::int64_t>(value);
        break;
      }
      case AttributeValue::Type::String:
        if (storage == SQLITE_INTEGER) {
          key.code = sqlite3_column_int64(row, column);
          break;
        }
        [[fallthrough]];
      default: {
        // Inline strings, bytes, arrays and key-value lists: by their bytes.
        const void* data = storage == SQLITE_BLOB
                               ? sqlite3_column_blob(row, column)
                               : static_cast<const void*>(sqlite3_column_text(row, column));
        const int size = sqlite3_column_bytes(row, column);
        key.code = m_inline.code(
            std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size)));
        break;
      }
    }
    return key;
  }

  enum class Side : std::uint8_t { None = 0, Baseline, Selection };
  void setSide(std::int64_t rowId, Side side) {
    const auto index = static_cast<std::size_t>(rowId);
    if (index >= m_sides.size())
      m_sides.resize(std::max(index + 1, m_sides.size() * 2), Side::None);
    m_sides[index] = side;
  }
  Side sideOf(std::int64_t rowId) const {
    const auto index = static_cast<std::size_t>(rowId);
    return rowId >= 0 && index < m_sides.size() ? m_sides[index] : Side::None;
  }

  sqlite3* m_db;
  const OutlierQuery& m_query;
  OutlierStringLookup m_strings;
  OutlierInlineValues m_inline;
  OutlierKeyTable m_keys;
  std::vector<Side> m_sides;  // by spans.id
  std::unordered_map<std::int64_t, OutlierCounts> m_resources;
  std::uint64_t m_selection = 0;
  std::uint64_t m_baseline = 0;
};

}  // namespace

OutlierComparison compareOutliers(const Workspace& workspace, const OutlierQuery& query,
                                  Status* status) {
  OutlierComparison result;
  OutlierCounter counter(workspace.db(), query);
  Status outcome = counter.run(result);
  if (!outcome)
    result = OutlierComparison();
  if (status)
    *status = std::move(outcome);
  return result;
}

std::string OutlierKeyComparison::displayKey() const {
  return scope == OutlierKeyScope::Resource ? "resource." + key : key;
}

const char* outlierKeyScopeName(OutlierKeyScope scope) {
  switch (scope) {
    case OutlierKeyScope::Intrinsic:
      return "intrinsic";
    case OutlierKeyScope::Span:
      return "span";
    case OutlierKeyScope::Resource:
      return "resource";
  }
  return "span";
}

std::string outlierValueText(const AttributeValue& value) {
  switch (value.type) {
    case AttributeValue::Type::Empty:
      return "(empty)";
    case AttributeValue::Type::Bool:
      return value.intValue ? "true" : "false";
    case AttributeValue::Type::Int:
      return std::to_string(value.intValue);
    case AttributeValue::Type::Double: {
      if (std::isnan(value.doubleValue))
        return "NaN";
      char buffer[32];
      const auto end = std::to_chars(buffer, buffer + sizeof(buffer), value.doubleValue).ptr;
      return std::string(buffer, end);
    }
    case AttributeValue::Type::Bytes: {
      static constexpr char kDigits[] = "0123456789abcdef";
      std::string hex;
      hex.reserve(value.text.size() * 2);
      for (const unsigned char c : value.text) {
        hex += kDigits[c >> 4];
        hex += kDigits[c & 0xf];
      }
      return hex;
    }
    default:
      return value.text;
  }
}

}  // namespace sightline
