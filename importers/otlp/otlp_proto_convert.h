#pragma once

#include <string>
#include <vector>

#include "importers/otlp/otlp_trace.pb.h"
#include "model/traces/trace_records.h"

namespace sightline {

// Conversions from the generated OTLP messages to the model's records. Nothing is
// dropped: arrays and kvlists become their canonical OTLP/JSON text (otlp_json_text.h).

void convertAttributes(const google::protobuf::RepeatedPtrField<otlp::KeyValue>& from,
                       std::vector<Attribute>& to);
void convertValue(const otlp::AnyValue& from, AttributeValue& to);
void appendAnyValueJson(std::string& out, const otlp::AnyValue& value);

// Fills `to` from `from`; returns an empty string, or what is wrong with the span
// (ids of the wrong length or all zero).
std::string convertSpan(const otlp::Span& from, SpanRecord& to);

}  // namespace sightline
