#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/common/status.h"
#include "model/store/source_description.h"
#include "model/store/workspace.h"
#include "model/traces/trace_sink.h"

namespace sightline {

struct TraceWriteStats {
  std::uint64_t spans = 0;
  std::uint64_t traces = 0;  // distinct traces touched by this source
  std::int64_t sourceId = 0;
  // Spans skipped because another source already stored the same (trace id, span id).
  std::uint64_t duplicateSpans = 0;
};

// Stores one source's spans. consume() hands batches to a writer thread (bounded queue,
// so a fast reader waits for the disk rather than filling memory); finish() waits for it,
// derives the per-trace summaries and commits; abort() (or destruction without finish())
// rolls back everything of this source, leaving the workspace as it was.
// File workspaces get a second connection owned by the writer thread; a ":memory:" workspace
// is written through its own connection, so it must not be used until finish()/abort().
// The writer holds the workspace's write lock (BEGIN IMMEDIATE) from construction on.
class TraceWriter : public TraceSink {
 public:
  TraceWriter(Workspace& workspace, SourceDescription source);
  ~TraceWriter() override;

  Status consume(TraceBatch&& batch) override;
  Status finish();
  void abort();
  const TraceWriteStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
