#include "model/debt/debt_store_writer.h"

#include <sqlite3.h>

#include <cmath>

#include "model/store/source_row.h"
#include "model/store/string_list_json.h"

namespace sightline {

namespace {

void bindOptionalLine(StoreStatement& statement, int index, std::uint32_t line) {
  if (line > 0)
    statement.bindInt(index, line);
  else
    statement.bindNull(index);
}

void bindOptionalCount(StoreStatement& statement, int index, std::optional<std::uint64_t> n) {
  if (n)
    statement.bindInt(index, static_cast<std::int64_t>(*n));
  else
    statement.bindNull(index);
}

}  // namespace

DebtStoreWriter::DebtStoreWriter(sqlite3* db) : m_db(db) {}

DebtStoreWriter::~DebtStoreWriter() {
  rollback();
}

Status DebtStoreWriter::fail(const char* what) const {
  return Status::error(std::string("workspace: cannot store ") + what + ": " +
                       lastSqliteError(m_db));
}

Status DebtStoreWriter::begin(const SourceDescription& source) {
  if (Status s = execSql(m_db, "BEGIN IMMEDIATE"); !s)
    return s;
  m_inTransaction = true;
  if (Status s = insertSourceRow(m_db, source, &m_stats.sourceId); !s)
    return s;
  m_insertMeasure = StoreStatement(m_db,
                                   "INSERT INTO debt_measures(source_id, kind, path, symbol, "
                                   "line, metric, value) VALUES(?,?,?,?,?,?,?)");
  m_insertIssue = StoreStatement(m_db,
                                 "INSERT INTO debt_issues(source_id, tool, rule_id, level, "
                                 "security_severity, tags, path, line, message) "
                                 "VALUES(?,?,?,?,?,?,?,?,?)");
  m_insertChange = StoreStatement(m_db,
                                  "INSERT INTO debt_changes(source_id, commit_id, author, "
                                  "time_ns, path, added, deleted) VALUES(?,?,?,?,?,?,?)");
  m_insertOwner = StoreStatement(
      m_db, "INSERT INTO code_owners(source_id, seq, pattern, owners, line) VALUES(?,?,?,?,?)");
  if (!m_insertMeasure.valid() || !m_insertIssue.valid() || !m_insertChange.valid() ||
      !m_insertOwner.valid()) {
    return fail("debt measures (statements)");
  }
  return Status::ok();
}

Status DebtStoreWriter::write(const DebtBatch& batch) {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  for (const DebtMeasureRecord& measure : batch.measures) {
    if (Status s = writeMeasure(measure); !s)
      return s;
  }
  for (const DebtIssueRecord& issue : batch.issues) {
    if (Status s = writeIssue(issue); !s)
      return s;
  }
  for (const DebtChangeRecord& change : batch.changes) {
    if (Status s = writeChange(change); !s)
      return s;
  }
  for (const CodeOwnerRecord& owner : batch.owners) {
    if (Status s = writeOwner(owner); !s)
      return s;
  }
  return Status::ok();
}

Status DebtStoreWriter::writeMeasure(const DebtMeasureRecord& measure) {
  // A NaN or infinite figure is a reader's bug or hostile input: refuse it, as SQLite would
  // turn NaN into NULL in a NOT NULL column with a less helpful message.
  if (!std::isfinite(measure.value)) {
    return Status::error("workspace: measure " + measure.metric + " of " + measure.path +
                         " is not a finite number");
  }
  m_insertMeasure.bindInt(1, m_stats.sourceId);
  m_insertMeasure.bindText(2, debtUnitKindName(measure.kind));
  m_insertMeasure.bindText(3, measure.path);
  m_insertMeasure.bindTextOrNull(4, measure.symbol);
  bindOptionalLine(m_insertMeasure, 5, measure.line);
  m_insertMeasure.bindText(6, measure.metric);
  m_insertMeasure.bindDouble(7, measure.value);
  if (m_insertMeasure.execute() != SQLITE_DONE)
    return fail("a debt measure");
  ++m_stats.measures;
  return Status::ok();
}

Status DebtStoreWriter::writeIssue(const DebtIssueRecord& issue) {
  m_insertIssue.bindInt(1, m_stats.sourceId);
  m_insertIssue.bindText(2, issue.tool);
  m_insertIssue.bindText(3, issue.ruleId);
  m_insertIssue.bindText(4, issue.level);
  if (issue.securitySeverity && std::isfinite(*issue.securitySeverity))
    m_insertIssue.bindDouble(5, *issue.securitySeverity);
  else
    m_insertIssue.bindNull(5);
  m_insertIssue.bindText(6, encodeStringListJson(issue.tags));
  m_insertIssue.bindText(7, issue.path);
  bindOptionalLine(m_insertIssue, 8, issue.line);
  m_insertIssue.bindText(9, issue.message);
  if (m_insertIssue.execute() != SQLITE_DONE)
    return fail("a static-analysis result");
  ++m_stats.issues;
  return Status::ok();
}

Status DebtStoreWriter::writeChange(const DebtChangeRecord& change) {
  m_insertChange.bindInt(1, m_stats.sourceId);
  m_insertChange.bindText(2, change.commit);
  m_insertChange.bindText(3, change.author);
  m_insertChange.bindInt(4, change.timeUnixNano);
  m_insertChange.bindText(5, change.path);
  bindOptionalCount(m_insertChange, 6, change.added);
  bindOptionalCount(m_insertChange, 7, change.deleted);
  if (m_insertChange.execute() != SQLITE_DONE)
    return fail("a commit's file change");
  ++m_stats.changes;
  return Status::ok();
}

Status DebtStoreWriter::writeOwner(const CodeOwnerRecord& owner) {
  m_insertOwner.bindInt(1, m_stats.sourceId);
  m_insertOwner.bindInt(2, static_cast<std::int64_t>(m_stats.owners));
  m_insertOwner.bindText(3, owner.pattern);
  m_insertOwner.bindText(4, encodeStringListJson(owner.owners));
  bindOptionalLine(m_insertOwner, 5, owner.line);
  if (m_insertOwner.execute() != SQLITE_DONE)
    return fail("a CODEOWNERS rule");
  ++m_stats.owners;
  return Status::ok();
}

Status DebtStoreWriter::commit() {
  if (!m_inTransaction)
    return Status::error("workspace: the import is not open");
  if (Status s = execSql(m_db, "COMMIT"); !s)
    return s;
  m_inTransaction = false;
  return Status::ok();
}

void DebtStoreWriter::rollback() {
  if (!m_inTransaction)
    return;
  m_inTransaction = false;
  execSql(m_db, "ROLLBACK");
}

}  // namespace sightline
