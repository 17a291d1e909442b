#pragma once

#include <string>
#include <vector>

#include <QString>

#include "model/metrics/metric_records.h"

namespace sightline {

// Metric values, in the two styles Sightline prints them in. Both spell NaN, +Inf and -Inf
// as Prometheus does.

// The command line's: the shortest text that reads back to the same double ("0.1",
// "1e+06"), as the exposition format writes samples, so that nothing is rounded away.
QString formatExpositionValue(double value);

// The GUI's, for people: integers in full up to 1e15; others with four significant digits
// (exponent below 1e-4 or from 1e15).
QString formatMetricValue(double value);

// What a metric's numbers measure, guessed from its # UNIT or its name's suffix
// (Prometheus' naming convention: base units, `_seconds`, `_bytes`, `_ratio`).
enum class MetricValueUnit { Plain, Seconds, Bytes, Ratio };

// `familyName` as in the # TYPE line, `unit` from # UNIT (may be empty).
MetricValueUnit metricValueUnit(const std::string& familyName, const std::string& unit);

// The GUI's in its unit: seconds as durations ("340 ms", "1.25 s"), bytes in binary
// multiples ("1.5 MiB"), ratios as percentages ("12.5 %"); Plain as formatMetricValue.
QString formatMetricValue(double value, MetricValueUnit unit);

// A per-second rate: the value in its unit followed by "/s" ("12.5/s", "1.5 MiB/s").
QString formatMetricRate(double perSecond, MetricValueUnit unit);

// A signed change ("+12.5", "-340 ms") and a relative change ("+12.3 %", "+∞", "−100 %").
QString formatMetricChange(double change, MetricValueUnit unit);
QString formatRelativeChange(double relative);

// name{a="x",b="y"} with Prometheus escaping; the name alone without labels.
QString seriesText(const std::string& name, const std::vector<MetricLabel>& labels);

}  // namespace sightline
