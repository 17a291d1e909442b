#include "model/metrics/metric_label_set_count.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "model/store/store_statement.h"

namespace sightline {

namespace {

// Families whose lines can carry another sample name or a splitting label. In a gauge,
// untyped or info family every line has the family's one name, so the store's series count
// is already the parsers' count.
bool mayGroupSamples(MetricType type) {
  switch (type) {
    case MetricType::Counter:
    case MetricType::Histogram:
    case MetricType::GaugeHistogram:
    case MetricType::Summary:
    case MetricType::StateSet:
      return true;
    case MetricType::Untyped:
    case MetricType::Gauge:
    case MetricType::Info:
      break;
  }
  return false;
}

std::string splittingLabel(MetricType type, const std::string& familyName) {
  switch (type) {
    case MetricType::Histogram:
    case MetricType::GaugeHistogram:
      return "le";
    case MetricType::Summary:
      return "quantile";
    case MetricType::StateSet:
      return familyName;
    default:
      break;
  }
  return {};
}

// json_remove() matches a path's key against the key as written in the stored JSON, and a
// quoted path key ends at the next '"'. A label name that encodeMetricLabels() writes
// without escapes and that holds no '"' can be spelled as a path (every classic Prometheus
// name can); any other needs the slower json_each() form.
bool spellableAsPath(const std::string& label) {
  return std::all_of(label.begin(), label.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\';
  });
}

// The stored label text is one canonical JSON object per label set (encodeMetricLabels), so
// equal label sets are equal text, and json_remove() gives equal text for equal remainders.
constexpr const char* kCountByPathSql =
    "SELECT count(DISTINCT CASE WHEN ?2 IS NULL THEN labels ELSE json_remove(labels, ?2) END) "
    "FROM metric_series WHERE family_id = ?1";
// The same count for any label name: the object rebuilt without the label, keys compared
// decoded.
constexpr const char* kCountByEachSql =
    "SELECT count(*) FROM (SELECT DISTINCT (SELECT json_group_object(key, value) FROM "
    "json_each(s.labels) WHERE key <> ?2) FROM metric_series s WHERE s.family_id = ?1)";

constexpr const char* kOneSampleNameSql =
    "SELECT coalesce(min(name) = max(name), 1) FROM metric_series WHERE family_id = ?";

Status readError(sqlite3* db, const MetricFamilySummary& family) {
  return Status::error("workspace: cannot count the series of metric family " + family.name + ": " +
                       lastSqliteError(db));
}

}  // namespace

std::uint64_t countParserSeries(Workspace& workspace, const MetricFamilySummary& family,
                                Status* status) {
  auto done = [status](Status value, std::uint64_t count) {
    if (status)
      *status = std::move(value);
    return count;
  };
  if (!mayGroupSamples(family.type))
    return done(Status::ok(), family.series);
  sqlite3* db = workspace.db();
  const std::string ignored = splittingLabel(family.type, family.name);
  if (ignored.empty()) {
    // A counter whose lines all have one sample name (no _created): the store holds each
    // (family, name, labels) once, so every series is a label set of its own. Cheaper than
    // the DISTINCT, which sorts every label text.
    StoreStatement names(db, kOneSampleNameSql);
    names.bindInt(1, family.id);
    if (!names.step())
      return done(readError(db, family), 0);
    if (names.columnInt(0) != 0)
      return done(Status::ok(), family.series);
  }
  const bool byPath = spellableAsPath(ignored);
  StoreStatement count(db, byPath ? kCountByPathSql : kCountByEachSql);
  count.bindInt(1, family.id);
  if (ignored.empty()) {
    count.bindNull(2);
  } else {
    count.bindText(2, byPath ? "$.\"" + ignored + "\"" : ignored);
  }
  if (!count.step())
    return done(readError(db, family), 0);
  return done(Status::ok(), static_cast<std::uint64_t>(count.columnInt(0)));
}

}  // namespace sightline
