#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "importers/core/importer.h"

namespace sightline {

// The `paging` object of a component_tree answer.
struct SonarQubePaging {
  std::uint64_t pageIndex = 0;
  std::uint64_t pageSize = 0;
  std::uint64_t total = 0;
};

struct SonarQubeReadStats {
  std::uint64_t components = 0;
  std::uint64_t measures = 0;
  // Measures without a numeric value (alert_status "OK", quality_gate_details, ratings
  // written as letters): not stored.
  std::uint64_t skippedValues = 0;
  std::optional<SonarQubePaging> paging;
};

// Reads SonarQube Web API answers: `api/measures/component` ({"component": {key, qualifier,
// measures}}) and `api/measures/component_tree` ({"paging", "baseComponent", "components"}).
// The component's qualifier gives the unit: TRK (and portfolios, applications) a project
// whose path is its key, DIR and BRC a directory, FIL and UTS a file, at its `path`. Each
// measure with a number (SonarQube writes "85.7" as a string) becomes a DebtMeasureRecord
// with the metric key as given, known or not; a measure with a value only for the new code
// period (`period` or `periods[]`, e.g. new_coverage) takes that value; non-numeric values
// are skipped and counted. An error answer ({"errors": [{"msg"}]}) fails with its message.
class SonarQubeJsonReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxDocumentBytes = 256ull << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;

  // Whether a component_tree answer's baseComponent is stored (the default). The pull stores
  // it once, from the first page, as every page repeats it.
  void setIncludeBaseComponent(bool include) { m_includeBaseComponent = include; }
  const SonarQubeReadStats& stats() const { return m_stats; }

 private:
  bool m_includeBaseComponent = true;
  SonarQubeReadStats m_stats;
};

// Sniffer for the registry, 0..100: a JSON object whose head has "component" and
// "measures", or "baseComponent", or "components" and "paging".
int sniffSonarQubeJson(std::span<const std::uint8_t> head);

}  // namespace sightline
