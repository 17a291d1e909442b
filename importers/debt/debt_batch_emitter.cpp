#include "importers/debt/debt_batch_emitter.h"

#include <utility>

namespace sightline {

Status DebtBatchEmitter::flushIfFull() {
  if (m_batch.size() < std::max<std::size_t>(m_context.batchSize, 1))
    return Status::ok();
  return flush();
}

Status DebtBatchEmitter::flush() {
  if (m_context.cancelled())
    return Status::error("cancelled");
  if (m_batch.empty())
    return Status::ok();
  if (!m_context.debt)
    return Status::error("internal error: no sink for code-quality records");
  const std::size_t size = m_batch.size();
  DebtBatch full = std::exchange(m_batch, DebtBatch{});
  if (Status status = m_context.debt->consume(std::move(full)); !status)
    return status;
  m_rows += size;
  if (m_context.onRows)
    m_context.onRows(m_rows);
  return Status::ok();
}

bool DebtBatchEmitter::finish(DecodeError& error) {
  if (Status status = flush(); !status) {
    error.message = status.message();
    return false;
  }
  return true;
}

}  // namespace sightline
