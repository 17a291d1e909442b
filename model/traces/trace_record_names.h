#pragma once

#include <QString>

#include "model/traces/trace_records.h"

namespace sightline {

// The names of trace_records.h's enums as the OTLP specification spells them, for the span
// details of the GUI and the CLI's text and JSON alike.

// "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER", "UNSPECIFIED".
QString spanKindName(SpanKind kind);

// "UNSET", "OK", "ERROR".
QString statusCodeName(StatusCode code);

}  // namespace sightline
