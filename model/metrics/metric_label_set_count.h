#pragma once

#include <cstdint>

#include "model/common/status.h"
#include "model/metrics/metric_queries.h"
#include "model/store/workspace.h"

namespace sightline {

// The series of a family as Prometheus' parsers count them (expfmt, the OpenMetrics
// parsers): distinct label sets, ignoring the sample name (a counter's _total and _created,
// a histogram's _bucket, _sum and _count are one series) and the label that splits one
// series into lines: `le` of a histogram, `quantile` of a summary, the state label (named
// like the family) of a stateset. The store keeps each of those lines as a series of its
// own; this counts them in SQL over the stored label JSON, so that a family of a million
// series is never loaded. Gauge, untyped and info families are family.series.
std::uint64_t countParserSeries(Workspace& workspace, const MetricFamilySummary& family,
                                Status* status = nullptr);

}  // namespace sightline
