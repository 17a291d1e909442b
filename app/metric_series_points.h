#pragma once

#include <QString>
#include <QTextStream>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/metrics/metric_math.h"
#include "model/metrics/metric_queries.h"
#include "model/store/workspace.h"

namespace sightline::cli {

// One series chosen by a selector, with its points in time order.
struct SelectedSeries {
  std::string family;  // the family's name as in its # TYPE line
  std::string name;    // the sample name, e.g. "x_bucket"
  std::vector<MetricLabel> labels;
  std::vector<MetricPoint> points;
};

// The family names a sample name can belong to: itself and, for the suffixes of
// histograms, summaries, counters, infos and gauge histograms, the name without the suffix
// ("x_bucket" → "x_bucket", "x"). Only those families are read, so that a selector with a
// name never lists every series of a large workspace.
std::vector<std::string> familyNamesForSampleName(const std::string& sampleName);

// Every series of the workspace that `selector` matches (PromQL semantics: the name is the
// sample name), sorted by name then labels, with its points.
std::vector<SelectedSeries> loadSelectedSeries(Workspace& workspace, const SeriesSelector& selector,
                                               Status* status);

// {"series": [{"name", "family", "labels": {…}, "points": [{"time_unix_nano", "value"}]}]}.
void writeSelectedSeriesJson(QTextStream& out, const std::vector<SelectedSeries>& series);
// Per series a heading line name{labels} and a table TIME (UTC), VALUE; blank line between.
QString formatSelectedSeries(const std::vector<SelectedSeries>& series);

}  // namespace sightline::cli
