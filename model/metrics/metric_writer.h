#pragma once

#include <cstdint>
#include <memory>

#include "model/common/status.h"
#include "model/metrics/metric_sink.h"
#include "model/store/source_description.h"
#include "model/store/workspace.h"

namespace sightline {

struct MetricWriteStats {
  std::uint64_t families = 0;   // distinct families of this source
  std::uint64_t series = 0;     // distinct series of this source
  std::uint64_t newSeries = 0;  // series the workspace did not have before
  std::uint64_t points = 0;
  std::uint64_t snapshots = 0;
  std::int64_t sourceId = 0;
};

// Stores one source's samples: families and series are shared across sources (same name
// and type / same name and labels), each source adds one snapshot (exposition files) or one
// per distinct instant (API JSON). A snapshot's time: the newest explicit sample timestamp
// of the file, else `defaultSnapshotTimeMs` (the command line's --time, else the file's
// modification time). Same transaction rules as TraceWriter: BEGIN IMMEDIATE on
// construction, finish() commits, abort() or destruction without finish() rolls back.
class MetricWriter : public MetricSink {
 public:
  MetricWriter(Workspace& workspace, SourceDescription source, std::int64_t defaultSnapshotTimeMs);
  ~MetricWriter() override;

  Status consume(MetricBatch&& batch) override;
  Status finish();
  void abort();
  const MetricWriteStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
