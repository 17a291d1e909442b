#pragma once

#include <cstdint>
#include <string>

#include "importers/core/importer.h"
#include "model/traces/trace_records.h"

namespace sightline {

// Collects decoded records into batches of ReaderContext::batchSize spans and hands them to
// the context's sink; numbers resources and scopes; reports rows and checks for cancel.
// Shared by the trace readers.
class TraceBatcher {
 public:
  explicit TraceBatcher(ReaderContext& context) : m_context(context) {}

  // Queue a resource/scope for the next batch; returns its localId (1, 2, …).
  std::uint32_t addResource(ResourceRecord&& resource);
  std::uint32_t addScope(ScopeRecord&& scope);
  // A new span at the end of the current batch, for the caller to fill in place.
  SpanRecord& newSpan();
  // Discards the span newSpan() returned (it turned out invalid).
  void dropLastSpan() { m_batch.spans.pop_back(); }
  // Sends the batch when it is full. False with `error` set when the sink refused it or the
  // import was cancelled.
  bool spanDone(std::string& error);
  // Sends what is left. Same failure rules.
  bool finish(std::string& error);
  bool cancelled() const { return m_context.cancelled(); }
  std::uint64_t spanCount() const { return m_spans + m_batch.spans.size(); }

 private:
  bool flush(std::string& error);

  ReaderContext& m_context;
  TraceBatch m_batch;
  std::uint32_t m_nextResource = 1;
  std::uint32_t m_nextScope = 1;
  std::uint64_t m_spans = 0;
};

}  // namespace sightline
