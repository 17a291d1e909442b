#pragma once

#include <string_view>
#include <vector>

#include "model/metrics/metric_records.h"

namespace sightline {

// The order in which the series of one family are listed, everywhere they are listed (the
// store's queries, the Metrics page's table and charts, `sightline metrics`): histogram
// bucket bounds (`le`) and summary quantiles (`quantile`) are numbers, so they sort as
// numbers (0.5 < 2.5 < 10 < +Inf) and not as text, which puts "+Inf" first and "10" before
// "2.5". Every other label sorts as text.

// Whether `label`'s values are numbers: "le" and "quantile".
bool isNumericLabel(std::string_view label);

// Values of label `label`. For numeric labels: numbers in numeric order (-Inf first, +Inf
// last, read like Prometheus does: "+Inf", "1e-3", "1.0"), then NaN, then values that are
// no number at all (as text); values that are equal numbers ("1" and "1.0") fall back to
// their text, so the order stays strict and the same on every run.
bool metricLabelValueLess(std::string_view label, std::string_view a, std::string_view b);

// Label sets (each sorted by label name) compared label by label: the name first, then the
// value as above; a set that is a prefix of the other comes first.
bool metricLabelsLess(const std::vector<MetricLabel>& a, const std::vector<MetricLabel>& b);

// Series: by sample name ("x_bucket" < "x_count" < "x_sum"), then by labels.
bool metricSeriesLess(std::string_view nameA, const std::vector<MetricLabel>& labelsA,
                      std::string_view nameB, const std::vector<MetricLabel>& labelsB);

}  // namespace sightline
