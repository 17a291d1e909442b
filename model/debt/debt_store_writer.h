#pragma once

#include <cstdint>

#include "model/common/status.h"
#include "model/debt/debt_records.h"
#include "model/debt/debt_writer.h"
#include "model/store/source_description.h"
#include "model/store/store_statement.h"

struct sqlite3;

namespace sightline {

// The storage half of DebtWriter: one source's measures, issues, changes and CODEOWNERS
// rules in a single transaction on one connection, with statements prepared once.
class DebtStoreWriter {
 public:
  explicit DebtStoreWriter(sqlite3* db);
  ~DebtStoreWriter();
  DebtStoreWriter(const DebtStoreWriter&) = delete;
  DebtStoreWriter& operator=(const DebtStoreWriter&) = delete;

  // BEGIN IMMEDIATE and the `sources` row.
  Status begin(const SourceDescription& source);
  Status write(const DebtBatch& batch);
  Status commit();
  // Rolls back everything since begin(); safe to call more than once.
  void rollback();
  const DebtWriteStats& stats() const { return m_stats; }

 private:
  Status fail(const char* what) const;
  Status writeMeasure(const DebtMeasureRecord& measure);
  Status writeIssue(const DebtIssueRecord& issue);
  Status writeChange(const DebtChangeRecord& change);
  Status writeOwner(const CodeOwnerRecord& owner);

  sqlite3* m_db;
  bool m_inTransaction = false;
  DebtWriteStats m_stats;
  StoreStatement m_insertMeasure;
  StoreStatement m_insertIssue;
  StoreStatement m_insertChange;
  StoreStatement m_insertOwner;
};

}  // namespace sightline
