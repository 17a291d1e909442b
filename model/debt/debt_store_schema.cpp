#include "model/debt/debt_store_schema.h"

namespace sightline {

std::vector<std::string> debtTableStatements() {
  // Debt inputs are small next to spans (thousands of files, not millions of rows), so the
  // tables keep paths and names as text, readable in the SQL console.
  return {
      "CREATE TABLE debt_measures(source_id INTEGER NOT NULL REFERENCES sources(id), kind TEXT "
      "NOT NULL, path TEXT NOT NULL, symbol TEXT, line INTEGER, metric TEXT NOT NULL, value "
      "REAL NOT NULL)",
      "CREATE TABLE debt_issues(id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES "
      "sources(id), tool TEXT NOT NULL, rule_id TEXT NOT NULL, level TEXT NOT NULL, "
      "security_severity REAL, tags TEXT NOT NULL, path TEXT NOT NULL, line INTEGER, message "
      "TEXT NOT NULL)",
      "CREATE TABLE debt_changes(source_id INTEGER NOT NULL REFERENCES sources(id), commit_id "
      "TEXT NOT NULL, author TEXT NOT NULL, time_ns INTEGER NOT NULL, path TEXT NOT NULL, added "
      "INTEGER, deleted INTEGER)",
      "CREATE TABLE code_owners(source_id INTEGER NOT NULL REFERENCES sources(id), seq INTEGER "
      "NOT NULL, pattern TEXT NOT NULL, owners TEXT NOT NULL, line INTEGER, PRIMARY "
      "KEY(source_id, seq)) WITHOUT ROWID",
      // Not per source: the workspace's rules, proposed (origin says from what) or the
      // user's (origin 'user', never replaced by a proposal).
      "CREATE TABLE service_paths(prefix TEXT PRIMARY KEY, service TEXT NOT NULL, origin TEXT "
      "NOT NULL) WITHOUT ROWID",
  };
}

std::vector<std::string> debtIndexStatements() {
  return {
      "CREATE INDEX debt_measures_source ON debt_measures(source_id, metric)",
      "CREATE INDEX debt_issues_source ON debt_issues(source_id)",
      "CREATE INDEX debt_changes_source ON debt_changes(source_id)",
  };
}

}  // namespace sightline
