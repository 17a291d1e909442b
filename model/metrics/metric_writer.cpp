#include "model/metrics/metric_writer.h"

#include "model/metrics/metric_store_writer.h"
#include "model/store/source_import_session.h"

namespace sightline {

// Metric batches are stored synchronously on the caller's thread, like profiles: the points
// are small rows, and a text snapshot decodes about as fast as SQLite stores it.
class MetricWriter::Impl : public SourceImportSession<MetricStoreWriter, MetricWriteStats> {
 public:
  using SourceImportSession::SourceImportSession;
};

MetricWriter::MetricWriter(Workspace& workspace, SourceDescription source,
                           std::int64_t defaultSnapshotTimeMs)
    : m_impl(std::make_unique<Impl>(workspace, source, defaultSnapshotTimeMs)) {}

MetricWriter::~MetricWriter() = default;

Status MetricWriter::consume(MetricBatch&& batch) {
  return m_impl->write(batch);
}

Status MetricWriter::finish() {
  return m_impl->finish();
}

void MetricWriter::abort() {
  m_impl->abort();
}

const MetricWriteStats& MetricWriter::stats() const {
  return m_impl->stats();
}

}  // namespace sightline
