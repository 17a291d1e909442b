#include "model/debt/debt_writer.h"

#include "model/debt/debt_store_writer.h"
#include "model/store/source_import_session.h"

namespace sightline {

// Debt batches are small rows, stored synchronously on the caller's thread like metrics.
class DebtWriter::Impl : public SourceImportSession<DebtStoreWriter, DebtWriteStats> {
 public:
  using SourceImportSession::SourceImportSession;
};

DebtWriter::DebtWriter(Workspace& workspace, SourceDescription source)
    : m_impl(std::make_unique<Impl>(workspace, source)) {}

DebtWriter::~DebtWriter() = default;

Status DebtWriter::consume(DebtBatch&& batch) {
  return m_impl->write(batch);
}

Status DebtWriter::finish() {
  return m_impl->finish();
}

void DebtWriter::abort() {
  m_impl->abort();
}

const DebtWriteStats& DebtWriter::stats() const {
  return m_impl->stats();
}

}  // namespace sightline
