#pragma once

#include <string>
#include <vector>

namespace sightline {

// The diagnosis tables (schema version 5): findings, their evidence, the run they came from,
// and per-workspace settings (the rules). docs/SCHEMA.md documents them.
std::vector<std::string> diagnosisTableStatements();

}  // namespace sightline
