#pragma once

#include <vector>

#include "model/debt/debt_analysis.h"

namespace sightline {

// "Hot and untested" over an analysis (loadHotUntested reads one first): per service, the
// functions of its code with at least options.hotMinShare of the CPU of the profiles its code
// ran in (their own time plus the library and runtime time below them, as the heatmap's CPU
// share counts it), with the coverage `go tool cover -func` gives the function (matched by
// service and name without package or receiver, the same file name preferred) or else their
// file's; rank = share × (1 − coverage / 100), an unknown coverage counting as none.
// Highest rank first.
std::vector<HotUntestedFunction> hotUntestedFunctions(const DebtAnalysis& analysis,
                                                      const DebtTableOptions& options);

}  // namespace sightline
