#include "importers/otlp/trace_batcher.h"

#include <algorithm>

namespace sightline {

std::uint32_t TraceBatcher::addResource(ResourceRecord&& resource) {
  resource.localId = m_nextResource++;
  m_batch.resources.push_back(std::move(resource));
  return m_batch.resources.back().localId;
}

std::uint32_t TraceBatcher::addScope(ScopeRecord&& scope) {
  scope.localId = m_nextScope++;
  m_batch.scopes.push_back(std::move(scope));
  return m_batch.scopes.back().localId;
}

SpanRecord& TraceBatcher::newSpan() {
  // Growing by doubling would move every record of a 10k-span batch several times.
  if (m_batch.spans.capacity() == 0) {
    m_batch.spans.reserve(
        std::min<std::size_t>(m_context.batchSize ? m_context.batchSize : 1, std::size_t(1) << 16));
  }
  return m_batch.spans.emplace_back();
}

bool TraceBatcher::spanDone(std::string& error) {
  const std::size_t batchSize = m_context.batchSize ? m_context.batchSize : 1;
  if (m_batch.spans.size() < batchSize)
    return true;
  return flush(error);
}

bool TraceBatcher::finish(std::string& error) {
  if (m_batch.empty() && !m_context.cancelled())
    return true;
  return flush(error);
}

bool TraceBatcher::flush(std::string& error) {
  if (m_context.cancelled()) {
    error = "cancelled";
    return false;
  }
  m_spans += m_batch.spans.size();
  if (m_context.traces) {
    Status status = m_context.traces->consume(std::move(m_batch));
    if (!status) {
      error = status.message().empty() ? std::string("the batch was refused") : status.message();
      return false;
    }
  }
  m_batch.clear();
  if (m_context.onRows)
    m_context.onRows(m_spans);
  return true;
}

}  // namespace sightline
