#pragma once

#include <string>
#include <vector>

namespace sightline {

// The metric tables of schema version 3 (see docs/SCHEMA.md, "Metrics"). Like the profile
// tables they live apart from model/schema.cpp; these functions return the statements of
// version 3 as released and must never change (a later change is a new migration step).

// CREATE TABLE statements of the metric tables, without secondary indexes.
std::vector<std::string> metricTableStatements();

// The metric tables' secondary indexes (what a raw insert of the same rows must maintain
// too) and the readable views for the SQL console.
std::vector<std::string> metricIndexStatements();
std::vector<std::string> metricViewStatements();

}  // namespace sightline
