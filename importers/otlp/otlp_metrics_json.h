#pragma once

#include <string>

#include <simdjson.h>

#include "importers/otlp/otlp_metrics.pb.h"

namespace sightline {

// Fills `request` from an OTLP/JSON ExportMetricsServiceRequest document (camelCase or
// snake_case keys, 64-bit integers as numbers or strings, unknown keys ignored). Returns ""
// or what is wrong, with the JSON path.
std::string decodeOtlpMetricsJson(simdjson::dom::element root,
                                  otlp::ExportMetricsServiceRequest& request);

}  // namespace sightline
