#pragma once

#include <cstdint>
#include <vector>

#include <QString>

#include "model/debt/debt_sources.h"

namespace sightline {

// The two sides of a snapshot comparison, each a set of debt sources (compareDebt's).
struct DebtSides {
  std::vector<std::int64_t> baseline;
  std::vector<std::int64_t> target;
};

// The default sides: "after" is every debt source (what the heatmap shows); "before" leaves
// out the newest source of each series that has an older one — a series being the sources
// of one kind and, for SARIF, one set of tools (two SARIF tools are two series, not a before
// and after), for SonarQube one path (an answer or pull per project). Both empty when no
// series has two sources.
DebtSides defaultDebtSides(const std::vector<DebtSourceInfo>& sources);

// "3  coverage.out (go-coverprofile)": how a picker lists a source.
QString debtSourceLabel(const DebtSourceInfo& source);

}  // namespace sightline
