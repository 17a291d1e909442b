#pragma once

#include "model/common/status.h"
#include "model/metrics/metric_records.h"

namespace sightline {

// Where a metrics reader sends what it decoded. The workspace's MetricWriter implements it;
// tests implement it to collect records. A failing status stops the reader.
class MetricSink {
 public:
  virtual ~MetricSink() = default;
  virtual Status consume(MetricBatch&& batch) = 0;
};

}  // namespace sightline
