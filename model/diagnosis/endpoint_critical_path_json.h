#pragma once

#include <string>
#include <vector>

#include "model/diagnosis/endpoint_critical_path.h"

namespace sightline {

// The endpoints' critical-path figures as JSON, kept with the stored diagnosis run so that a
// report of the whole workspace need not scan the traces again:
// [{"service", "operation", "traces", "duration_ns", "services": [{"service", "path_ns"}]}]
// (nanoseconds as decimal strings: JSON numbers lose precision past 2^53).
std::string criticalPathsToJson(const std::vector<EndpointCriticalPath>& paths);
// False (and `paths` empty) for anything that is not such a list.
bool criticalPathsFromJson(const std::string& json, std::vector<EndpointCriticalPath>* paths);

}  // namespace sightline
