#pragma once

#include "model/common/status.h"
#include "model/debt/debt_records.h"

namespace sightline {

// Where a debt reader sends what it decoded. The workspace's DebtWriter implements it;
// tests implement it to collect records. A failing status stops the reader.
class DebtSink {
 public:
  virtual ~DebtSink() = default;
  virtual Status consume(DebtBatch&& batch) = 0;
};

}  // namespace sightline
