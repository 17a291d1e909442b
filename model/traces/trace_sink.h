#pragma once

#include "model/common/status.h"
#include "model/traces/trace_records.h"

namespace sightline {

// Where a trace reader sends what it decoded. The workspace's writer implements it (and
// tests implement it to collect records). A failing status stops the reader: the writer
// could not store the batch, or the import was cancelled.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual Status consume(TraceBatch&& batch) = 0;
};

}  // namespace sightline
