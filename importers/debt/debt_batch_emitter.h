#pragma once

#include <cstdint>

#include "importers/core/importer.h"
#include "model/debt/debt_records.h"

namespace sightline {

// Collects a debt reader's records and hands them to context.debt a batch at a time
// (context.batchSize records), reporting rows and checking for cancellation at each batch.
class DebtBatchEmitter {
 public:
  explicit DebtBatchEmitter(ReaderContext& context) : m_context(context) {}

  DebtBatch& batch() { return m_batch; }
  // Sends the batch when it is full. Fails with the sink's message or "cancelled".
  Status flushIfFull();
  // Sends what is left (at the end of the file).
  Status flush();
  // flush() at the end of a read: false with the reason in `error` when it fails.
  bool finish(DecodeError& error);
  // Records handed to the sink so far.
  std::uint64_t rows() const { return m_rows; }

 private:
  ReaderContext& m_context;
  DebtBatch m_batch;
  std::uint64_t m_rows = 0;
};

}  // namespace sightline
