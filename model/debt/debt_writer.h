#pragma once

#include <cstdint>
#include <memory>

#include "model/common/status.h"
#include "model/debt/debt_sink.h"
#include "model/store/source_description.h"
#include "model/store/workspace.h"

namespace sightline {

struct DebtWriteStats {
  std::uint64_t measures = 0;
  std::uint64_t issues = 0;
  std::uint64_t changes = 0;
  std::uint64_t owners = 0;
  std::int64_t sourceId = 0;
};

// Stores one source's debt records. Same transaction rules as the other writers: BEGIN
// IMMEDIATE on construction, finish() commits, abort() or destruction without finish()
// rolls back, and one refused record fails the whole source.
class DebtWriter : public DebtSink {
 public:
  DebtWriter(Workspace& workspace, SourceDescription source);
  ~DebtWriter() override;

  Status consume(DebtBatch&& batch) override;
  Status finish();
  void abort();
  const DebtWriteStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline
