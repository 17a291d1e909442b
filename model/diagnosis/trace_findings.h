#pragma once

#include <vector>

#include "model/diagnosis/diagnosis_rules.h"
#include "model/diagnosis/endpoint_critical_path.h"
#include "model/diagnosis/finding.h"
#include "model/diagnosis/span_table.h"
#include "model/diagnosis/trace_rule_scan.h"

namespace sightline {

// Turns what scanTraces() collected into the trace rules' findings (slow-operation,
// error-spans, deep-chain, dominant-service, database-dominant, n-plus-one-db,
// n-plus-one-http, parallelizable-calls, slow-query, self-time-hotspot).
std::vector<Finding> traceFindings(const DiagnosisSpanTable& table, TraceRuleScan& scan,
                                   const DiagnosisRules& rules);

// scanTraces() over every trace of `table`, split over up to four threads (contiguous trace
// ranges, merged afterwards), then traceFindings(): all the trace rules. `criticalPaths`, when
// given, receives each endpoint's critical-path time per service, by trace count.
std::vector<Finding> runTraceRules(const DiagnosisSpanTable& table, const DiagnosisRules& rules,
                                   std::vector<EndpointCriticalPath>* criticalPaths = nullptr);

}  // namespace sightline
