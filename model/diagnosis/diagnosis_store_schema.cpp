#include "model/diagnosis/diagnosis_store_schema.h"

namespace sightline {

std::vector<std::string> diagnosisTableStatements() {
  // Findings are few (tens to hundreds) and always replaced as a whole, so the tables favour
  // readability in the SQL console over compactness: text severities and rule ids, JSON
  // lists for the series and exemplar traces.
  return {
      "CREATE TABLE findings(id INTEGER PRIMARY KEY, rank INTEGER NOT NULL, rule TEXT NOT "
      "NULL, severity TEXT NOT NULL, title TEXT NOT NULL, explanation TEXT NOT NULL, service "
      "TEXT, operation TEXT, function TEXT, series TEXT NOT NULL, impact_ns INTEGER NOT NULL, "
      "impact_per_request_ns INTEGER NOT NULL, traffic_share REAL NOT NULL, count INTEGER NOT "
      "NULL, first_seen_ns INTEGER, last_seen_ns INTEGER, profile_id INTEGER, trace_ids TEXT "
      "NOT NULL)",
      "CREATE TABLE finding_evidence(finding_id INTEGER NOT NULL REFERENCES findings(id), seq "
      "INTEGER NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, trace_id BLOB, span_id BLOB, "
      "profile_id INTEGER, function TEXT, series TEXT, start_ns INTEGER, end_ns INTEGER, value "
      "REAL, PRIMARY KEY(finding_id, seq)) WITHOUT ROWID",
      "CREATE TABLE diagnosis_runs(id INTEGER PRIMARY KEY CHECK (id = 1), sources_signature "
      "TEXT NOT NULL, rules TEXT NOT NULL, computed_at INTEGER NOT NULL, elapsed_ms INTEGER NOT "
      "NULL)",
      "CREATE TABLE workspace_settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  };
}

}  // namespace sightline
