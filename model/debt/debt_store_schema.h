#pragma once

#include <string>
#include <vector>

namespace sightline {

// The tech-debt tables (schema version 6): measures per code unit, static-analysis results,
// commits per file, CODEOWNERS rules (all per source, so that a failed import rolls back
// with its source and two imports of the same tool are two snapshots), and the workspace's
// code → service rules. docs/SCHEMA.md documents them.
std::vector<std::string> debtTableStatements();
std::vector<std::string> debtIndexStatements();

}  // namespace sightline
