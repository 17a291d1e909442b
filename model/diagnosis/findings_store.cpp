#include "model/diagnosis/findings_store.h"
#include "model/diagnosis/endpoint_critical_path_json.h"

#include <sqlite3.h>

#include <algorithm>

#include "model/store/store_statement.h"
#include "model/store/string_list_json.h"

namespace sightline {

namespace {

constexpr const char* kRulesSettingKey = "diagnosis.rules";

template <typename Id>
void bindId(StoreStatement& statement, int index, const Id& id) {
  if (id.isZero())
    statement.bindNull(index);
  else
    statement.bindBlob(index, id.bytes.data(), id.bytes.size());
}

template <typename Id>
Id readId(const StoreStatement& statement, int index) {
  Id id;
  const std::string_view bytes = statement.columnBlob(index);
  if (bytes.size() == Id::kSize)
    std::copy(bytes.begin(), bytes.end(), id.bytes.begin());
  return id;
}

Status insertFinding(sqlite3* db, StoreStatement& findingInsert, StoreStatement& evidenceInsert,
                     const Finding& finding, int rank) {
  std::vector<std::string> traces;
  traces.reserve(finding.traceIds.size());
  for (const TraceId& id : finding.traceIds)
    traces.push_back(id.toHex());
  findingInsert.bindInt(1, rank);
  findingInsert.bindText(2, finding.rule);
  findingInsert.bindText(3, severityName(finding.severity));
  findingInsert.bindText(4, finding.title);
  findingInsert.bindText(5, finding.explanation);
  findingInsert.bindTextOrNull(6, finding.service);
  findingInsert.bindTextOrNull(7, finding.operation);
  findingInsert.bindTextOrNull(8, finding.function);
  findingInsert.bindText(9, encodeStringListJson(finding.series));
  findingInsert.bindInt(10, static_cast<std::int64_t>(finding.impactNs));
  findingInsert.bindInt(11, static_cast<std::int64_t>(finding.impactPerRequestNs));
  findingInsert.bindDouble(12, finding.trafficShare);
  findingInsert.bindInt(13, static_cast<std::int64_t>(finding.count));
  if (finding.firstSeenUnixNano)
    findingInsert.bindInt(14, static_cast<std::int64_t>(finding.firstSeenUnixNano));
  else
    findingInsert.bindNull(14);
  if (finding.lastSeenUnixNano)
    findingInsert.bindInt(15, static_cast<std::int64_t>(finding.lastSeenUnixNano));
  else
    findingInsert.bindNull(15);
  if (finding.profileId)
    findingInsert.bindInt(16, finding.profileId);
  else
    findingInsert.bindNull(16);
  findingInsert.bindText(17, encodeStringListJson(traces));
  findingInsert.execute();
  if (!findingInsert.ok())
    return Status::error("workspace: cannot store a finding: " + lastSqliteError(db));
  const std::int64_t findingId = sqlite3_last_insert_rowid(db);
  int seq = 0;
  for (const FindingEvidence& row : finding.evidence) {
    evidenceInsert.bindInt(1, findingId);
    evidenceInsert.bindInt(2, seq++);
    evidenceInsert.bindText(3, evidenceKindName(row.kind));
    evidenceInsert.bindText(4, row.role);
    bindId(evidenceInsert, 5, row.traceId);
    bindId(evidenceInsert, 6, row.spanId);
    if (row.profileId)
      evidenceInsert.bindInt(7, row.profileId);
    else
      evidenceInsert.bindNull(7);
    evidenceInsert.bindTextOrNull(8, row.function);
    evidenceInsert.bindTextOrNull(9, row.series);
    evidenceInsert.bindInt(10, static_cast<std::int64_t>(row.startUnixNano));
    evidenceInsert.bindInt(11, static_cast<std::int64_t>(row.endUnixNano));
    evidenceInsert.bindDouble(12, row.value);
    evidenceInsert.execute();
    if (!evidenceInsert.ok())
      return Status::error("workspace: cannot store evidence: " + lastSqliteError(db));
  }
  return Status::ok();
}

FindingEvidence::Kind parseKind(const std::string& text) {
  if (text == "function")
    return FindingEvidence::Kind::ProfileFunction;
  if (text == "series")
    return FindingEvidence::Kind::MetricSeries;
  return FindingEvidence::Kind::Span;
}

}  // namespace

std::string diagnosisSourcesSignature(Workspace& workspace, Status* status) {
  StoreStatement query(workspace.db(),
                       "SELECT count(*), coalesce(max(id), 0), coalesce(sum(bytes), 0) FROM "
                       "sources WHERE status = 'ok'");
  std::string signature;
  if (query.step()) {
    signature = std::to_string(query.columnInt(0)) + ":" + std::to_string(query.columnInt(1)) +
                ":" + std::to_string(query.columnInt(2));
  }
  if (status) {
    *status = query.ok() ? Status::ok()
                         : Status::error("workspace: cannot read the sources: " +
                                         lastSqliteError(workspace.db()));
  }
  return signature;
}

Status saveFindings(Workspace& workspace, const std::vector<Finding>& findings,
                    const DiagnosisRunInfo& run) {
  sqlite3* db = workspace.db();
  if (Status s = execSql(db, "BEGIN IMMEDIATE"); !s)
    return s;
  auto fail = [db](Status status) {
    execSql(db, "ROLLBACK");
    return status;
  };
  for (const char* sql :
       {"DELETE FROM finding_evidence", "DELETE FROM findings", "DELETE FROM diagnosis_runs"}) {
    if (Status s = execSql(db, sql); !s)
      return fail(s);
  }
  StoreStatement findingInsert(
      db,
      "INSERT INTO findings(rank, rule, severity, title, explanation, service, operation, "
      "function, series, impact_ns, impact_per_request_ns, traffic_share, count, "
      "first_seen_ns, last_seen_ns, profile_id, trace_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?)");
  StoreStatement evidenceInsert(
      db,
      "INSERT INTO finding_evidence(finding_id, seq, kind, role, trace_id, span_id, "
      "profile_id, function, series, start_ns, end_ns, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?)");
  if (!findingInsert.valid() || !evidenceInsert.valid())
    return fail(Status::error("workspace: cannot store findings: " + lastSqliteError(db)));
  int rank = 0;
  for (const Finding& finding : findings) {
    if (Status s = insertFinding(db, findingInsert, evidenceInsert, finding, ++rank); !s)
      return fail(s);
  }
  StoreStatement runInsert(db,
                           "INSERT INTO diagnosis_runs(id, sources_signature, rules, "
                           "computed_at, elapsed_ms) VALUES (1, ?, ?, ?, ?)");
  runInsert.bindText(1, run.sourcesSignature);
  runInsert.bindText(2, run.rulesJson);
  runInsert.bindInt(3, run.computedAtUnixMs);
  runInsert.bindInt(4, run.elapsedMs);
  runInsert.execute();
  if (!runInsert.ok())
    return fail(Status::error("workspace: cannot store the diagnosis run: " + lastSqliteError(db)));
  StoreStatement pathsInsert(db,
                             "INSERT OR REPLACE INTO workspace_settings(key, value) VALUES (?, ?)");
  pathsInsert.bindText(1, kCriticalPathsSetting);
  pathsInsert.bindText(2, criticalPathsToJson(run.criticalPaths));
  pathsInsert.execute();
  if (!pathsInsert.ok())
    return fail(Status::error("workspace: cannot store the diagnosis run: " + lastSqliteError(db)));
  return execSql(db, "COMMIT");
}

std::vector<Finding> loadFindings(Workspace& workspace, Status* status) {
  sqlite3* db = workspace.db();
  std::vector<Finding> findings;
  std::vector<std::int64_t> ids;
  StoreStatement query(db,
                       "SELECT id, rule, severity, title, explanation, service, operation, "
                       "function, series, impact_ns, impact_per_request_ns, traffic_share, "
                       "count, first_seen_ns, last_seen_ns, profile_id, trace_ids FROM findings "
                       "ORDER BY rank");
  while (query.step()) {
    Finding& finding = findings.emplace_back();
    ids.push_back(query.columnInt(0));
    finding.rule = query.columnText(1);
    finding.severity = parseSeverity(query.columnText(2)).value_or(Severity::Low);
    finding.title = query.columnText(3);
    finding.explanation = query.columnText(4);
    finding.service = query.columnText(5);
    finding.operation = query.columnText(6);
    finding.function = query.columnText(7);
    finding.series = decodeStringListJson(query.columnText(8));
    finding.impactNs = static_cast<std::uint64_t>(query.columnInt(9));
    finding.impactPerRequestNs = static_cast<std::uint64_t>(query.columnInt(10));
    finding.trafficShare = query.columnDouble(11);
    finding.count = static_cast<std::uint64_t>(query.columnInt(12));
    finding.firstSeenUnixNano = static_cast<std::uint64_t>(query.columnInt(13));
    finding.lastSeenUnixNano = static_cast<std::uint64_t>(query.columnInt(14));
    finding.profileId = query.columnInt(15);
    for (const std::string& hex : decodeStringListJson(query.columnText(16))) {
      if (auto id = TraceId::fromHex(hex))
        finding.traceIds.push_back(*id);
    }
  }
  bool ok = query.ok();
  StoreStatement evidence(db,
                          "SELECT kind, role, trace_id, span_id, profile_id, function, series, "
                          "start_ns, end_ns, value FROM finding_evidence WHERE finding_id = ? "
                          "ORDER BY seq");
  for (std::size_t i = 0; ok && i < findings.size(); ++i) {
    evidence.bindInt(1, ids[i]);
    while (evidence.step()) {
      FindingEvidence& row = findings[i].evidence.emplace_back();
      row.kind = parseKind(evidence.columnText(0));
      row.role = evidence.columnText(1);
      row.traceId = readId<TraceId>(evidence, 2);
      row.spanId = readId<SpanId>(evidence, 3);
      row.profileId = evidence.columnInt(4);
      row.function = evidence.columnText(5);
      row.series = evidence.columnText(6);
      row.startUnixNano = static_cast<std::uint64_t>(evidence.columnInt(7));
      row.endUnixNano = static_cast<std::uint64_t>(evidence.columnInt(8));
      row.value = evidence.columnDouble(9);
    }
    ok = evidence.ok();
    evidence.reset();
  }
  if (status) {
    *status = ok ? Status::ok()
                 : Status::error("workspace: cannot read the findings: " + lastSqliteError(db));
  }
  if (!ok)
    return {};
  return findings;
}

std::optional<DiagnosisRunInfo> loadDiagnosisRun(Workspace& workspace, Status* status) {
  StoreStatement query(workspace.db(),
                       "SELECT sources_signature, rules, computed_at, elapsed_ms FROM "
                       "diagnosis_runs WHERE id = 1");
  std::optional<DiagnosisRunInfo> run;
  if (query.step()) {
    run.emplace();
    run->sourcesSignature = query.columnText(0);
    run->rulesJson = query.columnText(1);
    run->computedAtUnixMs = query.columnInt(2);
    run->elapsedMs = query.columnInt(3);
  }
  if (status) {
    *status = query.ok() ? Status::ok()
                         : Status::error("workspace: cannot read the diagnosis run: " +
                                         lastSqliteError(workspace.db()));
  }
  if (run && query.ok()) {
    StoreStatement paths(workspace.db(), "SELECT value FROM workspace_settings WHERE key = ?");
    paths.bindText(1, kCriticalPathsSetting);
    // A run stored without them, or with a list this build cannot read, has none.
    if (paths.step())
      criticalPathsFromJson(paths.columnText(0), &run->criticalPaths);
  }
  return run;
}

std::string loadWorkspaceRulesJson(Workspace& workspace, Status* status) {
  StoreStatement query(workspace.db(), "SELECT value FROM workspace_settings WHERE key = ?");
  query.bindText(1, kRulesSettingKey);
  std::string json;
  if (query.step())
    json = query.columnText(0);
  if (status) {
    *status = query.ok() ? Status::ok()
                         : Status::error("workspace: cannot read its settings: " +
                                         lastSqliteError(workspace.db()));
  }
  return json;
}

Status saveWorkspaceRulesJson(Workspace& workspace, const std::string& json) {
  StoreStatement upsert(workspace.db(),
                        "INSERT INTO workspace_settings(key, value) VALUES (?, ?) ON "
                        "CONFLICT(key) DO UPDATE SET value = excluded.value");
  upsert.bindText(1, kRulesSettingKey);
  upsert.bindText(2, json);
  upsert.execute();
  if (!upsert.ok())
    return Status::error("workspace: cannot store the rules: " + lastSqliteError(workspace.db()));
  return Status::ok();
}

}  // namespace sightline
