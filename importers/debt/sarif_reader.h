#pragma once

#include <cstdint>
#include <span>

#include "importers/core/importer.h"

namespace sightline {

struct SarifReadStats {
  std::uint64_t runs = 0;
  std::uint64_t results = 0;     // stored as issues
  std::uint64_t suppressed = 0;  // results suppressed in the source or by the tool: not stored
  std::uint64_t absent = 0;      // results with baselineState "absent" (fixed): not stored
};

// Reads SARIF 2.1.0 (staticcheck -f sarif, ESLint's SARIF formatter, CodeQL, …). Each
// result of each run becomes a DebtIssueRecord: the run's tool.driver.name; the rule from
// ruleId, rule.id, ruleIndex or rule.index (tool.driver.rules); the level from the result,
// else the rule's defaultConfiguration.level, else "warning" ("none" for a result whose kind
// is not "fail"), as SARIF says; the rule's and the result's `tags` and `security-severity`
// (a string or a number); message.text; the first location's artifactLocation (uri, or
// index into run.artifacts) with its uriBaseId resolved through run.originalUriBaseIds, and
// region.startLine. Suppressed results (an accepted suppression) and results whose
// baselineState is "absent" are counted, not stored. The document is read whole (at most
// kMaxDocumentBytes) and walked with simdjson On-Demand, so memory stays near the file's size;
// records go out in batches.
class SarifReader : public FormatReader {
 public:
  static constexpr std::uint64_t kMaxDocumentBytes = 512ull << 20;

  bool read(ByteSource& source, ReaderContext& context, DecodeError& error) override;
  const SarifReadStats& stats() const { return m_stats; }

 private:
  SarifReadStats m_stats;
};

// Sniffer for the registry, 0..100: a JSON object whose head has "runs" and "version":
// "2.1.0", or a "$schema" naming sarif.
int sniffSarif(std::span<const std::uint8_t> head);

}  // namespace sightline
