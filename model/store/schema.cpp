#include "model/store/schema.h"

#include <sqlite3.h>

#include <functional>

#include "model/debt/debt_store_schema.h"
#include "model/diagnosis/diagnosis_store_schema.h"
#include "model/metrics/metric_store_schema.h"
#include "model/profiles/profile_store_schema.h"
#include "model/store/store_statement.h"
#include "model/traces/span_attribute_table.h"

namespace sightline {

namespace {

// Attribute tables share one shape: (owner, seq) clustered, so that an owner's attributes
// are stored next to each other without a separate index. `value` has no type affinity so
// that each AttributeValue type keeps its storage class (see docs/SCHEMA.md).
std::string attributeTable(const char* table, const char* owner, const char* ownerTable) {
  return std::string("CREATE TABLE ") + table + "(" + owner + " INTEGER NOT NULL REFERENCES " +
         ownerTable +
         "(id), seq INTEGER NOT NULL, key_id INTEGER NOT NULL, type INTEGER NOT NULL, value, "
         "PRIMARY KEY(" +
         owner + ", seq)) WITHOUT ROWID";
}

// Readable views over the encoded attribute tables for the SQL console.
std::string attributeView(const char* view, const char* table, const char* owner) {
  return std::string("CREATE VIEW ") + view + " AS SELECT a." + owner +
         ", a.seq, k.text AS key, "
         "CASE a.type WHEN 0 THEN 'empty' WHEN 1 THEN 'string' WHEN 2 THEN 'bool' WHEN 3 THEN "
         "'int' WHEN 4 THEN 'double' WHEN 5 THEN 'bytes' WHEN 6 THEN 'array' ELSE 'kvlist' END "
         "AS type, "
         "CASE WHEN a.type = 1 AND typeof(a.value) = 'integer' THEN (SELECT text FROM strings "
         "WHERE id = a.value) ELSE a.value END AS value FROM " +
         table + " a JOIN strings k ON k.id = a.key_id";
}

// The tables of version 1 as released; a migration step never changes once shipped.
std::vector<std::string> version1TableStatements() {
  return {
      "CREATE TABLE sources(id INTEGER PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL, "
      "sha256 TEXT NOT NULL UNIQUE, bytes INTEGER NOT NULL, imported_at INTEGER NOT NULL, "
      "status TEXT NOT NULL DEFAULT 'ok', error TEXT)",
      "CREATE TABLE strings(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)",
      "CREATE TABLE resources(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES "
      "sources(id), service_name_id INTEGER NOT NULL, dropped_attributes_count INTEGER NOT "
      "NULL DEFAULT 0, schema_url TEXT)",
      attributeTable("resource_attributes", "resource_id", "resources"),
      "CREATE TABLE scopes(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES "
      "sources(id), name_id INTEGER NOT NULL, version TEXT, dropped_attributes_count INTEGER "
      "NOT NULL DEFAULT 0, schema_url TEXT)",
      attributeTable("scope_attributes", "scope_id", "scopes"),
      "CREATE TABLE spans(id INTEGER PRIMARY KEY, trace_id BLOB NOT NULL, span_id BLOB NOT "
      "NULL, parent_span_id BLOB, name_id INTEGER NOT NULL, kind INTEGER NOT NULL, service_id "
      "INTEGER NOT NULL, start_ns INTEGER NOT NULL, end_ns INTEGER NOT NULL, status_code "
      "INTEGER NOT NULL, status_message TEXT, trace_state TEXT, flags INTEGER NOT NULL, "
      "dropped_attributes_count INTEGER NOT NULL, dropped_events_count INTEGER NOT NULL, "
      "dropped_links_count INTEGER NOT NULL, resource_id INTEGER NOT NULL REFERENCES "
      "resources(id), scope_id INTEGER NOT NULL REFERENCES scopes(id), source_id INTEGER NOT "
      "NULL REFERENCES sources(id))",
      attributeTable("span_attributes", "span_id", "spans"),
      "CREATE TABLE span_events(id INTEGER PRIMARY KEY, span_id INTEGER NOT NULL REFERENCES "
      "spans(id), time_ns INTEGER NOT NULL, name_id INTEGER NOT NULL, dropped_attributes_count "
      "INTEGER NOT NULL)",
      attributeTable("span_event_attributes", "event_id", "span_events"),
      "CREATE TABLE span_links(id INTEGER PRIMARY KEY, span_id INTEGER NOT NULL REFERENCES "
      "spans(id), linked_trace_id BLOB NOT NULL, linked_span_id BLOB NOT NULL, trace_state "
      "TEXT, flags INTEGER NOT NULL, dropped_attributes_count INTEGER NOT NULL)",
      attributeTable("span_link_attributes", "link_id", "span_links"),
      "CREATE TABLE traces(trace_id BLOB PRIMARY KEY, root_span INTEGER REFERENCES spans(id), "
      "root_service_id INTEGER, root_name_id INTEGER, start_ns INTEGER NOT NULL, duration_ns "
      "INTEGER NOT NULL, span_count INTEGER NOT NULL, error_count INTEGER NOT NULL, services "
      "TEXT NOT NULL)",
  };
}

std::vector<std::string> version1Statements() {
  std::vector<std::string> s = version1TableStatements();
  for (auto& index : spanIndexStatements())
    s.push_back(index);
  s.push_back("CREATE INDEX traces_start ON traces(start_ns)");
  s.push_back("CREATE INDEX traces_duration ON traces(duration_ns)");
  s.push_back(attributeView("span_attributes_view", "span_attributes", "span_id"));
  s.push_back(attributeView("resource_attributes_view", "resource_attributes", "resource_id"));
  s.push_back(attributeView("scope_attributes_view", "scope_attributes", "scope_id"));
  s.push_back(attributeView("span_event_attributes_view", "span_event_attributes", "event_id"));
  s.push_back(attributeView("span_link_attributes_view", "span_link_attributes", "link_id"));
  s.push_back(
      "CREATE VIEW spans_view AS SELECT s.id, hex(s.trace_id) AS trace_id, hex(s.span_id) AS "
      "span_id, hex(s.parent_span_id) AS parent_span_id, n.text AS name, v.text AS service, "
      "s.kind, s.start_ns, s.end_ns, s.end_ns - s.start_ns AS duration_ns, s.status_code, "
      "s.status_message, s.source_id FROM spans s JOIN strings n ON n.id = s.name_id JOIN "
      "strings v ON v.id = s.service_id");
  return s;
}

// Version 2 adds the profile tables (pprof profiles, Sightline 0.2).
std::vector<std::string> version2Statements() {
  std::vector<std::string> s = profileTableStatements();
  for (auto& statement : profileIndexAndViewStatements())
    s.push_back(std::move(statement));
  return s;
}

// Version 3 adds the metric tables (Prometheus snapshots, Sightline 0.3).
std::vector<std::string> version3Statements() {
  std::vector<std::string> s = metricTableStatements();
  for (auto& index : metricIndexStatements())
    s.push_back(std::move(index));
  for (auto& view : metricViewStatements())
    s.push_back(std::move(view));
  return s;
}

// Version 4 adds the stored default flame graph of each profile (Sightline 0.4).
std::vector<std::string> version4Statements() {
  return profileFlameCacheStatements();
}

// Version 5 adds the diagnosis tables: findings, their evidence, the run and the workspace's
// settings (Sightline 0.5).
std::vector<std::string> version5Statements() {
  return diagnosisTableStatements();
}

// Version 6 adds the tech-debt tables: code-quality measures, static-analysis results, commits,
// CODEOWNERS rules and the code → service rules (Sightline 0.6).
std::vector<std::string> version6Statements() {
  std::vector<std::string> s = debtTableStatements();
  for (auto& index : debtIndexStatements())
    s.push_back(std::move(index));
  return s;
}

// Version 7 stores a span's attributes as one blob in spans.attributes instead of one
// span_attributes row each, and span_attributes becomes a read-only virtual table over the
// blobs with the same columns (Sightline 0.7): a row per attribute was most of the time spent
// storing a span. Existing rows move over unchanged. The statements carry
// kSameRowsNewLayoutMark: an older file read in memory answers the same queries as it is.
std::vector<std::string> version7Statements() {
  const std::string mark = kSameRowsNewLayoutMark;
  return {
      mark + "ALTER TABLE spans ADD COLUMN attributes BLOB",
      mark + "UPDATE spans SET attributes = (SELECT " + kSpanAttributeBlobFunction +
          "(seq, key_id, type, value) FROM span_attributes a WHERE a.span_id = spans.id)",
      mark + "DROP TABLE span_attributes",
      mark + "CREATE VIRTUAL TABLE span_attributes USING " + kSpanAttributeModule,
  };
}

// Forward migrations: entry i brings the schema from version i to version i + 1.
const std::vector<std::function<std::vector<std::string>()>>& migrations() {
  static const std::vector<std::function<std::vector<std::string>()>> kSteps = {
      version1Statements, version2Statements, version3Statements, version4Statements,
      version5Statements, version6Statements, version7Statements,
  };
  return kSteps;
}

}  // namespace

std::vector<std::string> tableStatements() {
  std::vector<std::string> s = version1TableStatements();
  for (auto& table : profileTableStatements())
    s.push_back(std::move(table));
  for (auto& table : metricTableStatements())
    s.push_back(std::move(table));
  for (auto& table : profileFlameCacheStatements())
    s.push_back(std::move(table));
  for (auto& table : diagnosisTableStatements())
    s.push_back(std::move(table));
  for (auto& table : debtTableStatements())
    s.push_back(std::move(table));
  for (auto& statement : version7Statements())
    s.push_back(std::move(statement));
  return s;
}

std::vector<std::string> spanIndexStatements() {
  return {
      "CREATE INDEX spans_trace ON spans(trace_id, span_id)",
      "CREATE INDEX spans_name ON spans(name_id)",
      "CREATE INDEX span_events_span ON span_events(span_id)",
      "CREATE INDEX span_links_span ON span_links(span_id)",
  };
}

std::vector<std::string> dropSpanIndexStatements() {
  return {
      "DROP INDEX IF EXISTS spans_trace",
      "DROP INDEX IF EXISTS spans_name",
      "DROP INDEX IF EXISTS span_events_span",
      "DROP INDEX IF EXISTS span_links_span",
  };
}

std::vector<std::string> migrationStatements(int fromVersion) {
  const auto& steps = migrations();
  if (fromVersion < 0 || static_cast<std::size_t>(fromVersion) >= steps.size())
    return {};
  return steps[static_cast<std::size_t>(fromVersion)]();
}

int readSchemaVersion(sqlite3* db) {
  StoreStatement query(db, "PRAGMA user_version");
  if (!query.step())
    return -1;
  return static_cast<int>(query.columnInt(0));
}

Status migrateSchema(sqlite3* db) {
  return migrateSchema(db, kSchemaVersion);
}

Status migrateSchema(sqlite3* db, int targetVersion) {
  if (!registerSpanAttributeSql(db))
    return Status::error("cannot register the span attribute table: " + lastSqliteError(db));
  if (targetVersion < 0 || targetVersion > kSchemaVersion)
    return Status::error("internal error: no schema version " + std::to_string(targetVersion));
  const int current = readSchemaVersion(db);
  if (current < 0)
    return Status::error("cannot read the schema version: " + lastSqliteError(db));
  const auto& steps = migrations();
  if (steps.size() != static_cast<std::size_t>(kSchemaVersion)) {
    return Status::error("internal error: kSchemaVersion does not match the migration list");
  }
  if (current > static_cast<int>(steps.size())) {
    return Status::error("the workspace has schema version " + std::to_string(current) +
                         ", newer than this Sightline (" + std::to_string(kSchemaVersion) + ")");
  }
  for (int version = current; version < targetVersion; ++version) {
    if (Status s = execSql(db, "BEGIN IMMEDIATE"); !s)
      return s;
    for (const auto& sql : steps[static_cast<std::size_t>(version)]()) {
      if (Status s = execSql(db, sql); !s) {
        execSql(db, "ROLLBACK");
        return Status::error("migration to schema version " + std::to_string(version + 1) +
                             " failed: " + s.message());
      }
    }
    const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
    if (Status s = execSql(db, bump); !s) {
      execSql(db, "ROLLBACK");
      return s;
    }
    if (Status s = execSql(db, "COMMIT"); !s)
      return s;
  }
  return Status::ok();
}

}  // namespace sightline
