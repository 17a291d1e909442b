#pragma once

#include <QString>
#include <QTextStream>
#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_queries.h"
#include "model/store/workspace.h"

namespace sightline::cli {

// One line of `sightline metrics`: a family with the counts that Prometheus' own parsers
// report for an exposition file, so that the two can be compared.
struct MetricFamilyRow {
  std::string name;  // as written in the # TYPE line
  MetricType type = MetricType::Untyped;
  std::string help;
  std::string unit;
  std::uint64_t series = 0;   // distinct label sets over all snapshots (countParserSeries)
  std::uint64_t samples = 0;  // sample lines of the family in its latest snapshot
};

// Every family of the workspace, sorted by name (then type).
std::vector<MetricFamilyRow> loadMetricFamilyRows(Workspace& workspace, Status* status);

// {"families": [{"name", "type", "help", "unit", "series", "samples"}]} and a newline.
void writeMetricFamiliesJson(QTextStream& out, const std::vector<MetricFamilyRow>& rows);
// The aligned table: FAMILY, TYPE, SERIES, SAMPLES, UNIT, HELP.
QString formatMetricFamiliesTable(const std::vector<MetricFamilyRow>& rows);

}  // namespace sightline::cli
