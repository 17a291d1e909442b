#pragma once

#include <QJsonValue>
#include <QString>
#include <vector>

#include "model/common/json_writer.h"
#include "model/traces/trace_records.h"

namespace sightline::cli {

// The command line's JSON printers, on model/common's JsonWriter.

// Writes an attribute value as JSON of its natural type: strings, booleans, integers and
// doubles as such, bytes as base64, arrays as JSON arrays and key-value lists as objects.
void writeAttributeValue(JsonWriter& writer, const AttributeValue& value);

// Writes an OTLP/JSON AnyValue (e.g. {"intValue":"5"}) as its natural JSON value.
void writeOtlpAnyValue(JsonWriter& writer, const QJsonValue& anyValue);

// Writes attributes as one object {key: value}. A repeated key keeps its last value.
void writeAttributes(JsonWriter& writer, const std::vector<Attribute>& attributes);

// One CSV field with RFC 4180 quoting: quoted when it holds a comma, a quote, CR or LF.
QString csvField(QStringView text);

}  // namespace sightline::cli
