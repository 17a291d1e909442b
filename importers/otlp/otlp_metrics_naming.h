#pragma once

#include <string>
#include <string_view>

#include "model/metrics/metric_records.h"

namespace sightline {

// Names and labels of OTLP metrics as the OpenTelemetry → Prometheus compatibility
// specification writes them (see importers/otlp/README.md for the rules we apply).

// The Prometheus family name of an OTLP metric: sanitised name, the unit as a suffix
// ("s" → "_seconds", "By" → "_bytes", "{…}" annotations dropped, "x/y" → "_x_per_y"), "_ratio"
// for a gauge of unit "1", then "_total" for a counter (not part of the returned name: the
// family keeps the bare name, its sample is name + "_total").
std::string prometheusMetricName(std::string_view name, std::string_view unit, MetricType type);

// The unit's suffix words ("seconds", "bytes_per_second", …); "" when there is none.
std::string prometheusUnitSuffix(std::string_view unit);

// A metric name with every character outside [a-zA-Z0-9_:] replaced by '_', runs of '_'
// collapsed, and '_' before a leading digit.
std::string sanitizeMetricName(std::string_view name);

// A label name with every character outside [a-zA-Z0-9_] replaced by '_', and "key_"
// before a leading digit.
std::string sanitizeLabelName(std::string_view name);

}  // namespace sightline
